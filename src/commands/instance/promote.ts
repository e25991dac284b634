import {declared} from '../../cli/declared-command.js'
import {INSTANCE_PROMOTE} from '../../inputs/instance.js'

export default class InstancePromote extends declared(INSTANCE_PROMOTE) {
  static summary = 'Promote a replica to replication source: dbaas.instance_promote.start, .end (or .error).'
  static description = `The replica becomes the source, its old source becomes its replica, and the source's other replicas follow the new source. The taskmanager does the work (the whole replication set shows PROMOTE for --delay seconds) and emits .end.
Refused (.error, exit 1) for an instance that is not a replica, and when the replica or any member of its set is not ACTIVE or busy.`
  static aliases = ['promote-to-replica-source']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1-replica',
    '<%= config.bin %> <%= command.id %> db1-replica --delay 5 --json',
  ]
}
