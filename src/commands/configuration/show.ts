import {Args} from '@oclif/core'
import {showOutputFlags} from '../../cli/flags.js'
import {lookup} from '../../cli/lookup.js'
import {askIfMissing} from '../../cli/prompts.js'
import {Formatted, type Shown, type Value} from '../../cli/render/format.js'
import {WorldCommand} from '../../cli/world-command.js'
import {valuesOf} from '../../operations/configuration.js'
import {findConfiguration} from '../../operations/resolve.js'

export default class ConfigurationShow extends WorldCommand {
  static summary = 'Show a configuration group: its values and the instances using it (no notification).'
  static description = 'Fields: id, name, description, datastore, datastore_version, created_at, updated_at, values.<parameter> for each value, and instances (name, id, whether a restart is required).'
  static aliases = ['configuration-show']
  static examples = ['<%= config.bin %> <%= command.id %> tuned', '<%= config.bin %> <%= command.id %> tuned -f value -c values.max_connections', '<%= config.bin %> <%= command.id %> tuned --json']
  static args = {configuration: Args.string({description: 'Configuration group id or name.'})}
  static flags = {...showOutputFlags}

  async run() {
    const {args, flags} = await this.parse(ConfigurationShow)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.configuration, {name: 'CONFIGURATION', message: 'Configuration group', example: 'trove-notify configuration show tuned'})
    const row = lookup(() => findConfiguration(this.world, settings.tenant, ref), 'see `trove-notify configuration list`')
    const values = valuesOf(row)
    const instances = this.world.configurations.attachedTo(row.id).map((i) => ({id: i.id, name: i.name, restart_required: i.restart_required === 1}))
    const shown = {
      id: row.id, name: row.name, description: row.description, datastore: row.datastore, datastore_version: row.datastore_version,
      created_at: row.created_at, updated_at: row.updated_at, values, instances,
    }
    const fields: Array<[string, Value]> = [
      ...Object.entries(shown).filter(([k]) => k !== 'values' && k !== 'instances') as Array<[string, Value]>,
      ...Object.entries(values).map(([k, v]): [string, Value] => [`values.${k}`, new Formatted(JSON.stringify(v), v)]),
      ['instances', new Formatted(instances.map((i) => `${i.name} (${i.id})${i.restart_required ? ' restart required' : ''}`), instances)],
    ]
    this.showOne(fields as Shown, flags)
    return shown
  }
}
