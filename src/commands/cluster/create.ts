import {Args} from '@oclif/core'
import {memberFlag, requireMembers} from '../../cli/cluster-flags.js'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing, datastoreChoices, versionChoices} from '../../cli/prompts.js'
import {createCluster} from '../../operations/cluster.js'

export default class ClusterCreate extends OperationCommand {
  static summary = 'Create a cluster: dbaas.cluster_create.start, one trove.instance.create per member (with cluster_id), .end.'
  static description = `The API validates the request and emits .start; the taskmanager builds every member (status BUILD for --delay seconds), emits trove.instance.create for each, carrying cluster_id, and .end with the new cluster_id.
Each --instance is one member, reserved against the tenant's instances and volumes quota. Trove's rules end in .error: a datastore without cluster support (mysql, percona, postgresql), an unknown datastore/version or flavor, a volume size ≤ 0 or above max_accepted_volume_size, the quota.`
  static aliases = ['cluster-create']
  static examples = [
    '<%= config.bin %> <%= command.id %> shop mongodb 5.0 --instance flavor=2,volume=2 --instance flavor=2,volume=2 --instance flavor=2,volume=2',
    '<%= config.bin %> <%= command.id %> cache redis 7.0 --instance flavor=m1.small,volume=1,availability_zone=az2 --json',
  ]
  static args = {
    name: Args.string({description: 'Name of the new cluster.'}),
    datastore: Args.string({description: 'Datastore that supports clusters: mongodb, cassandra, redis, mariadb, pxc.'}),
    datastore_version: Args.string({description: 'Datastore version (see `datastore list`).'}),
  }
  static flags = {
    instance: memberFlag({summary: 'One member instance; repeat the flag for each member.'}),
  }

  async run() {
    const {args, flags} = await this.parse(ClusterCreate)
    const example = 'trove-notify cluster create shop mongodb 5.0 --instance flavor=2,volume=2'
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'Name of the new cluster', example})
    const store = () => this.storeFor(flags)
    const datastore = await askIfMissing(args.datastore, {name: 'DATASTORE', message: 'Datastore', example, choices: () => datastoreChoices(store(), {clusters: true})})
    const datastoreVersion = await askIfMissing(args.datastore_version, {name: 'DATASTORE_VERSION', message: 'Datastore version', example,
      choices: () => versionChoices(store(), datastore), default: store().datastore(datastore)?.default_version})
    const instances = requireMembers(flags.instance, example)
    return this.perform(flags, (ctx) => createCluster(ctx, {name, datastore, datastoreVersion, instances}))
  }
}
