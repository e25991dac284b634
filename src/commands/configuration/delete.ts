import {declared} from '../../cli/declared-command.js'
import {CONFIGURATION_DELETE} from '../../inputs/configuration.js'

export default class ConfigurationDelete extends declared(CONFIGURATION_DELETE) {
  static summary = 'Delete a configuration group: dbaas.configuration_delete.start, .end (or .error).'
  static description = 'Finished in the API (server_type api). Refused (.error) while the group is attached to an instance, and for an unknown or ambiguous group.'
  static aliases = ['configuration-delete']
  static examples = ['<%= config.bin %> <%= command.id %> tuned', '<%= config.bin %> <%= command.id %> tuned --fail "db error" --json']
}
