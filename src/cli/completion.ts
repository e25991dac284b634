/**
 * Resource names for shell completion: given the words typed so far (after
 * `trove-notify`, without the word being completed), which kind of resource
 * comes next — an instance for `instance show`, a flavor after `instance
 * create NAME`, a backup after `--parent` — and its names in the state.
 * Pure over the command declarations (the oclif config) and a lookup.
 */
export type ResourceKind = 'instance' | 'cluster' | 'backup' | 'configuration' | 'flavor' | 'datastore'

interface ArgShape {
  readonly name: string
}
interface FlagShape {
  readonly name: string
  readonly type: 'boolean' | 'option'
  readonly char?: string
}
export interface CommandShape {
  readonly id: string
  readonly aliases: readonly string[]
  readonly args: Readonly<Record<string, ArgShape>>
  readonly flags: Readonly<Record<string, FlagShape>>
}

/** The kind of resource an argument or flag names, by its name (instance, replica-of, parent…). */
export function kindOfName(name: string): ResourceKind | undefined {
  const n = name.toLowerCase()
  if (['instance', 'instances', 'replica-of', 'source'].includes(n)) return 'instance'
  if (['cluster'].includes(n)) return 'cluster'
  if (['backup', 'parent'].includes(n)) return 'backup'
  if (['configuration'].includes(n)) return 'configuration'
  if (['flavor', 'new-flavor'].includes(n)) return 'flavor'
  if (['datastore'].includes(n)) return 'datastore'
  return undefined
}

/** What comes next after `words`: a resource kind, with the flags seen (for --state, --tenant). */
export function nextResource(words: readonly string[], commands: readonly CommandShape[]): {kind?: ResourceKind, flags: Record<string, string>} {
  const flags: Record<string, string> = {}
  let k = Math.min(words.length, 4)
  let command: CommandShape | undefined
  for (; k > 0 && !command; k--) {
    const id = words.slice(0, k).join(':')
    command = commands.find((c) => c.id === id || c.aliases.includes(id))
    if (command) break
  }
  if (!command) return {flags}
  const defs = Object.values(command.flags)
  let positional = 0
  let pending: FlagShape | undefined
  for (const w of words.slice(k)) {
    if (pending) {
      flags[pending.name] = w
      pending = undefined
      continue
    }
    if (w.startsWith('-') && w !== '-') {
      const [name, value] = w.replace(/^-+/, '').split('=', 2) as [string, string | undefined]
      const flag = defs.find((f) => (w.startsWith('--') ? f.name === name : f.char === name))
      if (flag?.type === 'option') {
        if (value === undefined) pending = flag
        else flags[flag.name] = value
      }
      continue
    }
    positional++
  }
  if (pending) return {kind: kindOfName(pending.name), flags}
  const args = Object.values(command.args)
  const arg = args[Math.min(positional, args.length - 1)]
  // Repeatable targets (instance delete a b): the last argument keeps its kind.
  if (!arg || (positional >= args.length && !/s$/.test(arg.name) && arg.name !== 'instance')) return {flags}
  return {kind: kindOfName(arg.name), flags}
}
