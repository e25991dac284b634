import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {detachConfiguration} from '../../operations/configuration.js'

export default class InstanceDetachConfiguration extends OperationCommand {
  static summary = 'Detach the configuration group of an instance: dbaas.instance_detach_configuration.start, .end (or .error).'
  static description = 'Finished in the API (server_type api); the instance then needs a restart (restart_required in `instance show`). Refused (.error): an instance without a group, an instance not ACTIVE, an unknown instance.'
  static aliases = ['configuration-detach']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> <%= command.id %> db1 --json']
  static args = {instance: Args.string({description: 'Instance id or name.'})}

  async run() {
    const {args, flags} = await this.parse(InstanceDetachConfiguration)
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example: 'trove-notify instance detach-configuration db1'})
    return this.perform(flags, (ctx) => detachConfiguration(ctx, instance))
  }
}
