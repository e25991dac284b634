import {declared} from '../../cli/declared-command.js'
import {UPGRADE} from '../../inputs/instance.js'

export default class InstanceUpgrade extends declared(UPGRADE) {
  static summary = 'Upgrade an instance to another datastore version (trove upgrade, openstack database instance upgrade; beyond the spec, Trove 18): dbaas.upgrade.start, .end (or .error).'
  static description = `The instance shows UPGRADE for --delay seconds while the taskmanager upgrades it, then runs the new version. The version must exist for the instance's datastore; the version it already runs is no request at all (no notification), as in Trove 18.
With --dialect trove-18 only .start is sent, as Trove 18 never sends dbaas.upgrade.end (nor an .error for a failure in the taskmanager).`
  static aliases = ['upgrade']
  static examples = ['<%= config.bin %> <%= command.id %> db1 8.0', '<%= config.bin %> upgrade db1 8.0 --dialect trove-18 --json']
}
