import {Args, Flags} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {parseValuesJson} from '../../cli/parse.js'
import {askIfMissing} from '../../cli/prompts.js'
import {createConfiguration} from '../../operations/configuration.js'

export default class ConfigurationCreate extends OperationCommand {
  static summary = 'Create a configuration group: dbaas.configuration_create.start, .end with configuration_id (or .error).'
  static description = `Finished in the API (server_type api). The values are checked against the datastore's parameters: an unknown parameter, a value of the wrong type or out of bounds ends in .error naming the parameter. Datastores without configuration groups (mongodb) are refused.
VALUES_JSON that is not a JSON object is a usage error (exit 2, nothing published).`
  static aliases = ['configuration-create']
  static examples = [
    `<%= config.bin %> <%= command.id %> tuned '{"max_connections": 200}'`,
    `<%= config.bin %> <%= command.id %> pg-tuned '{"shared_buffers": "256MB"}' --datastore postgresql --datastore-version 16 --json`,
  ]
  static args = {
    name: Args.string({description: 'Name of the configuration group.'}),
    values: Args.string({description: 'Parameter values as a JSON object.'}),
  }
  static flags = {
    datastore: Flags.string({summary: 'Datastore (default mysql).'}),
    'datastore-version': Flags.string({summary: "Datastore version (default the datastore's default version)."}),
    description: Flags.string({summary: 'Description of the group.'}),
  }

  async run() {
    const {args, flags} = await this.parse(ConfigurationCreate)
    const example = `trove-notify configuration create tuned '{"max_connections": 200}'`
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'Name of the configuration group', example})
    const values = parseValuesJson(await askIfMissing(args.values, {name: 'VALUES_JSON', message: 'Values (JSON object)', example}), example)
    return this.perform(flags, (ctx) => createConfiguration(ctx, {
      name, values, datastore: flags.datastore, datastoreVersion: flags['datastore-version'], description: flags.description,
    }))
  }
}
