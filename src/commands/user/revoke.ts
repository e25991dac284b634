import {Args} from '@oclif/core'
import {userHostFlag} from '../../cli/flags.js'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {revokeAccess} from '../../operations/user.js'

export default class UserRevoke extends OperationCommand {
  static summary = "Revoke a user's access to a database: dbaas.user_revoke.start, .end (or .error)."
  static description = 'Finished in the API (server_type api). Refused (.error): an unknown user or database, access the user does not have, an instance not of the MySQL family or not ACTIVE.'
  static aliases = ['user-revoke-access']
  static examples = ['<%= config.bin %> <%= command.id %> db1 app shop', '<%= config.bin %> <%= command.id %> db1 app shop --host 10.0.0.% --json']
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    name: Args.string({description: 'User name.'}),
    database: Args.string({description: 'Database.'}),
  }
  static flags = {
    host: userHostFlag,
  }

  async run() {
    const {args, flags} = await this.parse(UserRevoke)
    const example = 'trove-notify user revoke db1 app shop'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'User', example})
    const database = await askIfMissing(args.database, {name: 'DATABASE', message: 'Database', example})
    return this.perform(flags, (ctx) => revokeAccess(ctx, {instance, name, host: flags.host, database}))
  }
}
