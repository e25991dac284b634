import {Flags} from '@oclif/core'
import {table} from '../../cli/render/style.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class InstanceList extends WorldCommand {
  static summary = "List the caller's live instances (no notification)."
  static aliases = ['list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --all-tenants --json']
  static flags = {
    'all-tenants': Flags.boolean({summary: 'List the instances of every tenant.'}),
  }

  async run() {
    const {flags} = await this.parse(InstanceList)
    const settings = this.settingsFrom(flags)
    const rows = this.world.instances.live(flags['all-tenants'] ? undefined : settings.tenant)
    this.log(rows.length === 0 ? 'No instances.' : table(
      ['ID', 'Name', 'Status', 'Flavor', 'Datastore', 'Size', 'Cluster', 'Replica of', ...(flags['all-tenants'] ? ['Tenant'] : [])],
      rows.map((r) => [r.id, r.name, r.task ? `${r.status} (${r.task})` : r.status, r.flavor_id, `${r.datastore} ${r.datastore_version}`,
        r.volume_size ?? '', r.cluster_id ?? '', r.replica_of ?? '', ...(flags['all-tenants'] ? [r.tenant_id] : [])]),
    ))
    return rows
  }
}
