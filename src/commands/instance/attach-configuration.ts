import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {attachConfiguration} from '../../operations/configuration.js'

export default class InstanceAttachConfiguration extends OperationCommand {
  static summary = 'Attach a configuration group to an instance: dbaas.instance_attach_configuration.start, .end (or .error).'
  static description = `Finished in the API (server_type api); the instance then needs a restart (restart_required in \`instance show\`).
Refused (.error): an instance that already has a group, a group of another datastore or version, an instance not ACTIVE, an unknown instance or group.`
  static aliases = ['configuration-attach']
  static examples = ['<%= config.bin %> <%= command.id %> db1 tuned', '<%= config.bin %> <%= command.id %> db1 tuned --json']
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    configuration: Args.string({description: 'Configuration group id or name.'}),
  }

  async run() {
    const {args, flags} = await this.parse(InstanceAttachConfiguration)
    const example = 'trove-notify instance attach-configuration db1 tuned'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const configuration = await askIfMissing(args.configuration, {name: 'CONFIGURATION', message: 'Configuration group', example})
    return this.perform(flags, (ctx) => attachConfiguration(ctx, instance, configuration))
  }
}
