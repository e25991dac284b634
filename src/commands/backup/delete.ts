import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {deleteBackup} from '../../operations/backup.js'

export default class BackupDelete extends OperationCommand {
  static summary = 'Delete a backup and its incremental children: dbaas.backup_delete.start, .end from the taskmanager.'
  static description = 'The taskmanager deletes the backup and every incremental backup built on it, freeing their backups quota. Refused (.error) for an unknown backup, or while it (or one of its incremental children) is still running (NEW or BUILDING).'
  static aliases = ['backup-delete']
  static examples = ['<%= config.bin %> <%= command.id %> nightly', '<%= config.bin %> <%= command.id %> 0c6f0b3e-2d3a-4a8e-9b7f-5a4d3c2b1a00 --json']
  static args = {backup: Args.string({description: 'Backup id or name.'})}

  async run() {
    const {args, flags} = await this.parse(BackupDelete)
    const ref = await askIfMissing(args.backup, {name: 'BACKUP', message: 'Backup to delete', example: 'trove-notify backup delete nightly'})
    return this.perform(flags, (ctx) => deleteBackup(ctx, ref))
  }
}
