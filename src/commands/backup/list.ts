import {Flags} from '@oclif/core'
import {listOutputFlags} from '../../cli/flags.js'
import {Formatted, timestamp} from '../../cli/render/format.js'
import {WorldCommand} from '../../cli/world-command.js'
import {UsageError} from '../../util/errors.js'

export default class BackupList extends WorldCommand {
  static summary = "List the caller's backups (no notification)."
  static description = `Columns: ID, Name, Status, Instance, Parent (of an incremental backup; shown when there is one and the terminal is wide enough), Size (GB), Created (the day; ISO 8601 in other formats). More with -c: Description, Datastore, Version, Updated, Tenant.
In the table, Instance and Parent are shown by name (an id once the instance is gone); every other format gives their ids.`
  static aliases = ['backup-list']
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --instance db1 -f value -c id',
    '<%= config.bin %> <%= command.id %> --instance db1 --json',
  ]
  static flags = {
    ...listOutputFlags,
    instance: Flags.string({summary: 'Only the backups of this instance (id or name; the id of a deleted instance works too).'}),
  }

  async run() {
    const {flags} = await this.parse(BackupList)
    const settings = this.settingsFrom(flags)
    let instanceId: string | undefined
    if (flags.instance !== undefined) {
      const found = this.world.instances.byRef(flags.instance, settings.tenant)
      if (found.length > 1) throw new UsageError(`several instances are named "${flags.instance}"`, `use an id: ${found.map((r) => r.id).join(', ')}`)
      // Backups outlive their instance: an id no live instance has is taken as a deleted instance's id.
      instanceId = found[0]?.id ?? flags.instance
    }
    const rows = this.world.backups.live(settings.tenant, instanceId)
    const instanceNames = new Map(this.world.instances.live(settings.tenant).map((i) => [i.id, i.name]))
    const backupNames = new Map(rows.map((b) => [b.id, b.name]))
    const named = (id: string | null, names: ReadonlyMap<string, string>): Formatted | null => (id === null ? null : new Formatted(names.get(id) ?? id, id))
    this.showList({
      columns: ['ID', 'Name', 'Status', 'Instance', 'Parent', 'Size (GB)', 'Created', 'Description', 'Datastore', 'Version', 'Updated', 'Tenant'],
      hidden: ['Description', 'Datastore', 'Version', 'Updated', 'Tenant'],
      optional: ['Parent'],
      spare: ['Parent'],
      rows: rows.map((r) => [r.id, r.name, r.status, named(r.instance_id, instanceNames), named(r.parent_id, backupNames), r.size, timestamp(r.created_at, 'day'),
        r.description, r.datastore, r.datastore_version, timestamp(r.updated_at), r.tenant_id]),
      empty: 'No backups.',
    }, flags)
    return rows
  }
}
