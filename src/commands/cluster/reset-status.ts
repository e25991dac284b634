import {declared} from '../../cli/declared-command.js'
import {CLUSTER_RESET_STATUS} from '../../inputs/cluster.js'

export default class ClusterResetStatus extends declared(CLUSTER_RESET_STATUS) {
  static summary = 'Reset the task of a cluster and the status of its members (trove cluster-reset-status, openstack database cluster reset status; beyond the spec, Trove 18): dbaas.cluster_reset_status.start, .end.'
  static description = 'Allowed in any cluster task, finished in the API: the cluster task goes back to none and every member is reset as instance reset-status does (without notifications of its own). cluster force-delete runs this first.'
  static aliases = ['cluster-reset-status', 'cluster:reset:status']
  static examples = ['<%= config.bin %> <%= command.id %> galera1', '<%= config.bin %> cluster reset status galera1 --json']
}
