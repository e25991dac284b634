import {declared} from '../../cli/declared-command.js'
import {CLUSTER_ADD_SHARD} from '../../inputs/cluster.js'

export default class ClusterAddShard extends declared(CLUSTER_ADD_SHARD) {
  static summary = 'Add a shard to a MongoDB cluster: dbaas.cluster_add_shard.start, trove.instance.create per new member, .end (from the API).'
  static description = `The new shard has as many members as the cluster's first shard, with the same flavor and volume size, under a new shard_id; they are reserved against the quota and each gets trove.instance.create with cluster_id. The API finishes this operation (server_type api).
Refused (.error) for a cluster that is not MongoDB, an unknown cluster, one with a task running or a member not ACTIVE, or the quota.`
  static aliases = ['cluster-add-shard']
  static examples = ['<%= config.bin %> <%= command.id %> shop', '<%= config.bin %> <%= command.id %> shop --delay 5 --json']
}
