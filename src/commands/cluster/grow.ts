import {declared} from '../../cli/declared-command.js'
import {CLUSTER_GROW} from '../../inputs/cluster.js'

export default class ClusterGrow extends declared(CLUSTER_GROW) {
  static summary = 'Add members to a cluster: dbaas.cluster_grow.start, trove.instance.create per new member (with cluster_id), .end.'
  static description = 'The taskmanager builds each --instance member (status BUILD for --delay seconds) and emits trove.instance.create for it, then .end. Refused (.error) for an unknown cluster, one with a task running or a member not ACTIVE, an unknown flavor, a bad volume size, or the quota.'
  static aliases = ['cluster-grow']
  static examples = [
    '<%= config.bin %> <%= command.id %> shop --instance flavor=2,volume=2',
    '<%= config.bin %> <%= command.id %> shop --instance flavor=3,volume=4 --instance flavor=3,volume=4 --json',
  ]
}
