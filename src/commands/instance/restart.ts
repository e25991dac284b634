import {declared} from '../../cli/declared-command.js'
import {INSTANCE_RESTART} from '../../inputs/instance.js'

export default class InstanceRestart extends declared(INSTANCE_RESTART) {
  static summary = 'Restart the database service of an instance: dbaas.instance_restart.start, .end (or .error).'
  static description = `The API accepts the request and emits .start; the taskmanager restarts the service (status REBOOT for --delay seconds, visible to \`instance show\`), clears "restart required", and emits .end.
Refused (.error, exit 1) for an unknown or ambiguous instance, or one that is not ACTIVE, is busy with another task or has a backup running.`
  static aliases = ['restart']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 --delay 5 --json',
  ]
}
