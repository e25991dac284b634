import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {parseValuesJson} from '../../cli/parse.js'
import {askIfMissing} from '../../cli/prompts.js'
import {editConfiguration} from '../../operations/configuration.js'

export default class ConfigurationEdit extends OperationCommand {
  static summary = 'Merge values into a configuration group: dbaas.configuration_edit.start, .end (or .error).'
  static description = `Finished in the API (server_type api). Each parameter given replaces that parameter's value; the others stay (use \`configuration update\` to replace them all).
Values are checked as on create. Changing a parameter that needs a restart leaves every instance using the group needing a restart.`
  static aliases = ['configuration-patch']
  static examples = [
    `<%= config.bin %> <%= command.id %> tuned '{"wait_timeout": 120}'`,
    `<%= config.bin %> <%= command.id %> tuned '{"innodb_buffer_pool_size": 1073741824}' --json`,
  ]
  static args = {
    configuration: Args.string({description: 'Configuration group id or name.'}),
    values: Args.string({description: 'Parameter values to merge, as a JSON object.'}),
  }

  async run() {
    const {args, flags} = await this.parse(ConfigurationEdit)
    const example = `trove-notify configuration edit tuned '{"wait_timeout": 120}'`
    const ref = await askIfMissing(args.configuration, {name: 'CONFIGURATION', message: 'Configuration group', example})
    const values = parseValuesJson(await askIfMissing(args.values, {name: 'VALUES_JSON', message: 'Values to merge (JSON object)', example}), example)
    return this.perform(flags, (ctx) => editConfiguration(ctx, ref, values))
  }
}
