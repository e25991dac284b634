import {table} from '../../cli/render/style.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class FlavorList extends WorldCommand {
  static summary = 'List the flavors of the simulated cloud.'
  static aliases = ['flavor-list']
  static examples = ['<%= config.bin %> <%= command.id %>']

  async run() {
    const {flags} = await this.parse(FlavorList)
    this.settingsFrom(flags)
    const rows = this.world.catalogue.flavors()
    this.log(table(['ID', 'Name', 'RAM (MB)', 'vCPUs', 'Disk (GB)'], rows.map((f) => [f.id, f.name, f.ram, f.vcpus, f.disk])))
    return rows
  }
}
