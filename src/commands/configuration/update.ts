import {declared} from '../../cli/declared-command.js'
import {CONFIGURATION_UPDATE} from '../../inputs/configuration.js'

export default class ConfigurationUpdate extends declared(CONFIGURATION_UPDATE) {
  static summary = 'Replace the values of a configuration group: dbaas.configuration_update.start, .end (or .error).'
  static description = `Finished in the API (server_type api). The new values replace the old ones entirely (use \`configuration edit\` to merge); --name and --description rename and redescribe the group and appear in .start.
Values are checked as on create. Changing a parameter that needs a restart leaves every instance using the group needing a restart.`
  static aliases = ['configuration-update', 'configuration:set']
  static examples = [
    `<%= config.bin %> <%= command.id %> tuned '{"max_connections": 300}'`,
    `<%= config.bin %> <%= command.id %> tuned '{"max_connections": 300}' --name tuned-v2 --description "more connections" --json`,
  ]
}
