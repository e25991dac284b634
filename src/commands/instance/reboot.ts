import {declared} from '../../cli/declared-command.js'
import {INSTANCE_REBOOT} from '../../inputs/instance.js'

export default class InstanceReboot extends declared(INSTANCE_REBOOT) {
  static summary = 'Reboot the server of an instance (openstack database instance reboot; beyond the spec, Trove 18): dbaas.instance_reboot.start, .end (or .error).'
  static description = `Trove 18's management API: the instance shows REBOOT for --delay seconds while the taskmanager reboots its server, then ACTIVE; the taskmanager ends it. With --dialect trove-18 a failure of the reboot still ends in .end, as Trove 18's taskmanager logs it and ends normally.
Refused (.error, exit 1) for an unknown instance, one that is not ACTIVE, is busy or has a backup running, or a cluster member.`
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> <%= command.id %> db1 --dialect trove-18 --json']
}
