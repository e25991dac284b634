import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {deleteConfiguration} from '../../operations/configuration.js'

export default class ConfigurationDelete extends OperationCommand {
  static summary = 'Delete a configuration group: dbaas.configuration_delete.start, .end (or .error).'
  static description = 'Finished in the API (server_type api). Refused (.error) while the group is attached to an instance, and for an unknown or ambiguous group.'
  static aliases = ['configuration-delete']
  static examples = ['<%= config.bin %> <%= command.id %> tuned', '<%= config.bin %> <%= command.id %> tuned --fail "db error" --json']
  static args = {configuration: Args.string({description: 'Configuration group id or name.'})}

  async run() {
    const {args, flags} = await this.parse(ConfigurationDelete)
    const ref = await askIfMissing(args.configuration, {name: 'CONFIGURATION', message: 'Configuration group', example: 'trove-notify configuration delete tuned'})
    return this.perform(flags, (ctx) => deleteConfiguration(ctx, ref))
  }
}
