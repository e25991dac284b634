import {declared} from '../../cli/declared-command.js'
import {USER_UPDATE_ATTRIBUTES} from '../../inputs/database.js'

export default class UserUpdateAttributes extends declared(USER_UPDATE_ATTRIBUTES) {
  static summary = 'Rename a user, change its host or password: dbaas.user_update_attributes.start, .end (or .error).'
  static description = 'The guest agent applies the change and reports through the conductor. Refused (.error): an unknown user, a new name that is too long, reserved or already taken on that host. The new password is never published: --new-password - reads it from stdin (a hidden prompt on a terminal), and TROVE_NOTIFY_NEW_PASSWORD gives it from the environment. troveclient\'s --new_name, --new_password, --new_host work too.'
  static aliases = ['user-update-attributes', 'user:update:attributes']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 app --new-name app2',
    '<%= config.bin %> <%= command.id %> db1 app --new-password n3w --new-host 10.0.0.% --json',
    '<%= config.bin %> <%= command.id %> db1 app --new_password -   # the openstack spelling; reads stdin',
  ]
}
