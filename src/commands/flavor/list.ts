import {listOutputFlags} from '../../cli/flags.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class FlavorList extends WorldCommand {
  static summary = 'List the flavors of the simulated cloud.'
  static aliases = ['flavor-list']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> -f value -c id -c name', '<%= config.bin %> <%= command.id %> --json']
  static flags = {...listOutputFlags}

  async run() {
    const {flags} = await this.parse(FlavorList)
    this.settingsFrom(flags)
    const rows = this.world.catalogue.flavors()
    this.showList({columns: ['ID', 'Name', 'RAM (MB)', 'vCPUs', 'Disk (GB)'], rows: rows.map((f) => [f.id, f.name, f.ram, f.vcpus, f.disk])}, flags)
    return rows
  }
}
