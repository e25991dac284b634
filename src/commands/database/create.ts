import {Args, Flags} from '@oclif/core'
import {oneOrMany, OperationCommand} from '../../cli/operation-command.js'
import {askIfMissing} from '../../cli/prompts.js'
import {createDatabases} from '../../operations/database.js'

export default class DatabaseCreate extends OperationCommand {
  static summary = 'Create databases on an instance: dbaas.database_create.start, .end (or .error) — one lifecycle per database.'
  static description = `The API validates each database and emits .start; the guest agent creates it and reports through the conductor (.end with server_type conductor).
Refused (.error): an instance that is not of the MySQL family (mysql, mariadb, percona, pxc) or not ACTIVE, a name longer than 64 characters, a reserved name (mysql, information_schema, performance_schema, sys), a database that already exists, an unknown character set or a collation of another set.`
  static aliases = ['database-create']
  static strict = false
  static examples = [
    '<%= config.bin %> <%= command.id %> db1 shop',
    '<%= config.bin %> <%= command.id %> db1 shop crm --character-set utf8mb4 --collate utf8mb4_general_ci --json',
  ]
  static args = {
    instance: Args.string({description: 'Instance id or name.'}),
    name: Args.string({description: 'Database name (several allowed: one lifecycle each).'}),
  }
  static flags = {
    'character-set': Flags.string({summary: 'Character set of the databases (default utf8).'}),
    collate: Flags.string({summary: 'Collation of the databases (default utf8_general_ci, or <set>_general_ci).'}),
  }

  async run() {
    const {args, argv, flags} = await this.parse(DatabaseCreate)
    const example = 'trove-notify database create db1 shop'
    const instance = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example})
    const given = (argv as string[]).slice(1)
    const names = given.length > 0 ? given : [await askIfMissing(undefined, {name: 'NAME', message: 'Database name', example})]
    return this.perform(flags, async (ctx) => oneOrMany(await createDatabases(ctx, {
      instance, names, characterSet: flags['character-set'], collate: flags.collate,
    })))
  }
}
