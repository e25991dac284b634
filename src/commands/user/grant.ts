import {Args} from '@oclif/core'
import {userHostFlag} from '../../cli/flags.js'
import {oneOrMany, OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {grantAccessAll} from '../../operations/user.js'

export default class UserGrant extends OperationCommand {
  static summary = 'Grant a user access to databases: dbaas.user_grant.start, .end (or .error) — one lifecycle per database.'
  static description = 'Finished in the API (server_type api). Refused (.error): an unknown user or database, an instance not of the MySQL family or not ACTIVE. Granting access the user already has succeeds, as in MySQL.'
  static aliases = ['user-grant-access']
  static strict = false
  static examples = ['<%= config.bin %> <%= command.id %> db1 app shop', '<%= config.bin %> <%= command.id %> db1 app shop crm --host 10.0.0.% --json']
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    name: Args.string({description: 'User name.'}),
    database: Args.string({description: 'Database (several allowed: one lifecycle each).'}),
  }
  static flags = {
    host: userHostFlag,
  }

  async run() {
    const {args, argv, flags} = await this.parse(UserGrant)
    const example = 'trove-notify user grant db1 app shop'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'User', example})
    const given = (argv as string[]).slice(2)
    const databases = given.length > 0 ? given : [await askIfMissing(undefined, {name: 'DATABASE', message: 'Database', example})]
    return this.perform(flags, async (ctx) => oneOrMany(await grantAccessAll(ctx, {instance, name, host: flags.host, databases})))
  }
}
