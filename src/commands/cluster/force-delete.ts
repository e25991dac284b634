import {declared} from '../../cli/declared-command.js'
import {CLUSTER_DELETE} from '../../inputs/cluster.js'

export default class ClusterForceDelete extends declared(CLUSTER_DELETE, {force: true}) {
  static summary = 'Force-delete clusters (trove cluster-force-delete, openstack database cluster force delete): dbaas.cluster_delete lifecycle, force set.'
  static description = 'As troveclient does: cluster reset-status first (its own dbaas.cluster_reset_status lifecycle), then cluster delete — so a cluster with a task running is deleted too.'
  static aliases = ['cluster-force-delete', 'cluster:force:delete']
  static examples = ['<%= config.bin %> <%= command.id %> shop', '<%= config.bin %> cluster force delete shop --json']
}
