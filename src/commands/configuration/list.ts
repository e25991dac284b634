import {listOutputFlags} from '../../cli/flags.js'
import {timestamp} from '../../cli/render/format.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class ConfigurationList extends WorldCommand {
  static summary = "List the caller's configuration groups (no notification)."
  static description = 'Columns: ID, Name, Datastore, Description, Instances (how many use it). More with -c: Version, Created, Updated.'
  static aliases = ['configuration-list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -f value -c id -c name', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...listOutputFlags}

  async run() {
    const {flags} = await this.parse(ConfigurationList)
    const settings = this.settingsFrom(flags)
    const groups = this.world.configurations.live(settings.tenant)
    const rows = groups.map((r) => ({
      id: r.id, name: r.name, datastore: r.datastore, datastore_version: r.datastore_version, description: r.description,
      instance_count: this.world.configurations.attachedTo(r.id).length,
    }))
    this.showList({
      columns: ['ID', 'Name', 'Datastore', 'Description', 'Instances', 'Version', 'Created', 'Updated'],
      hidden: ['Version', 'Created', 'Updated'],
      rows: rows.map((r, i) => [r.id, r.name, `${r.datastore} ${r.datastore_version}`, r.description, r.instance_count,
        r.datastore_version, timestamp(groups[i]!.created_at), timestamp(groups[i]!.updated_at)]),
      empty: 'No configuration groups.',
    }, flags)
    return rows
  }
}
