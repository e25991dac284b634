import {Args} from '@oclif/core'
import {listFlag, userHostFlag} from '../../cli/flags.js'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {createUser} from '../../operations/user.js'

export default class UserCreate extends OperationCommand {
  static summary = 'Create a database user: dbaas.user_create.start, .end (or .error). The password is never published.'
  static description = `The API validates and emits .start; the guest agent creates the user and reports through the conductor (.end with server_type conductor).
Refused (.error): an instance not of the MySQL family or not ACTIVE, a name longer than 16 characters, a reserved name (root, os_admin), a user that already exists on that host, a --databases entry that does not exist.
Without PASSWORD on a terminal, it is asked for with a hidden prompt. The password is stored only as a salted hash.`
  static aliases = ['user-create']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 app s3cret',
    '<%= config.bin %> <%= command.id %> db1 app s3cret --host 10.0.0.% --databases shop,crm --json',
    '<%= config.bin %> <%= command.id %> db1 app   # asks for the password',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    name: Args.string({description: 'User name (at most 16 characters).'}),
    password: Args.string({description: 'Password (asked for, hidden, when missing on a terminal).'}),
  }
  static flags = {
    host: userHostFlag,
    databases: listFlag({summary: 'Comma list of existing databases the user gets access to.'}),
  }

  async run() {
    const {args, flags} = await this.parse(UserCreate)
    const example = 'trove-notify user create db1 app s3cret'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'User name', example})
    const password = await askIfMissing(args.password, {name: 'PASSWORD', message: `Password for ${name}`, example, password: true})
    return this.perform(flags, (ctx) => createUser(ctx, {instance, name, password, host: flags.host, databases: flags.databases}))
  }
}
