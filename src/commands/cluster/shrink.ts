import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {shrinkCluster} from '../../operations/cluster.js'

export default class ClusterShrink extends OperationCommand {
  static summary = 'Remove members from a cluster: dbaas.cluster_shrink.start, trove.instance.delete per removed member (with cluster_id), .end.'
  static description = 'The taskmanager shuts the named members down (status SHUTDOWN for --delay seconds), emits trove.instance.delete with cluster_id and deleted_at for each, and .end; their quota is freed. Refused (.error) for instances that are not members of the cluster, removing every member (a cluster keeps at least one), or a cluster with a task running or a member not ACTIVE.'
  static aliases = ['cluster-shrink']
  static strict = false
  static examples = [
    '<%= config.bin %> <%= command.id %> shop shop-member-3',
    '<%= config.bin %> <%= command.id %> shop shop-member-2 shop-member-3 --json',
  ]
  static args = {
    cluster: Args.string({description: 'Cluster id or name.'}),
    instance: Args.string({description: 'Member instance id or name to remove (several allowed).'}),
  }

  async run() {
    const {argv, flags} = await this.parse(ClusterShrink)
    const example = 'trove-notify cluster shrink shop shop-member-3'
    const [clusterArg, ...members] = argv as string[]
    const ref = await askIfMissing(clusterArg, {name: 'CLUSTER', message: 'Cluster to shrink', example})
    const instances = members.length > 0 ? members : [await askIfMissing(undefined, {name: 'INSTANCE', message: 'Member instance to remove', example})]
    return this.perform(flags, (ctx) => shrinkCluster(ctx, ref, instances))
  }
}
