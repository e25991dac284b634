import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {detachReplica} from '../../operations/replication.js'

export default class InstanceDetach extends OperationCommand {
  static summary = 'Detach a replica from its source: dbaas.instance_detach.start, .end (or .error).'
  static description = `The taskmanager stops replication (status DETACH for --delay seconds); the replica becomes a standalone instance and .end is emitted.
Refused (.error, exit 1) for an instance that is not a replica, or one that is not ACTIVE, is busy or has a backup running.`
  static aliases = ['detach-replica']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1-replica',
    '<%= config.bin %> <%= command.id %> db1-replica --json',
  ]
  static args = {
    instance: Args.string({description: 'Replica id or name.'}),
  }

  async run() {
    const {args, flags} = await this.parse(InstanceDetach)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Replica to detach', example: 'trove-notify instance detach db1-replica'})
    return this.perform(flags, (ctx) => detachReplica(ctx, ref))
  }
}
