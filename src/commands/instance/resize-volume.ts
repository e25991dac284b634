import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {parseWholeNumber} from '../../cli/parse.js'
import {askIfMissing} from '../../cli/prompts.js'
import {resizeVolume} from '../../operations/instance-actions.js'

export default class InstanceResizeVolume extends OperationCommand {
  static summary = 'Grow the volume of an instance: dbaas.instance_resize_volume.start, trove.instance.modify_volume, .end (or .error).'
  static description = `The API checks the request, reserves the volumes quota for the difference and emits .start; the taskmanager resizes the volume (status RESIZE for --delay seconds), commits the quota, emits trove.instance.modify_volume (old_volume_size, modify_at) and .end.
Refused (.error, exit 1) when the new size is not larger than the current one or exceeds max_accepted_volume_size, when the tenant's volumes quota would be exceeded, for a cluster member, and for an instance that is not ACTIVE, is busy or has a backup running.`
  static aliases = ['resize-volume']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 4',
    '<%= config.bin %> <%= command.id %> db1 8 --delay 10 --json',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    size: Args.string({description: 'New volume size in GB (larger than the current one).'}),
  }

  async run() {
    const {args, flags} = await this.parse(InstanceResizeVolume)
    const example = 'trove-notify instance resize-volume db1 4'
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance to resize', example})
    const size = parseWholeNumber(await askIfMissing(args.size, {name: 'SIZE', message: 'New volume size (GB)', example}), 'SIZE', example)
    return this.perform(flags, (ctx) => resizeVolume(ctx, ref, size))
  }
}
