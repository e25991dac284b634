import {declared} from '../../cli/declared-command.js'
import {INSTANCE_DETACH} from '../../inputs/instance.js'

export default class InstanceDetach extends declared(INSTANCE_DETACH) {
  static summary = 'Detach a replica from its source: dbaas.instance_detach.start, .end (or .error).'
  static description = `The taskmanager stops replication (status DETACH for --delay seconds); the replica becomes a standalone instance and .end is emitted.
Refused (.error, exit 1) for an instance that is not a replica, or one that is not ACTIVE, is busy or has a backup running.`
  static aliases = ['detach-replica']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1-replica',
    '<%= config.bin %> <%= command.id %> db1-replica --json',
  ]
}
