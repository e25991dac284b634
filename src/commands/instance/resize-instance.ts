import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {resizeInstance} from '../../operations/instance-actions.js'

export default class InstanceResizeInstance extends OperationCommand {
  static summary = 'Move an instance to another flavor: dbaas.instance_resize_instance.start, trove.instance.modify_flavor, .end (or .error).'
  static description = `The API checks the request and emits .start; the taskmanager resizes the instance (status RESIZE for --delay seconds), emits trove.instance.modify_flavor (old_instance_size = the old flavor's RAM, modify_at) and .end.
Refused (.error, exit 1) for an unknown flavor or the instance's current one, for a cluster member, and for an instance that is not ACTIVE, is busy or has a backup running.`
  static aliases = ['resize-instance']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 3',
    '<%= config.bin %> <%= command.id %> db1 m1.large --json',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    flavor: Args.string({description: 'New flavor id or name (see `flavor list`).'}),
  }

  async run() {
    const {args, flags} = await this.parse(InstanceResizeInstance)
    const example = 'trove-notify instance resize-instance db1 3'
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance to resize', example})
    const flavor = await askIfMissing(args.flavor, {name: 'FLAVOR', message: 'New flavor', example})
    return this.perform(flags, (ctx) => resizeInstance(ctx, ref, flavor))
  }
}
