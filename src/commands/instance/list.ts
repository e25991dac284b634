import {Flags} from '@oclif/core'
import {listOutputFlags} from '../../cli/flags.js'
import {WorldCommand} from '../../cli/world-command.js'
import type {InstanceRow} from '../../state/rows.js'

/** Trove's role of an instance in a list (troveclient's Role column), and ours for cluster members. */
function role(r: InstanceRow, sources: ReadonlySet<string>): string {
  if (r.replica_of) return 'replica'
  if (sources.has(r.id)) return 'primary'
  return r.cluster_id ? 'cluster' : ''
}

export default class InstanceList extends WorldCommand {
  static summary = "List the caller's live instances (no notification)."
  static description = `Columns: ID, Name, Status, Flavor, Datastore, Size, Role (replica, primary, cluster; shown when an instance has one and the terminal is wide enough) — Tenant instead of Role with --all-tenants. More with -c: Role, Tenant, "Replica of", Cluster, Task, Version, Zone, "Volume type", Configuration, Created.`
  static aliases = ['list']
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> -f value -c id',
    '<%= config.bin %> <%= command.id %> -c name -c status -c "replica of" --sort-column name',
    '<%= config.bin %> <%= command.id %> --all-tenants --json',
  ]
  static flags = {
    ...listOutputFlags,
    'all-tenants': Flags.boolean({summary: 'List the instances of every tenant.'}),
  }

  async run() {
    const {flags} = await this.parse(InstanceList)
    const settings = this.settingsFrom(flags)
    const all = flags['all-tenants']
    const rows = this.world.instances.live(all ? undefined : settings.tenant)
    const sources = new Set(rows.map((r) => r.replica_of).filter((id): id is string => id !== null))
    this.showList({
      columns: ['ID', 'Name', 'Status', 'Flavor', 'Datastore', 'Size', 'Role', 'Tenant',
        'Replica of', 'Cluster', 'Task', 'Version', 'Zone', 'Volume type', 'Configuration', 'Created'],
      // With --all-tenants the Tenant column takes Role's place (a table of 80 columns has room for seven).
      hidden: [all ? 'Role' : 'Tenant', 'Replica of', 'Cluster', 'Task', 'Version', 'Zone', 'Volume type', 'Configuration', 'Created'],
      rows: rows.map((r) => [r.id, r.name, r.status, r.flavor_id, `${r.datastore} ${r.datastore_version}`, r.volume_size, role(r, sources), r.tenant_id,
        r.replica_of, r.cluster_id, r.task, r.datastore_version, r.availability_zone, r.volume_type, r.configuration_id, r.created_at]),
      optional: ['Role'],
      spare: ['Role'],
      empty: 'No instances.',
    }, flags)
    return rows
  }
}
