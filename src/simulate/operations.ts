/**
 * Every operation the simulator can run, gathered from the `entries/`
 * modules, and how a name in --mix or a scenario file finds its entry
 * (`instance_create`, `instance create`, `instance:create`,
 * `dbaas.instance_create` all name the same one).
 */
import {backupEntries} from './entries/backup.js'
import {beyondSpecEntries} from './entries/beyond-spec.js'
import {clusterEntries} from './entries/cluster.js'
import {configurationEntries} from './entries/configuration.js'
import {databaseEntries} from './entries/database.js'
import {instanceEntries} from './entries/instance.js'
import {replicationEntries} from './entries/replication.js'
import type {SimOperation} from './registry.js'

export const SIM_OPERATIONS: readonly SimOperation[] = [
  ...instanceEntries,
  ...replicationEntries,
  ...configurationEntries,
  ...clusterEntries,
  ...backupEntries,
  ...databaseEntries,
  // weight 0: selected with --mix or a scenario step (the default mix stays the spec's)
  ...beyondSpecEntries,
]

const BY_KIND = new Map(SIM_OPERATIONS.map((e) => [e.kind, e]))

/** `instance resize-volume`, `instance:resize-volume`, `dbaas.instance_resize_volume` → `instance_resize_volume`. */
export function normaliseKind(name: string): string {
  return name.trim().toLowerCase().replace(/^dbaas\./, '').replace(/[\s:.\-]+/g, '_')
}

export function findSimOperation(name: string): SimOperation | undefined {
  return BY_KIND.get(normaliseKind(name))
}

/** The kinds closest to a misspelt name, for "did you mean". */
export function suggestKinds(name: string): string[] {
  const n = normaliseKind(name)
  const score = (k: string): number => {
    // shared prefix and shared words, crude but enough to catch typos
    let p = 0
    while (p < k.length && p < n.length && k[p] === n[p]) p++
    const words = new Set(n.split('_'))
    return p + 3 * k.split('_').filter((w) => words.has(w)).length
  }
  return [...BY_KIND.keys()].sort((a, b) => score(b) - score(a)).slice(0, 3)
}

/** The kinds, their default weights and their scenario arguments as a Markdown table (docs/simulate.md holds a copy). */
export function operationsTable(): string {
  const rows = SIM_OPERATIONS.map((e) => `| \`${e.kind}\` | ${e.weight} | ${Object.entries(e.params)
    .map(([k, p]) => `\`${k}\`${p.required ? '*' : ''}${p.type === 'string' ? '' : ` (${p.type})`}`).join(', ')} |`)
  return ['| kind | weight | arguments (* required) |', '|---|---|---|', ...rows].join('\n')
}
