import {declared} from '../../cli/declared-command.js'
import {USER_CREATE} from '../../inputs/database.js'

export default class UserCreate extends declared(USER_CREATE) {
  static summary = 'Create a database user: dbaas.user_create.start, .end (or .error). The password is never published.'
  static description = `The API validates and emits .start; the guest agent creates the user and reports through the conductor (.end with server_type conductor).
Refused (.error): an instance not of the MySQL family or not ACTIVE, a name longer than 16 characters, a reserved name (root, os_admin), a user that already exists on that host, a --databases entry that does not exist.
PASSWORD given as - is read from stdin; left out, it is taken from TROVE_NOTIFY_PASSWORD, or asked for with a hidden prompt on a terminal. The password is stored only as a salted hash.
Trove's API schema refuses, as a usage error (exit 2, nothing published): a name without a letter or digit, a password without one or over 255 characters, a --host other than letters, digits, _ and . with % first or last.`
  static aliases = ['user-create']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 app s3cret',
    '<%= config.bin %> <%= command.id %> db1 app s3cret --host 10.0.0.% --databases shop,crm --json',
    '<%= config.bin %> <%= command.id %> db1 app   # asks for the password',
    'printf \'%s\\n\' "$PW" | <%= config.bin %> <%= command.id %> db1 app -',
    'TROVE_NOTIFY_PASSWORD="$PW" <%= config.bin %> <%= command.id %> db1 app --databases shop crm',
  ]
}
