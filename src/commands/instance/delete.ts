import {declared} from '../../cli/declared-command.js'
import {INSTANCE_DELETE} from '../../inputs/instance.js'

export default class InstanceDelete extends declared(INSTANCE_DELETE) {
  static summary = 'Delete instances: dbaas.instance_delete.start, trove.instance.delete, .end — one lifecycle per instance.'
  static description = 'The taskmanager shuts the instance down (status SHUTDOWN for --delay seconds), emits trove.instance.delete with deleted_at, then .end. Refused (.error) for an unknown or ambiguous name, an instance still in BUILD or busy, a cluster member, or a replication source that still has replicas. --force (openstack database instance delete --force) resets the status first, as troveclient does (its own dbaas.instance_reset_status lifecycle), so an instance that is building or stuck in a task is deleted too.'
  static aliases = ['delete']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 db2 db3 --json',
  ]
}
