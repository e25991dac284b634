import {listOutputFlags} from '../../cli/flags.js'
import {timestamp} from '../../cli/render/format.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class ClusterList extends WorldCommand {
  static summary = "List the caller's live clusters (no notification)."
  static description = 'Columns: ID, Name, Datastore, Task, Members. More with -c: Version, Created, Updated.'
  static aliases = ['cluster-list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -f value -c id', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...listOutputFlags}

  async run() {
    const {flags} = await this.parse(ClusterList)
    const settings = this.settingsFrom(flags)
    const rows = this.world.clusters.live(settings.tenant).map((c) => ({...c, instance_count: this.world.clusters.members(c.id).length}))
    this.showList({
      columns: ['ID', 'Name', 'Datastore', 'Task', 'Members', 'Version', 'Created', 'Updated'],
      hidden: ['Version', 'Created', 'Updated'],
      rows: rows.map((r) => [r.id, r.name, `${r.datastore} ${r.datastore_version}`, r.task ?? 'NONE', r.instance_count,
        r.datastore_version, timestamp(r.created_at), timestamp(r.updated_at)]),
      empty: 'No clusters.',
    }, flags)
    return rows
  }
}
