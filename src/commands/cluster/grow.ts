import {Args} from '@oclif/core'
import {memberFlag, requireMembers} from '../../cli/cluster-flags.js'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {growCluster} from '../../operations/cluster.js'

export default class ClusterGrow extends OperationCommand {
  static summary = 'Add members to a cluster: dbaas.cluster_grow.start, trove.instance.create per new member (with cluster_id), .end.'
  static description = 'The taskmanager builds each --instance member (status BUILD for --delay seconds) and emits trove.instance.create for it, then .end. Refused (.error) for an unknown cluster, one with a task running or a member not ACTIVE, an unknown flavor, a bad volume size, or the quota.'
  static aliases = ['cluster-grow']
  static examples = [
    '<%= config.bin %> <%= command.id %> shop --instance flavor=2,volume=2',
    '<%= config.bin %> <%= command.id %> shop --instance flavor=3,volume=4 --instance flavor=3,volume=4 --json',
  ]
  static args = {cluster: Args.string({description: 'Cluster id or name.'})}
  static flags = {
    instance: memberFlag({summary: 'One new member instance; repeat the flag for each member.'}),
  }

  async run() {
    const {args, flags} = await this.parse(ClusterGrow)
    const example = 'trove-notify cluster grow shop --instance flavor=2,volume=2'
    const ref = await askIfMissing(args.cluster, {name: 'CLUSTER', message: 'Cluster to grow', example})
    const instances = requireMembers(flags.instance, example)
    return this.perform(flags, (ctx) => growCluster(ctx, ref, instances))
  }
}
