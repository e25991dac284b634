import {declared} from '../../cli/declared-command.js'
import {BACKUP_CREATE} from '../../inputs/backup.js'

export default class BackupCreate extends declared(BACKUP_CREATE) {
  static summary = 'Back up an instance: dbaas.backup_create.start, then .end with backup_id from the guest agent through the conductor.'
  static description = `The guest agent takes the backup and reports through the conductor (server_type conductor, publisher conductor.<host>): the instance shows BACKUP and the backup BUILDING for --delay seconds, then the backup is COMPLETED. The backups quota is reserved, then committed.
Trove's rules end in .error: an unknown instance, one not ACTIVE (still in BUILD, busy) or a cluster member, a backup already running on it, an incremental --parent that is not COMPLETED or belongs to another instance, the backups quota.
Both troveclient shapes work: trove backup-create INSTANCE NAME, and openstack database backup create NAME -i INSTANCE. --incremental and --swift-container are taken and carried (a container name a shell would need quoted is refused, as Trove does); --restore-from (a backup from another region) is checked against Trove's schema but not simulated yet.`
  static aliases = ['backup-create']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 nightly',
    '<%= config.bin %> <%= command.id %> db1 nightly-incr --parent nightly --description "after the import"',
    '<%= config.bin %> <%= command.id %> nightly -i db1 --swift-container backups',
    '<%= config.bin %> <%= command.id %> db1 nightly --fail "swift: 503" --json',
  ]
}
