import {declared} from '../../cli/declared-command.js'
import {USER_REVOKE} from '../../inputs/database.js'

export default class UserRevoke extends declared(USER_REVOKE) {
  static summary = "Revoke a user's access to a database: dbaas.user_revoke.start, .end (or .error)."
  static description = 'Finished in the API (server_type api). Refused (.error): an unknown user or database, access the user does not have, an instance not of the MySQL family or not ACTIVE.\nuser revoke access … is openstack database user revoke access (trove user-revoke-access); an instance named "access" is therefore written after --: user revoke --json -- access app shop (flags before the --).'
  static aliases = ['user-revoke-access', 'user:revoke:access']
  static examples = ['<%= config.bin %> <%= command.id %> db1 app shop', '<%= config.bin %> <%= command.id %> db1 app shop --host 10.0.0.% --json', '<%= config.bin %> user revoke access db1 app shop']
}
