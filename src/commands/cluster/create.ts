import {declared} from '../../cli/declared-command.js'
import {CLUSTER_CREATE} from '../../inputs/cluster.js'

export default class ClusterCreate extends declared(CLUSTER_CREATE) {
  static summary = 'Create a cluster: dbaas.cluster_create.start, one trove.instance.create per member (with cluster_id), .end.'
  static description = `The API validates the request and emits .start; the taskmanager builds every member (status BUILD for --delay seconds), emits trove.instance.create for each, carrying cluster_id, and .end with the new cluster_id.
Each --instance is one member, reserved against the tenant's instances and volumes quota. Trove's rules end in .error: a datastore without cluster support (mysql, percona, postgresql), an unknown datastore/version or flavor, a volume size ≤ 0 or above max_accepted_volume_size, the quota.`
  static aliases = ['cluster-create']
  static examples = [
    '<%= config.bin %> <%= command.id %> shop mongodb 5.0 --instance flavor=2,volume=2 --instance flavor=2,volume=2 --instance flavor=2,volume=2',
    '<%= config.bin %> <%= command.id %> cache redis 7.0 --instance flavor=m1.small,volume=1,availability_zone=az2 --json',
  ]
}
