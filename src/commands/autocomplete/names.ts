import {Args, Flags} from '@oclif/core'
import {existsSync} from 'node:fs'
import {WorldCommand} from '../../cli/world-command.js'
import {type CommandShape, nextResource, type ResourceKind} from '../../cli/completion.js'
import {safe} from '../../cli/render/sanitize.js'
import type {World} from '../../state/world.js'

/** Names (and ids where they are short) of one kind of resource in the caller's tenant. */
function namesOf(world: World, kind: ResourceKind, tenant: string): string[] {
  switch (kind) {
    case 'instance': return world.instances.live(tenant).map((r) => r.name)
    case 'cluster': return world.clusters.live(tenant).map((r) => r.name)
    case 'backup': return world.backups.live(tenant).map((r) => r.name)
    case 'configuration': return world.configurations.live(tenant).map((r) => r.name)
    case 'flavor': return world.catalogue.flavors().flatMap((f) => [f.id, f.name])
    case 'datastore': return world.catalogue.datastores().map((d) => d.name)
  }
}

export default class AutocompleteNames extends WorldCommand {
  static hidden = true
  static summary = 'Resource names for shell completion (used by the bash and zsh scripts of `autocomplete`).'
  static strict = false
  static examples = ['<%= config.bin %> <%= command.id %> -- instance show']
  static args = {words: Args.string({description: 'The words typed after trove-notify, before the one being completed.'})}
  static flags = {debug: Flags.boolean({hidden: true})}

  async run() {
    const {argv} = await this.parse(AutocompleteNames)
    const {kind, flags} = nextResource(argv as string[], this.config.commands as unknown as CommandShape[])
    if (!kind) return []
    const settings = this.settingsFrom({state: flags.state, tenant: flags.tenant, 'config-file': flags['config-file']})
    // Completion never creates a world: no state file, no names.
    if (settings.statePath !== ':memory:' && !existsSync(settings.statePath)) return []
    const names = [...new Set(namesOf(this.world, kind, settings.tenant).map((n) => safe(n)).filter((n) => n !== '' && !/\s/.test(n)))]
    this.log(names.join('\n'))
    return names
  }
}
