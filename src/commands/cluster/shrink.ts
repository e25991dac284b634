import {declared} from '../../cli/declared-command.js'
import {CLUSTER_SHRINK} from '../../inputs/cluster.js'

export default class ClusterShrink extends declared(CLUSTER_SHRINK) {
  static summary = 'Remove members from a cluster: dbaas.cluster_shrink.start, trove.instance.delete per removed member (with cluster_id), .end.'
  static description = 'The taskmanager shuts the named members down (status SHUTDOWN for --delay seconds), emits trove.instance.delete with cluster_id and deleted_at for each, and .end; their quota is freed. Refused (.error) for instances that are not members of the cluster, removing every member (a cluster keeps at least one), or a cluster with a task running or a member not ACTIVE.'
  static aliases = ['cluster-shrink']
  static examples = [
    '<%= config.bin %> <%= command.id %> shop shop-member-3',
    '<%= config.bin %> <%= command.id %> shop shop-member-2 shop-member-3 --json',
  ]
}
