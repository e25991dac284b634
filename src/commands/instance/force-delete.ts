import {declared} from '../../cli/declared-command.js'
import {INSTANCE_DELETE} from '../../inputs/instance.js'

export default class InstanceForceDelete extends declared(INSTANCE_DELETE, {force: true}) {
  static summary = 'Force-delete instances (trove force-delete, openstack database instance force delete): dbaas.instance_delete lifecycle, force set.'
  static description = 'As troveclient does: instance reset-status first (its own dbaas.instance_reset_status lifecycle), then instance delete — so an instance that is building or stuck in a task is deleted too.'
  static aliases = ['force-delete', 'instance:force:delete']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> instance force delete db1 --json']
}
