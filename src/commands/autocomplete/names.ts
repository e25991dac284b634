import {Args, Flags} from '@oclif/core'
import {existsSync} from 'node:fs'
import {WorldCommand} from '../../cli/world-command.js'
import {type CommandShape, nextResource, type ResourceKind} from '../../cli/completion.js'
import {safe} from '../../cli/render/sanitize.js'
import {liveBackups} from '../../state/backups.js'
import {liveClusters} from '../../state/clusters.js'
import {configurations} from '../../operations/configuration.js'
import type {Store} from '../../state/store.js'

/** Names (and ids where they are short) of one kind of resource in the caller's tenant. */
function namesOf(store: Store, kind: ResourceKind, tenant: string): string[] {
  switch (kind) {
    case 'instance': return store.instances(tenant).map((r) => r.name)
    case 'cluster': return liveClusters(store, tenant).map((r) => r.name)
    case 'backup': return liveBackups(store, tenant).map((r) => r.name)
    case 'configuration': return configurations(store, tenant).map((r) => r.name)
    case 'flavor': return store.flavors().flatMap((f) => [f.id, f.name])
    case 'datastore': return store.datastores().map((d) => d.name)
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
    const names = [...new Set(namesOf(this.store, kind, settings.tenant).map((n) => safe(n)).filter((n) => n !== '' && !/\s/.test(n)))]
    this.log(names.join('\n'))
    return names
  }
}
