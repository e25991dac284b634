import {declared} from '../../cli/declared-command.js'
import {CLUSTER_ATTACH_CONFIGURATION} from '../../inputs/cluster.js'

export default class ClusterAttachConfiguration extends declared(CLUSTER_ATTACH_CONFIGURATION) {
  /** CLI.md's name for it (troveclient has no command for it). */
  static aliases = ['cluster:configuration:attach']
  static summary = 'Attach a configuration group to every member of a Galera or Cassandra cluster (beyond the spec, Trove 18): dbaas.cluster_attach_configuration.start, .end (or .error).'
  static description = `Done in the API: every member without another group gets it and needs a restart; the group must be for the cluster's datastore and version.
With --dialect trove-18: a dbaas.instance_attach_configuration lifecycle per member and a third .end of the last one's instead of the cluster's, as Trove 18 sends.`
  static examples = ['<%= config.bin %> <%= command.id %> galera1 tuned', '<%= config.bin %> <%= command.id %> galera1 tuned --dialect trove-18 --json']
}
