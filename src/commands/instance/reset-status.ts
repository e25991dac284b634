import {declared} from '../../cli/declared-command.js'
import {INSTANCE_RESET_STATUS} from '../../inputs/instance.js'

export default class InstanceResetStatus extends declared(INSTANCE_RESET_STATUS) {
  static summary = 'Reset the task and status of an instance (trove reset-status, openstack database instance reset status; beyond the spec, Trove 18): dbaas.instance_reset_status.start, .end.'
  static description = `Allowed in any state, finished in the API, as Trove 18 does: the task goes back to none, an instance stuck building shows ERROR (so it can be deleted), one stuck in a task ACTIVE again, and its running backups FAILED. instance force-delete runs this first.`
  static aliases = ['reset-status', 'instance:reset:status']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> instance reset status db1 --json']
}
