import {Args, Flags} from '@oclif/core'
import {userHostFlag} from '../../cli/flags.js'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {updateUserAttributes} from '../../operations/user.js'
import {UsageError} from '../../util/errors.js'

export default class UserUpdateAttributes extends OperationCommand {
  static summary = 'Rename a user, change its host or password: dbaas.user_update_attributes.start, .end (or .error).'
  static description = 'The guest agent applies the change and reports through the conductor. Refused (.error): an unknown user, a new name that is too long, reserved or already taken on that host. The new password is never published.'
  static aliases = ['user-update-attributes']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 app --new-name app2',
    '<%= config.bin %> <%= command.id %> db1 app --new-password n3w --new-host 10.0.0.% --json',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    name: Args.string({description: 'User name.'}),
  }
  static flags = {
    'new-name': Flags.string({summary: 'New user name.'}),
    'new-password': Flags.string({summary: 'New password (never published).'}),
    'new-host': Flags.string({summary: 'New host the user may connect from.'}),
    host: userHostFlag,
  }

  async run() {
    const {args, flags} = await this.parse(UserUpdateAttributes)
    const example = 'trove-notify user update-attributes db1 app --new-name app2'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'User to update', example})
    const {'new-name': newName, 'new-password': newPassword, 'new-host': newHost} = flags
    if (newName === undefined && newPassword === undefined && newHost === undefined) {
      throw new UsageError('nothing to update', `give at least one of --new-name, --new-password, --new-host; e.g. ${example}`)
    }
    return this.perform(flags, (ctx) => updateUserAttributes(ctx, {instance, name, host: flags.host, newName, newPassword, newHost}))
  }
}
