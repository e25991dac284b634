import {declared} from '../../cli/declared-command.js'
import {CONFIGURATION_EDIT} from '../../inputs/configuration.js'

export default class ConfigurationEdit extends declared(CONFIGURATION_EDIT) {
  static summary = 'Merge values into a configuration group: dbaas.configuration_edit.start, .end (or .error).'
  static description = `Finished in the API (server_type api). Each parameter given replaces that parameter's value; the others stay (use \`configuration update\` to replace them all).
Values are checked as on create. Changing a parameter that needs a restart leaves every instance using the group needing a restart.`
  static aliases = ['configuration-patch', 'configuration:parameter:set']
  static examples = [
    `<%= config.bin %> <%= command.id %> tuned '{"wait_timeout": 120}'`,
    `<%= config.bin %> <%= command.id %> tuned '{"innodb_buffer_pool_size": 1073741824}' --json`,
  ]
}
