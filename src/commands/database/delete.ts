import {declared} from '../../cli/declared-command.js'
import {DATABASE_DELETE} from '../../inputs/database.js'

export default class DatabaseDelete extends declared(DATABASE_DELETE) {
  static summary = 'Delete a database from an instance: dbaas.database_delete.start, .end (or .error).'
  static description = 'The guest agent drops the database (and every user\'s access to it) and reports through the conductor. Refused (.error): an unknown database, a reserved name, an instance not of the MySQL family or not ACTIVE.'
  static aliases = ['database-delete', 'db:delete']
  static examples = ['<%= config.bin %> <%= command.id %> db1 shop', '<%= config.bin %> <%= command.id %> db1 shop --fail "guest timed out" --json']
}
