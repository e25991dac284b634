import {Args} from '@oclif/core'
import {OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {deleteDatabase} from '../../operations/database.js'

export default class DatabaseDelete extends OperationCommand {
  static summary = 'Delete a database from an instance: dbaas.database_delete.start, .end (or .error).'
  static description = 'The guest agent drops the database (and every user\'s access to it) and reports through the conductor. Refused (.error): an unknown database, a reserved name, an instance not of the MySQL family or not ACTIVE.'
  static aliases = ['database-delete']
  static examples = ['<%= config.bin %> <%= command.id %> db1 shop', '<%= config.bin %> <%= command.id %> db1 shop --fail "guest timed out" --json']
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    name: Args.string({description: 'Database name.'}),
  }

  async run() {
    const {args, flags} = await this.parse(DatabaseDelete)
    const example = 'trove-notify database delete db1 shop'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const name = await askIfMissing(args.name, {name: 'NAME', message: 'Database to delete', example})
    return this.perform(flags, (ctx) => deleteDatabase(ctx, instance, name))
  }
}
