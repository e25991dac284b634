import {declared} from '../../cli/declared-command.js'
import {INSTANCE_DETACH_CONFIGURATION} from '../../inputs/instance.js'

export default class InstanceDetachConfiguration extends declared(INSTANCE_DETACH_CONFIGURATION) {
  static summary = 'Detach the configuration group of an instance: dbaas.instance_detach_configuration.start, .end (or .error).'
  static description = 'Finished in the API (server_type api); the instance then needs a restart (restart_required in `instance show`). Refused (.error): an instance without a group, an instance not ACTIVE, an unknown instance.'
  static aliases = ['configuration-detach', 'configuration:detach']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> <%= command.id %> db1 --json']
}
