import {declared} from '../../cli/declared-command.js'
import {CLUSTER_UPGRADE} from '../../inputs/cluster.js'

export default class ClusterUpgrade extends declared(CLUSTER_UPGRADE) {
  static summary = 'Upgrade a Galera, Redis or Cassandra cluster to another datastore version (trove cluster-upgrade, openstack database cluster upgrade; beyond the spec, Trove 18): dbaas.cluster_upgrade.start, .end.'
  static description = `The cluster and every member move to the version (members UPGRADE for --delay seconds). With --dialect trove-18: a dbaas.upgrade .start per member and nothing else, as Trove 18 sends.`
  static aliases = ['cluster-upgrade']
  static examples = ['<%= config.bin %> <%= command.id %> galera1 10.6', '<%= config.bin %> cluster-upgrade galera1 10.6 --json']
}
