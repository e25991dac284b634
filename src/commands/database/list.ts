import {Args} from '@oclif/core'
import {listOutputFlags} from '../../cli/flags.js'
import {lookup} from '../../cli/lookup.js'
import {askIfMissing} from '../../cli/prompts.js'
import {safe} from '../../cli/render/sanitize.js'
import {WorldCommand} from '../../cli/world-command.js'
import {findInstance} from '../../operations/resolve.js'

export default class DatabaseList extends WorldCommand {
  static summary = 'List the databases of an instance (no notification).'
  static aliases = ['database-list']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> <%= command.id %> db1 -f value -c name', '<%= config.bin %> <%= command.id %> db1 --json']
  static args = {instance: Args.string({description: 'Instance id or name.'})}
  static flags = {...listOutputFlags}

  async run() {
    const {args, flags} = await this.parse(DatabaseList)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example: 'trove-notify database list db1'})
    const inst = lookup(() => findInstance(this.world, settings.tenant, ref), 'see `trove-notify instance list`')
    const rows = this.world.databases.of(inst.id).map((d) => ({name: d.name, character_set: d.character_set, collation: d.collation}))
    this.showList({
      columns: ['Name', 'Character set', 'Collation'],
      rows: rows.map((d) => [d.name, d.character_set, d.collation]),
      empty: `No databases on ${safe(inst.name)}.`,
    }, flags)
    return rows
  }
}
