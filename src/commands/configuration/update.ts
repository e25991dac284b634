import {Args, Flags} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {parseValuesJson} from '../../cli/parse.js'
import {askIfMissing} from '../../cli/prompts.js'
import {updateConfiguration} from '../../operations/configuration.js'

export default class ConfigurationUpdate extends OperationCommand {
  static summary = 'Replace the values of a configuration group: dbaas.configuration_update.start, .end (or .error).'
  static description = `Finished in the API (server_type api). The new values replace the old ones entirely (use \`configuration edit\` to merge); --name and --description rename and redescribe the group and appear in .start.
Values are checked as on create. Changing a parameter that needs a restart leaves every instance using the group needing a restart.`
  static aliases = ['configuration-update']
  static examples = [
    `<%= config.bin %> <%= command.id %> tuned '{"max_connections": 300}'`,
    `<%= config.bin %> <%= command.id %> tuned '{"max_connections": 300}' --name tuned-v2 --description "more connections" --json`,
  ]
  static args = {
    configuration: Args.string({description: 'Configuration group id or name.'}),
    values: Args.string({description: 'The new parameter values as a JSON object (replacing the old ones).'}),
  }
  static flags = {
    name: Flags.string({summary: 'New name of the group.'}),
    description: Flags.string({summary: 'New description of the group.'}),
  }

  async run() {
    const {args, flags} = await this.parse(ConfigurationUpdate)
    const example = `trove-notify configuration update tuned '{"max_connections": 300}'`
    const ref = await askIfMissing(args.configuration, {name: 'CONFIGURATION', message: 'Configuration group', example})
    const values = parseValuesJson(await askIfMissing(args.values, {name: 'VALUES_JSON', message: 'Values (JSON object)', example}), example)
    return this.perform(flags, (ctx) => updateConfiguration(ctx, {configuration: ref, values, name: flags.name, description: flags.description}))
  }
}
