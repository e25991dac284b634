import {declared} from '../../cli/declared-command.js'
import {INSTANCE_DELETE} from '../../inputs/instance.js'

export default class InstanceForceDelete extends declared(INSTANCE_DELETE, {force: true}) {
  static summary = 'Force-delete instances (trove force-delete, openstack database instance force delete): dbaas.instance_delete lifecycle, force set.'
  static description = 'instance delete with --force: Trove resets the instance status first, so an instance that is building or busy is deleted too. The force is carried in the request; resetting the status first comes with the new state layer, until then the rules of instance delete apply.'
  static aliases = ['force-delete', 'instance:force:delete']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> instance force delete db1 --json']
}
