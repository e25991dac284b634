import {declared} from '../../cli/declared-command.js'
import {USER_CHANGE_PASSWORD} from '../../inputs/database.js'

export default class UserChangePassword extends declared(USER_CHANGE_PASSWORD) {
  static summary = "Change users' passwords: dbaas.user_change_password.start, .end (or .error) — one lifecycle per user."
  static description = `The guest agent changes each password and reports through the conductor. Refused (.error): an unknown user, an instance not of the MySQL family or not ACTIVE.
A NAME without :PASSWORD (or NAME:-, read from stdin, one line per user) takes its password from TROVE_NOTIFY_PASSWORD, or a hidden prompt on a terminal. Neither troveclient CLI has this command (Trove's PUT /users). Passwords are never published, printed or stored in clear text.`
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 app:n3w',
    '<%= config.bin %> <%= command.id %> db1 app:n3w report:0th3r --json',
    '<%= config.bin %> <%= command.id %> db1 app   # asks for the password',
    'printf \'%s\\n%s\\n\' "$PW1" "$PW2" | <%= config.bin %> <%= command.id %> db1 app:- report:-',
  ]
}
