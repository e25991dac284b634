import {Args} from '@oclif/core'
import {askIfMissing} from '../../cli/prompts.js'
import {table} from '../../cli/render/style.js'
import {WorldCommand} from '../../cli/world-command.js'
import {UsageError} from '../../util/errors.js'

export default class ClusterShow extends WorldCommand {
  static summary = 'Show a cluster and its member instances (no notification).'
  static aliases = ['cluster-show']
  static examples = ['<%= config.bin %> <%= command.id %> shop', '<%= config.bin %> <%= command.id %> shop --json']
  static args = {cluster: Args.string({description: 'Cluster id or name.'})}

  async run() {
    const {args, flags} = await this.parse(ClusterShow)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.cluster, {name: 'CLUSTER', message: 'Cluster', example: 'trove-notify cluster show shop'})
    const rows = this.world.clusters.byRef(ref, settings.tenant)
    if (rows.length === 0) throw new UsageError(`no cluster "${ref}" in tenant ${settings.tenant}`, 'see `trove-notify cluster list`')
    if (rows.length > 1) throw new UsageError(`several clusters are named "${ref}"`, `use an id: ${rows.map((r) => r.id).join(', ')}`)
    const cluster = rows[0]!
    const instances = this.world.clusters.members(cluster.id).map((m) => ({
      id: m.id, name: m.name, status: m.status, task: m.task, flavor_id: m.flavor_id, volume_size: m.volume_size,
      availability_zone: m.availability_zone, shard_id: m.shard_id,
    }))
    this.log(table(['Property', 'Value'], [
      ['id', cluster.id], ['name', cluster.name], ['datastore', `${cluster.datastore} ${cluster.datastore_version}`],
      ['task', cluster.task ?? 'NONE'], ['created_at', cluster.created_at], ['updated_at', cluster.updated_at],
    ]))
    this.log(instances.length === 0 ? 'No member instances.' : table(
      ['Member ID', 'Name', 'Status', 'Flavor', 'Size', 'Zone', ...(instances.some((i) => i.shard_id) ? ['Shard'] : [])],
      instances.map((i) => [i.id, i.name, i.task ? `${i.status} (${i.task})` : i.status, i.flavor_id, i.volume_size ?? '',
        i.availability_zone, ...(i.shard_id ? [i.shard_id] : [])]),
    ))
    return {...cluster, instances}
  }
}
