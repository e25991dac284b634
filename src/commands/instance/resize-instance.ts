import {declared} from '../../cli/declared-command.js'
import {INSTANCE_RESIZE_INSTANCE} from '../../inputs/instance.js'

export default class InstanceResizeInstance extends declared(INSTANCE_RESIZE_INSTANCE) {
  static summary = 'Move an instance to another flavor: dbaas.instance_resize_instance.start, trove.instance.modify_flavor, .end (or .error).'
  static description = `The API checks the request and emits .start; the taskmanager resizes the instance (status RESIZE for --delay seconds), emits trove.instance.modify_flavor (old_instance_size = the old flavor's RAM, modify_at) and .end.
Refused (.error, exit 1) for an unknown flavor or the instance's current one, for a cluster member, and for an instance that is not ACTIVE, is busy or has a backup running.`
  static aliases = ['resize-instance', 'instance:resize:flavor']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 3',
    '<%= config.bin %> <%= command.id %> db1 m1.large --json',
  ]
}
