import {Args} from '@oclif/core'
import {userHostFlag} from '../../cli/flags.js'
import {oneOrMany, OperationCommand} from '../../cli/operation-command.js'
import {parseUserSpec, type UserSpec} from '../../cli/parse.js'
import {askIfMissing, interactive} from '../../cli/prompts.js'
import {changePasswords} from '../../operations/user.js'

const EXAMPLE = 'trove-notify user change-password db1 app:n3w'

export default class UserChangePassword extends OperationCommand {
  static summary = "Change users' passwords: dbaas.user_change_password.start, .end (or .error) — one lifecycle per user."
  static description = `The guest agent changes each password and reports through the conductor. Refused (.error): an unknown user, an instance not of the MySQL family or not ACTIVE.
A NAME without :PASSWORD is asked for with a hidden prompt on a terminal. Passwords are never published, printed or stored in clear text.`
  static strict = false
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 app:n3w',
    '<%= config.bin %> <%= command.id %> db1 app:n3w report:0th3r --json',
    '<%= config.bin %> <%= command.id %> db1 app   # asks for the password',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    user: Args.string({description: 'NAME:PASSWORD (several allowed: one lifecycle each).'}),
  }
  static flags = {
    host: userHostFlag,
  }

  async run() {
    const {args, argv, flags} = await this.parse(UserChangePassword)
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example: EXAMPLE})
    const given = (argv as string[]).slice(1)
    const items = given.length > 0 ? given : [await askIfMissing(undefined, {name: 'NAME:PASSWORD', message: 'User name', example: EXAMPLE})]
    const users: UserSpec[] = []
    for (const item of items) {
      users.push(!item.includes(':') && interactive()
        ? {name: item, password: await askIfMissing(undefined, {name: 'PASSWORD', message: `New password for ${item}`, example: EXAMPLE, password: true})}
        : parseUserSpec(item, EXAMPLE))
    }
    return this.perform(flags, async (ctx) => oneOrMany(await changePasswords(ctx, instance,
      users.map((u) => ({name: u.name, password: u.password, host: u.host ?? flags.host})))))
  }
}
