import {declared} from '../../cli/declared-command.js'
import {INSTANCE_CREATE} from '../../inputs/instance.js'

export default class InstanceCreate extends declared(INSTANCE_CREATE) {
  static summary = 'Create an instance: dbaas.instance_create.start, trove.instance.create, .end (or .error).'
  static description = `The API validates the request and emits .start; the taskmanager builds the instance (status BUILD for --delay seconds), emits trove.instance.create and .end with the new instance_id.
Trove's rules end in .error: unknown flavor or datastore/version, a volume size above max_accepted_volume_size, the tenant's instances or volumes quota. What Trove's API schema or troveclient refuses is a usage error (exit 2, nothing published): a name without a letter or digit or over 255 characters, --size below 1, --replica-count outside 1–3, --users/--databases names the MySQL guest refuses, a --nic key other than net-id, subnet-id, ip-address, port-id, v4-fixed-ip, --locality with --replica-of.
Both troveclient spellings work: trove create NAME FLAVOR --volume_type T … and openstack database instance create NAME --flavor F --volume-type T …; lists as troveclient takes them (--databases a b, --users u1:p1 u2:p2) or comma-separated (--databases a,b).
Passwords can stay off the command line: --users app (or app:-) takes the password from TROVE_NOTIFY_PASSWORD, stdin or a hidden prompt.
A replica (--replica-of) takes flavor, datastore and volume size from its source unless FLAVOR or --size are given (a replica volume is never smaller than its source's); only mysql, mariadb, percona, postgresql and redis replicate, and a replica of a replica is refused. Without --size the volume is 1 GB.`
  static aliases = ['create']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 2 --size 2 --datastore mysql',
    '<%= config.bin %> <%= command.id %> db1 m1.small --size 5 --databases shop,crm --users app:s3cret',
    '<%= config.bin %> <%= command.id %> db1 --flavor 2 --size 5 --databases shop crm --users app:s3cret report:0th3r',
    'TROVE_NOTIFY_PASSWORD=s3cret <%= config.bin %> <%= command.id %> db1 2 --users app --availability_zone az1',
    '<%= config.bin %> <%= command.id %> db1-replica --replica-of db1 --replica-count 2',
    '<%= config.bin %> <%= command.id %> db1 2 --fail "nova: no valid host" --json',
  ]
}
