import {declared} from '../../cli/declared-command.js'
import {CLUSTER_DELETE} from '../../inputs/cluster.js'

export default class ClusterDelete extends declared(CLUSTER_DELETE) {
  static summary = 'Delete clusters: dbaas.cluster_delete.start, one trove.instance.delete per member (with cluster_id), .end — one lifecycle per cluster.'
  static description = 'The taskmanager shuts every member down (status SHUTDOWN for --delay seconds), emits trove.instance.delete with cluster_id and deleted_at for each, and .end; the members\' instances and volumes quota is freed. Refused (.error) for an unknown cluster, or one with a task running or a member not ACTIVE.'
  static aliases = ['cluster-delete']
  static examples = ['<%= config.bin %> <%= command.id %> shop', '<%= config.bin %> <%= command.id %> shop cache', '<%= config.bin %> <%= command.id %> 5b1c0c2e-8f0e-4d4e-9d7e-1c1f2a3b4c5d --json']
}
