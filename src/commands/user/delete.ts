import {declared} from '../../cli/declared-command.js'
import {USER_DELETE} from '../../inputs/database.js'

export default class UserDelete extends declared(USER_DELETE) {
  static summary = 'Delete a database user: dbaas.user_delete.start, .end (or .error).'
  static description = 'The guest agent drops the user (and its access) and reports through the conductor. Refused (.error): an unknown user on that host, a reserved name, an instance not of the MySQL family or not ACTIVE.'
  static aliases = ['user-delete']
  static examples = ['<%= config.bin %> <%= command.id %> db1 app', '<%= config.bin %> <%= command.id %> db1 app --host 10.0.0.% --json']
}
