import {declared} from '../../cli/declared-command.js'
import {INSTANCE_EJECT} from '../../inputs/instance.js'

export default class InstanceEject extends declared(INSTANCE_EJECT) {
  static summary = 'Eject a replication source and elect a new one: dbaas.instance_eject.start, .end (or .error).'
  static description = `Trove ejects a source that has stopped answering; the simulated source always counts as unreachable. The taskmanager elects the oldest replica as the new source, the other replicas follow it, and the ejected instance leaves the set as a standalone instance. The whole set shows EJECT for --delay seconds.
Refused (.error, exit 1) for an instance that is a replica or has no replicas, and when it or any of its replicas is not ACTIVE or busy.`
  static aliases = ['eject-replica-source']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 --json',
  ]
}
