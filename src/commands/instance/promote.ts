import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {promoteToReplicaSource} from '../../operations/replication.js'

export default class InstancePromote extends OperationCommand {
  static summary = 'Promote a replica to replication source: dbaas.instance_promote.start, .end (or .error).'
  static description = `The replica becomes the source, its old source becomes its replica, and the source's other replicas follow the new source. The taskmanager does the work (the whole replication set shows PROMOTE for --delay seconds) and emits .end.
Refused (.error, exit 1) for an instance that is not a replica, and when the replica or any member of its set is not ACTIVE or busy.`
  static aliases = ['promote-to-replica-source']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1-replica',
    '<%= config.bin %> <%= command.id %> db1-replica --delay 5 --json',
  ]
  static args = {
    instance: Args.string({description: 'Replica id or name.'}),
  }

  async run() {
    const {args, flags} = await this.parse(InstancePromote)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Replica to promote', example: 'trove-notify instance promote db1-replica'})
    return this.perform(flags, (ctx) => promoteToReplicaSource(ctx, ref))
  }
}
