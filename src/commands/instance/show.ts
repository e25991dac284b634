import {Args} from '@oclif/core'
import {showOutputFlags} from '../../cli/flags.js'
import {onlyOne} from '../../cli/lookup.js'
import {askIfMissing} from '../../cli/prompts.js'
import type {Shown} from '../../cli/render/format.js'
import {WorldCommand} from '../../cli/world-command.js'

export default class InstanceShow extends WorldCommand {
  static summary = 'Show an instance: status, flavor, volume, replicas, databases and users (no notification).'
  static aliases = ['show']
  static examples = [
    '<%= config.bin %> <%= command.id %> db1',
    '<%= config.bin %> <%= command.id %> db1 -f value -c status',
    'eval "$(<%= config.bin %> <%= command.id %> db1 -f shell --prefix db_)"; echo "$db_status"',
    '<%= config.bin %> <%= command.id %> db1 --json',
  ]
  static args = {instance: Args.string({description: 'Instance id or name.'})}
  static flags = {...showOutputFlags}

  async run() {
    const {args, flags} = await this.parse(InstanceShow)
    const settings = this.settingsFrom(flags)
    const ref = await askIfMissing(args.instance, {name: 'INSTANCE', message: 'Instance', example: 'trove-notify instance show db1'})
    const rows = this.world.instances.byRef(ref, settings.tenant)
    const {deleted_at: _deleted, ...inst} = onlyOne(rows, {kind: 'instance', ref, tenant: settings.tenant})
    const flavor = this.world.catalogue.flavor(inst.flavor_id)
    const shown = {
      ...inst,
      restart_required: inst.restart_required === 1,
      flavor_name: flavor?.name ?? null,
      ram: flavor?.ram ?? null,
      databases: this.world.databases.of(inst.id).map((d) => d.name),
      users: this.world.users.of(inst.id).map((u) => `${u.name}@${u.host}`),
      replicas: this.world.instances.replicasOf(inst.id).map((r) => r.id),
    }
    this.showOne(Object.entries(shown) as Shown, flags)
    return shown
  }
}
