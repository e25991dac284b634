import {declared} from '../../cli/declared-command.js'
import {INSTANCE_DELETE} from '../../inputs/instance.js'

export default class InstanceDelete extends declared(INSTANCE_DELETE) {
  static summary = 'Delete instances: dbaas.instance_delete.start, trove.instance.delete, .end — one lifecycle per instance.'
  static description = 'The taskmanager shuts the instance down (status SHUTDOWN for --delay seconds), emits trove.instance.delete with deleted_at, then .end. Refused (.error) for an unknown or ambiguous name, an instance still in BUILD or busy, a cluster member, or a replication source that still has replicas. --force (openstack database instance delete --force) is taken and carried; resetting the status first, as Trove does, comes with the new state layer.'
  static aliases = ['delete']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 db2 db3 --json',
  ]
}
