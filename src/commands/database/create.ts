import {declared} from '../../cli/declared-command.js'
import {DATABASE_CREATE} from '../../inputs/database.js'

export default class DatabaseCreate extends declared(DATABASE_CREATE) {
  static summary = 'Create databases on an instance: dbaas.database_create.start, .end (or .error) — one lifecycle per database.'
  static description = `The API validates each database and emits .start; the guest agent creates it and reports through the conductor (.end with server_type conductor).
Refused (.error): an instance that is not of the MySQL family (mysql, mariadb, percona, pxc) or not ACTIVE, a name longer than 64 characters, a reserved name (mysql, information_schema, performance_schema, sys), a database that already exists, an unknown character set or a collation of another set.`
  static aliases = ['database-create', 'db:create']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 shop',
    '<%= config.bin %> <%= command.id %> db1 shop crm --character-set utf8mb4 --collate utf8mb4_general_ci --json',
  ]
}
