import {Args} from '@oclif/core'
import {showOutputFlags} from '../../cli/flags.js'
import {onlyOne} from '../../cli/lookup.js'
import {askIfMissing} from '../../cli/prompts.js'
import {Formatted, type Shown} from '../../cli/render/format.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class ClusterShow extends WorldCommand {
  static summary = 'Show a cluster and its member instances (no notification).'
  static description = 'Fields: id, name, datastore, datastore_version, task, created_at, updated_at, and instances (one line per member: name, id, status, flavor, size, zone, shard).'
  static aliases = ['cluster-show']
  static examples = ['<%= config.bin %> <%= command.id %> shop', '<%= config.bin %> <%= command.id %> shop -f value -c task', '<%= config.bin %> <%= command.id %> shop --json']
  static args = {cluster: Args.string({description: 'Cluster id or name.'})}
  static flags = {...showOutputFlags}

  async run() {
    const {args, flags} = await this.parse(ClusterShow)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.cluster, {name: 'CLUSTER', message: 'Cluster', example: 'trove-notify cluster show shop'})
    const rows = this.world.clusters.byRef(ref, settings.tenant)
    const cluster = onlyOne(rows, {kind: 'cluster', ref, tenant: settings.tenant})
    const instances = this.world.clusters.members(cluster.id).map((m) => ({
      id: m.id, name: m.name, status: m.status, task: m.task, flavor_id: m.flavor_id, volume_size: m.volume_size,
      availability_zone: m.availability_zone, shard_id: m.shard_id,
    }))
    const member = (i: typeof instances[number]): string =>
      [`${i.name} (${i.id})`, i.task ? `${i.status}/${i.task}` : i.status, `flavor ${i.flavor_id}`, i.volume_size === null ? '' : `${i.volume_size} GB`,
        i.availability_zone, i.shard_id ? `shard ${i.shard_id}` : ''].filter(Boolean).join(' · ')
    this.showOne([
      ['id', cluster.id], ['name', cluster.name], ['datastore', cluster.datastore], ['datastore_version', cluster.datastore_version],
      ['task', cluster.task ?? 'NONE'], ['created_at', cluster.created_at], ['updated_at', cluster.updated_at],
      ['instances', new Formatted(instances.map(member), instances)],
    ] as Shown, flags)
    return {...cluster, instances}
  }
}
