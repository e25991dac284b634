import {declared} from '../../cli/declared-command.js'
import {CLUSTER_RESTART} from '../../inputs/cluster.js'

export default class ClusterRestart extends declared(CLUSTER_RESTART) {
  static summary = 'Restart every member of a Galera or Cassandra cluster (beyond the spec, Trove 18): dbaas.cluster_restart.start, .end (or .error).'
  static description = `The API sets the cluster's task and the taskmanager restarts the members (REBOOT for --delay seconds, then ACTIVE). Other datastores are refused with .error, as Trove 18's "Action 'restart' not supported".
With --dialect trove-18: a dbaas.instance_restart lifecycle per member (its .end twice) and no dbaas.cluster_restart.end, as Trove 18 sends.`
  static examples = ['<%= config.bin %> <%= command.id %> galera1', '<%= config.bin %> <%= command.id %> galera1 --dialect trove-18 --json']
}
