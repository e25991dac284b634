import {Args} from '@oclif/core'
import {listOutputFlags} from '../../cli/flags.js'
import {lookup} from '../../cli/lookup.js'
import {askIfMissing} from '../../cli/prompts.js'
import {safe} from '../../cli/render/sanitize.js'
import {WorldCommand} from '../../cli/world-command.js'
import {findInstance} from '../../operations/resolve.js'

export default class UserList extends WorldCommand {
  static summary = 'List the users of an instance and the databases each may access (no notification).'
  static aliases = ['user-list']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> <%= command.id %> db1 -f value -c name', '<%= config.bin %> <%= command.id %> db1 --json']
  static args = {instance: Args.string({description: 'Instance id or name.'})}
  static flags = {...listOutputFlags}

  async run() {
    const {args, flags} = await this.parse(UserList)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example: 'trove-notify user list db1'})
    const inst = lookup(() => findInstance(this.world, settings.tenant, ref), 'see `trove-notify instance list`')
    // Only names, hosts and access: never the password hash.
    const rows = this.world.users.of(inst.id).map((u) => ({name: u.name, host: u.host, databases: [...this.world.users.grants(inst.id, {name: u.name, host: u.host})]}))
    this.showList({
      columns: ['Name', 'Host', 'Databases'],
      rows: rows.map((u) => [u.name, u.host, u.databases]),
      empty: `No users on ${safe(inst.name)}.`,
    }, flags)
    return rows
  }
}
