import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {ejectReplicaSource} from '../../operations/replication.js'

export default class InstanceEject extends OperationCommand {
  static summary = 'Eject a replication source and elect a new one: dbaas.instance_eject.start, .end (or .error).'
  static description = `Trove ejects a source that has stopped answering; the simulated source always counts as unreachable. The taskmanager elects the oldest replica as the new source, the other replicas follow it, and the ejected instance leaves the set as a standalone instance. The whole set shows EJECT for --delay seconds.
Refused (.error, exit 1) for an instance that is a replica or has no replicas, and when it or any of its replicas is not ACTIVE or busy.`
  static aliases = ['eject-replica-source']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 --json',
  ]
  static args = {
    instance: Args.string({description: 'Replication source id or name.'}),
  }

  async run() {
    const {args, flags} = await this.parse(InstanceEject)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Replication source to eject', example: 'trove-notify instance eject db1'})
    return this.perform(flags, (ctx) => ejectReplicaSource(ctx, ref))
  }
}
