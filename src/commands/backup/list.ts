import {Flags} from '@oclif/core'
import {table} from '../../cli/render/style.js'
import {WorldCommand} from '../../cli/world-command.js'
import {UsageError} from '../../util/errors.js'

export default class BackupList extends WorldCommand {
  static summary = "List the caller's backups (no notification)."
  static aliases = ['backup-list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --instance db1 --json']
  static flags = {
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
    this.log(rows.length === 0 ? 'No backups.' : table(
      ['ID', 'Name', 'Status', 'Instance', 'Parent', 'Size (GB)', 'Created'],
      rows.map((r) => [r.id, r.name, r.status, r.instance_id, r.parent_id ?? '', r.size ?? '', r.created_at]),
    ))
    return rows
  }
}
