import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {restartInstance} from '../../operations/instance-actions.js'

export default class InstanceRestart extends OperationCommand {
  static summary = 'Restart the database service of an instance: dbaas.instance_restart.start, .end (or .error).'
  static description = `The API accepts the request and emits .start; the taskmanager restarts the service (status REBOOT for --delay seconds, visible to \`instance show\`), clears "restart required", and emits .end.
Refused (.error, exit 1) for an unknown or ambiguous instance, or one that is not ACTIVE, is busy with another task or has a backup running.`
  static aliases = ['restart']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 --delay 5 --json',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
  }

  async run() {
    const {args, flags} = await this.parse(InstanceRestart)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance to restart', example: 'trove-notify instance restart db1'})
    return this.perform(flags, (ctx) => restartInstance(ctx, ref))
  }
}
