import {declared} from '../../cli/declared-command.js'
import {CLUSTER_DETACH_CONFIGURATION} from '../../inputs/cluster.js'

export default class ClusterDetachConfiguration extends declared(CLUSTER_DETACH_CONFIGURATION) {
  /** CLI.md's name for it (troveclient has no command for it). */
  static aliases = ['cluster:configuration:detach']
  static summary = 'Detach the configuration group from every member of a Galera or Cassandra cluster (beyond the spec, Trove 18): dbaas.cluster_detach_configuration.start, .end (or .error).'
  static description = `Done in the API: every member with a group loses it and needs a restart.
With --dialect trove-18: a dbaas.instance_detach_configuration lifecycle per member and a third .end of the last one's instead of the cluster's, as Trove 18 sends.`
  static examples = ['<%= config.bin %> <%= command.id %> galera1', '<%= config.bin %> <%= command.id %> galera1 --dialect trove-18 --json']
}
