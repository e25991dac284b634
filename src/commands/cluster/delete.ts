import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {deleteCluster} from '../../operations/cluster.js'

export default class ClusterDelete extends OperationCommand {
  static summary = 'Delete a cluster: dbaas.cluster_delete.start, one trove.instance.delete per member (with cluster_id), .end.'
  static description = 'The taskmanager shuts every member down (status SHUTDOWN for --delay seconds), emits trove.instance.delete with cluster_id and deleted_at for each, and .end; the members\' instances and volumes quota is freed. Refused (.error) for an unknown cluster, or one with a task running or a member not ACTIVE.'
  static aliases = ['cluster-delete']
  static examples = ['<%= config.bin %> <%= command.id %> shop', '<%= config.bin %> <%= command.id %> 5b1c0c2e-8f0e-4d4e-9d7e-1c1f2a3b4c5d --json']
  static args = {cluster: Args.string({description: 'Cluster id or name.'})}

  async run() {
    const {args, flags} = await this.parse(ClusterDelete)
    const ref = await askIfMissing(args.cluster, {name: 'CLUSTER', message: 'Cluster to delete', example: 'trove-notify cluster delete shop'})
    return this.perform(flags, (ctx) => deleteCluster(ctx, ref))
  }
}
