import {declared} from '../../cli/declared-command.js'
import {CLUSTER_DELETE} from '../../inputs/cluster.js'

export default class ClusterForceDelete extends declared(CLUSTER_DELETE, {force: true}) {
  static summary = 'Force-delete clusters (trove cluster-force-delete, openstack database cluster force delete): dbaas.cluster_delete lifecycle, force set.'
  static description = 'cluster delete, with force: Trove resets the cluster status first, so a cluster with a task running is deleted too. The force is carried in the request; resetting the status first comes with the new state layer, until then the rules of cluster delete apply.'
  static aliases = ['cluster-force-delete', 'cluster:force:delete']
  static examples = ['<%= config.bin %> <%= command.id %> shop', '<%= config.bin %> cluster force delete shop --json']
}
