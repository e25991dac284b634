import {table} from '../../cli/render/style.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class ConfigurationList extends WorldCommand {
  static summary = "List the caller's configuration groups (no notification)."
  static aliases = ['configuration-list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run() {
    const {flags} = await this.parse(ConfigurationList)
    const settings = this.settingsFrom(flags)
    const rows = this.world.configurations.live(settings.tenant).map((r) => ({
      id: r.id, name: r.name, datastore: r.datastore, datastore_version: r.datastore_version, description: r.description,
      instance_count: this.world.configurations.attachedTo(r.id).length,
    }))
    this.log(rows.length === 0 ? 'No configuration groups.' : table(
      ['ID', 'Name', 'Datastore', 'Description', 'Instances'],
      rows.map((r) => [r.id, r.name, `${r.datastore} ${r.datastore_version}`, r.description ?? '', r.instance_count]),
    ))
    return rows
  }
}
