import {table} from '../../cli/render/style.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class ClusterList extends WorldCommand {
  static summary = "List the caller's live clusters (no notification)."
  static aliases = ['cluster-list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run() {
    const {flags} = await this.parse(ClusterList)
    const settings = this.settingsFrom(flags)
    const rows = this.world.clusters.live(settings.tenant).map((c) => ({...c, instance_count: this.world.clusters.members(c.id).length}))
    this.log(rows.length === 0 ? 'No clusters.' : table(
      ['ID', 'Name', 'Datastore', 'Task', 'Members'],
      rows.map((r) => [r.id, r.name, `${r.datastore} ${r.datastore_version}`, r.task ?? 'NONE', r.instance_count]),
    ))
    return rows
  }
}
