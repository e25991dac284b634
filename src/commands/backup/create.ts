import {Args, Flags} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {createBackup} from '../../operations/backup.js'

export default class BackupCreate extends OperationCommand {
  static summary = 'Back up an instance: dbaas.backup_create.start, then .end with backup_id from the guest agent through the conductor.'
  static description = `The guest agent takes the backup and reports through the conductor (server_type conductor, publisher conductor.<host>): the instance shows BACKUP and the backup BUILDING for --delay seconds, then the backup is COMPLETED. The backups quota is reserved, then committed.
Trove's rules end in .error: an unknown instance, one not ACTIVE (still in BUILD, busy) or a cluster member, a backup already running on it, an incremental --parent that is not COMPLETED or belongs to another instance, the backups quota.`
  static aliases = ['backup-create']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 nightly',
    '<%= config.bin %> <%= command.id %> db1 nightly-incr --parent nightly --description "after the import"',
    '<%= config.bin %> <%= command.id %> db1 nightly --fail "swift: 503" --json',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name to back up.'}),
    name: Args.string({description: 'Name of the new backup.'}),
  }
  static flags = {
    description: Flags.string({summary: 'Description of the backup.'}),
    parent: Flags.string({summary: 'Backup id or name to take an incremental backup of (COMPLETED, same instance).'}),
  }

  async run() {
    const {args, flags} = await this.parse(BackupCreate)
    const example = 'trove-notify backup create db1 nightly'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance to back up', example})
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'Name of the backup', example})
    return this.perform(flags, (ctx) => createBackup(ctx, {instance, name, description: flags.description, parent: flags.parent}))
  }
}
