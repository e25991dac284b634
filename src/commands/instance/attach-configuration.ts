import {declared} from '../../cli/declared-command.js'
import {INSTANCE_ATTACH_CONFIGURATION} from '../../inputs/instance.js'

export default class InstanceAttachConfiguration extends declared(INSTANCE_ATTACH_CONFIGURATION) {
  static summary = 'Attach a configuration group to an instance: dbaas.instance_attach_configuration.start, .end (or .error).'
  static description = `Finished in the API (server_type api); the instance then needs a restart (restart_required in \`instance show\`).
Refused (.error): an instance that already has a group, a group of another datastore or version, an instance not ACTIVE, an unknown instance or group.`
  static aliases = ['configuration-attach', 'configuration:attach']
  static examples = ['<%= config.bin %> <%= command.id %> db1 tuned', '<%= config.bin %> <%= command.id %> db1 tuned --json']
}
