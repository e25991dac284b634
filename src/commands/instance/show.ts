import {Args} from '@oclif/core'
import {askIfMissing} from '../../cli/prompts.js'
import {table} from '../../cli/render/style.js'
import {WorldCommand} from '../../cli/world-command.js'
import {UsageError} from '../../util/errors.js'

export default class InstanceShow extends WorldCommand {
  static summary = 'Show an instance: status, flavor, volume, replicas, databases and users (no notification).'
  static aliases = ['show']
  static examples = ['<%= config.bin %> <%= command.id %> db1', '<%= config.bin %> <%= command.id %> db1 --json']
  static args = {instance: Args.string({description: 'Instance id or name.'})}

  async run() {
    const {args, flags} = await this.parse(InstanceShow)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example: 'trove-notify instance show db1'})
    const rows = this.world.instances.byRef(ref, settings.tenant)
    if (rows.length === 0) throw new UsageError(`no instance "${ref}" in tenant ${settings.tenant}`, 'see `trove-notify instance list`')
    if (rows.length > 1) throw new UsageError(`several instances are named "${ref}"`, `use an id: ${rows.map((r) => r.id).join(', ')}`)
    const inst = rows[0]!
    const databases = this.world.databases.of(inst.id).map((r) => r.name)
    const users = this.world.users.of(inst.id).map((r) => `${r.name}@${r.host}`)
    const replicas = this.world.instances.replicasOf(inst.id).map((r) => r.id)
    const flavor = this.world.catalogue.flavor(inst.flavor_id)
    const shown = {...inst, flavor_name: flavor?.name, ram: flavor?.ram, databases, users, replicas}
    this.log(table(['Property', 'Value'], Object.entries(shown)
      .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)])))
    return shown
  }
}
