import {declared} from '../../cli/declared-command.js'
import {MIGRATE} from '../../inputs/instance.js'

export default class InstanceMigrate extends declared(MIGRATE) {
  static summary = 'Migrate the server of an instance to another compute host (management API; beyond the spec, Trove 18): dbaas.migrate.start, .end (or .error).'
  static description = `troveclient has it only as a Python call (management.migrate); the instance shows MIGRATE for --delay seconds while the taskmanager moves its server, then ACTIVE.
Refused (.error, exit 1) for an unknown instance, one that is not ACTIVE, is busy or has a backup running, or a cluster member.`
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> <%= command.id %> db1 --host compute-2 --json']
}
