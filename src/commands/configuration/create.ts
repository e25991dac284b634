import {declared} from '../../cli/declared-command.js'
import {CONFIGURATION_CREATE} from '../../inputs/configuration.js'

export default class ConfigurationCreate extends declared(CONFIGURATION_CREATE) {
  static summary = 'Create a configuration group: dbaas.configuration_create.start, .end with configuration_id (or .error).'
  static description = `Finished in the API (server_type api). The values are checked against the datastore's parameters: an unknown parameter, a value of the wrong type or out of bounds ends in .error naming the parameter. Datastores without configuration groups (mongodb) are refused.
VALUES_JSON that is not a JSON object is a usage error (exit 2, nothing published).`
  static aliases = ['configuration-create']
  static examples = [
    `<%= config.bin %> <%= command.id %> tuned '{"max_connections": 200}'`,
    `<%= config.bin %> <%= command.id %> pg-tuned '{"shared_buffers": "256MB"}' --datastore postgresql --datastore-version 16 --json`,
  ]
}
