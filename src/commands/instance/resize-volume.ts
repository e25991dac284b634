import {declared} from '../../cli/declared-command.js'
import {INSTANCE_RESIZE_VOLUME} from '../../inputs/instance.js'

export default class InstanceResizeVolume extends declared(INSTANCE_RESIZE_VOLUME) {
  static summary = 'Grow the volume of an instance: dbaas.instance_resize_volume.start, trove.instance.modify_volume, .end (or .error).'
  static description = `The API checks the request, reserves the volumes quota for the difference and emits .start; the taskmanager resizes the volume (status RESIZE for --delay seconds), commits the quota, emits trove.instance.modify_volume (old_volume_size, modify_at) and .end.
Refused (.error, exit 1) when the new size is not larger than the current one or exceeds max_accepted_volume_size, when the tenant's volumes quota would be exceeded, for a cluster member, and for an instance that is not ACTIVE, is busy or has a backup running.`
  static aliases = ['resize-volume', 'instance:resize:volume']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 4',
    '<%= config.bin %> <%= command.id %> db1 8 --delay 10 --json',
  ]
}
