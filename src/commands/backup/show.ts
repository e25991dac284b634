import {Args} from '@oclif/core'
import {showOutputFlags} from '../../cli/flags.js'
import {onlyOne} from '../../cli/lookup.js'
import {askIfMissing} from '../../cli/prompts.js'
import type {Shown} from '../../cli/render/format.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class BackupShow extends WorldCommand {
  static summary = 'Show a backup: status, instance, size, its parent and incremental children (no notification).'
  static aliases = ['backup-show']
  static examples = [
    '<%= config.bin %> <%= command.id %> nightly',
    '<%= config.bin %> <%= command.id %> nightly -f value -c status',
    '<%= config.bin %> <%= command.id %> nightly --json',
  ]
  static args = {backup: Args.string({description: 'Backup id or name.'})}
  static flags = {...showOutputFlags}

  async run() {
    const {args, flags} = await this.parse(BackupShow)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.backup, {name: 'BACKUP', message: 'Backup', example: 'trove-notify backup show nightly'})
    const rows = this.world.backups.byRef(ref, settings.tenant)
    const {deleted_at: _deleted, ...backup} = onlyOne(rows, {kind: 'backup', ref, tenant: settings.tenant})
    const instance = this.world.instances.byRef(backup.instance_id, settings.tenant)[0]
    const shown = {
      ...backup,
      instance_name: instance?.name ?? null,
      children: this.world.backups.descendants(backup.id).filter((b) => b.parent_id === backup.id).map((b) => b.id),
    }
    this.showOne(Object.entries(shown) as Shown, flags)
    return shown
  }
}
