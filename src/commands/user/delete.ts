import {Args} from '@oclif/core'
import {userHostFlag} from '../../cli/flags.js'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {deleteUser} from '../../operations/user.js'

export default class UserDelete extends OperationCommand {
  static summary = 'Delete a database user: dbaas.user_delete.start, .end (or .error).'
  static description = 'The guest agent drops the user (and its access) and reports through the conductor. Refused (.error): an unknown user on that host, a reserved name, an instance not of the MySQL family or not ACTIVE.'
  static aliases = ['user-delete']
  static examples = ['<%= config.bin %> <%= command.id %> db1 app', '<%= config.bin %> <%= command.id %> db1 app --host 10.0.0.% --json']
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    name: Args.string({description: 'User name.'}),
  }
  static flags = {
    host: userHostFlag,
  }

  async run() {
    const {args, flags} = await this.parse(UserDelete)
    const example = 'trove-notify user delete db1 app'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'User to delete', example})
    return this.perform(flags, (ctx) => deleteUser(ctx, {instance, name, host: flags.host}))
  }
}
