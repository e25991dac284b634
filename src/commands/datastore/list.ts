import {listOutputFlags} from '../../cli/flags.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class DatastoreList extends WorldCommand {
  static summary = 'List the datastores, their versions and what they support.'
  static aliases = ['datastore-list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -f value -c name', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...listOutputFlags}

  async run() {
    const {flags} = await this.parse(DatastoreList)
    this.settingsFrom(flags)
    const rows = this.world.catalogue.datastores().map((d) => ({
      name: d.name,
      versions: [...this.world.catalogue.versions(d.name)],
      default_version: d.default_version,
      clusters: Boolean(d.supports_clusters),
      databases_and_users: Boolean(d.supports_users),
      shards: Boolean(d.supports_shards),
    }))
    this.showList({
      columns: ['Name', 'Versions', 'Default', 'Clusters', 'Databases/users', 'Shards'],
      hidden: ['Shards'],
      rows: rows.map((d) => [d.name, d.versions, d.default_version, d.clusters, d.databases_and_users, d.shards]),
    }, flags)
    return rows
  }
}
