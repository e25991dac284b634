import {declared} from '../../cli/declared-command.js'
import {USER_GRANT} from '../../inputs/database.js'

export default class UserGrant extends declared(USER_GRANT) {
  static summary = 'Grant a user access to databases: dbaas.user_grant.start, .end (or .error) — one lifecycle per database.'
  static description = 'Finished in the API (server_type api). Refused (.error): an unknown user or database, an instance not of the MySQL family or not ACTIVE. Granting access the user already has succeeds, as in MySQL.\nuser grant access … is openstack database user grant access (trove user-grant-access); an instance named "access" is therefore written after --: user grant --json -- access app shop (flags before the --).'
  static aliases = ['user-grant-access', 'user:grant:access']
  static examples = ['<%= config.bin %> <%= command.id %> db1 app shop', '<%= config.bin %> <%= command.id %> db1 app shop crm --host 10.0.0.% --json', '<%= config.bin %> user grant access db1 app shop crm']
}
