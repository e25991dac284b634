import {declared} from '../../cli/declared-command.js'
import {BACKUP_DELETE} from '../../inputs/backup.js'

export default class BackupDelete extends declared(BACKUP_DELETE) {
  static summary = 'Delete backups and their incremental children: dbaas.backup_delete.start, .end from the taskmanager — one lifecycle per backup.'
  static description = 'The taskmanager deletes the backup and every incremental backup built on it, freeing their backups quota. Refused (.error) for an unknown backup, or while it (or one of its incremental children) is still running (NEW or BUILDING).'
  static aliases = ['backup-delete']
  static examples = ['<%= config.bin %> <%= command.id %> nightly', '<%= config.bin %> <%= command.id %> nightly weekly', '<%= config.bin %> <%= command.id %> 0c6f0b3e-2d3a-4a8e-9b7f-5a4d3c2b1a00 --json']
}
