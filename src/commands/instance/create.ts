import {Args, Flags} from '@oclif/core'
import {integerFlag, listFlag} from '../../cli/flags.js'
import {OperationCommand} from '../../cli/operation-command.js'
import {parseUserSpec} from '../../cli/parse.js'
import {askIfMissing, askOptional, askWholeNumber, datastoreChoices, flavorChoices, interactive, versionChoices} from '../../cli/prompts.js'
import {createInstance, DEFAULT_DATASTORE, DEFAULT_VOLUME_SIZE} from '../../operations/instance.js'

export default class InstanceCreate extends OperationCommand {
  static summary = 'Create an instance: dbaas.instance_create.start, trove.instance.create, .end (or .error).'
  static description = `The API validates the request and emits .start; the taskmanager builds the instance (status BUILD for --delay seconds), emits trove.instance.create and .end with the new instance_id.
Trove's rules end in .error: unknown flavor or datastore/version, a volume size ≤ 0 or above max_accepted_volume_size, the tenant's instances or volumes quota.
A replica (--replica-of) takes flavor, datastore and volume size from its source unless FLAVOR or --size are given (a replica volume is never smaller than its source's); only mysql, mariadb, percona, postgresql and redis replicate, and a replica of a replica is refused. Without --size the volume is 1 GB.`
  static aliases = ['create']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 2 --size 2 --datastore mysql',
    '<%= config.bin %> <%= command.id %> db1 m1.small --size 5 --databases shop,crm --users app:s3cret',
    '<%= config.bin %> <%= command.id %> db1-replica --replica-of db1 --replica-count 2',
    '<%= config.bin %> <%= command.id %> db1 2 --fail "nova: no valid host" --json',
  ]
  static args = {
    name: Args.string({description: 'Name of the new instance.'}),
    flavor: Args.string({description: 'Flavor id or name (see `flavor list`); not needed with --replica-of.'}),
  }
  static flags = {
    size: integerFlag({summary: 'Volume size in GB.'}),
    'volume-type': Flags.string({summary: 'Volume type.'}),
    datastore: Flags.string({summary: 'Datastore (see `datastore list`); default mysql.'}),
    'datastore-version': Flags.string({summary: "Datastore version; default the datastore's default version."}),
    databases: listFlag({summary: 'Comma list of databases to create on the instance.'}),
    users: listFlag({summary: 'Comma list of NAME:PASSWORD users to create (passwords are never published).'}),
    backup: Flags.string({summary: 'Backup id or name to restore the instance from.'}),
    'availability-zone': Flags.string({summary: 'Availability zone; default nova.'}),
    'replica-of': Flags.string({summary: 'Create a replica of this instance (id or name).'}),
    'replica-count': integerFlag({summary: 'Number of replicas to create (with --replica-of).'}),
    configuration: Flags.string({summary: 'Configuration group id or name to attach.'}),
    nic: Flags.string({summary: 'Network: net-id=ID (repeatable).', multiple: true}),
  }

  async run() {
    const {args, flags} = await this.parse(InstanceCreate)
    const example = 'trove-notify instance create db1 2 --size 2'
    const replica = flags['replica-of'] !== undefined
    // On a terminal, a command missing its NAME or FLAVOR is completed by questions: the flavor and the
    // datastore are chosen from the world's lists, the volume size asked with its default.
    const asking = interactive() && (args.name === undefined || (!replica && args.flavor === undefined))
    const store = () => this.storeFor(flags)
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'Name of the new instance', example})
    const flavor = replica ? args.flavor : await askIfMissing(args.flavor, {name: 'FLAVOR', message: 'Flavor', example, choices: () => flavorChoices(store())})
    const datastore = replica ? flags.datastore
      : await askOptional(flags.datastore, asking, {name: 'DATASTORE', message: 'Datastore', choices: () => datastoreChoices(store()), default: DEFAULT_DATASTORE})
    const datastoreVersion = replica || datastore === undefined ? flags['datastore-version']
      : await askOptional(flags['datastore-version'], asking && flags.datastore === undefined, {name: 'DATASTORE_VERSION', message: 'Datastore version',
        choices: () => versionChoices(store(), datastore), default: store().datastore(datastore)?.default_version})
    const size = replica ? flags.size : await askWholeNumber(flags.size, asking, {name: 'SIZE', message: 'Volume size in GB', default: DEFAULT_VOLUME_SIZE, min: 1})
    const users = flags.users?.map((u) => parseUserSpec(u, 'trove-notify instance create db1 2 --users app:s3cret'))
    return this.perform(flags, (ctx) => createInstance(ctx, {
      name, flavor, size, volumeType: flags['volume-type'], datastore,
      datastoreVersion, databases: flags.databases, users, backup: flags.backup,
      availabilityZone: flags['availability-zone'], replicaOf: flags['replica-of'], replicaCount: flags['replica-count'],
      configuration: flags.configuration, nics: flags.nic, region: flags.region,
    }))
  }
}
