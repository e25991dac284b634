/**
 * Missing required arguments: asked for with a prompt on a terminal, a usage
 * error (exit 2) naming the argument and an example otherwise. A flavor or a
 * datastore is a choice from the world's real lists (RAM, vCPUs and disk of
 * each flavor; each datastore's versions); a volume size is asked with its
 * default shown. Ctrl-C at a prompt ends the command quietly with 130 (the
 * base command turns inquirer's ExitPromptError into that).
 */
import type {Catalogue} from '../state/catalogue.js'
import {UsageError} from '../util/errors.js'
import {parseNumber} from './flags.js'
import {safe} from './render/sanitize.js'

export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI
}

export interface Choice {
  readonly value: string
  /** The line shown in the list (default: the value). */
  readonly name?: string
}

export interface Ask {
  /** The argument's name as in the usage line, e.g. FLAVOR. */
  readonly name: string
  readonly message: string
  /** A full example command, shown in the usage error. */
  readonly example: string
  /** Choices for a select prompt (value, label); a function is called only when the prompt is shown. */
  readonly choices?: ReadonlyArray<Choice> | (() => ReadonlyArray<Choice>)
  /** The choice (or text) picked when the user just presses Enter. */
  readonly default?: string
  readonly password?: boolean
}

/** The value if given, else a prompt's answer on a TTY, else a usage error. */
export async function askIfMissing(value: string | undefined, ask: Ask): Promise<string> {
  if (value !== undefined && value !== '') return value
  if (!interactive()) throw new UsageError(`missing argument ${ask.name}`, `give it on the command line, e.g. ${ask.example}`)
  return prompt(ask)
}

async function prompt(ask: Ask): Promise<string> {
  const prompts = await import('@inquirer/prompts')
  const choices = typeof ask.choices === 'function' ? ask.choices() : ask.choices
  if (choices && choices.length > 0) {
    return prompts.select({
      message: ask.message,
      choices: choices.map((ch) => ({value: ch.value, name: safe(ch.name ?? ch.value)})),
      default: ask.default,
      pageSize: 12,
    })
  }
  if (ask.password) return prompts.password({message: ask.message, mask: '*'})
  return prompts.input({message: ask.message, default: ask.default, validate: (s) => s.trim() !== '' || `${ask.name} is required`})
}

/** An optional value: asked (default shown) only on a terminal where the command is already asking; else left as given. */
export async function askOptional(value: string | undefined, asking: boolean, ask: Omit<Ask, 'example'>): Promise<string | undefined> {
  if (value !== undefined || !asking || !interactive()) return value
  return prompt({...ask, example: ''})
}

/** A whole number asked with its default shown (`Volume size in GB (1)`), checked as the flags are. */
export async function askWholeNumber(value: number | undefined, asking: boolean, ask: {name: string, message: string, default: number, min?: number}): Promise<number | undefined> {
  if (value !== undefined || !asking || !interactive()) return value
  const prompts = await import('@inquirer/prompts')
  const answer = await prompts.input({
    message: ask.message,
    default: String(ask.default),
    validate: (s) => {
      try {
        parseNumber(s, {whole: true, min: ask.min})
        return true
      } catch (err) {
        return (err as Error).message
      }
    },
  })
  return parseNumber(answer, {whole: true, min: ask.min})
}

/** Every flavor of the world: `m1.small — 2048 MB RAM, 1 vCPU, 20 GB disk (id 2)`. */
export function flavorChoices(catalogue: Catalogue): Choice[] {
  return catalogue.flavors().map((f) => ({
    value: f.id,
    name: `${f.name} — ${f.ram} MB RAM, ${f.vcpus} vCPU${f.vcpus === 1 ? '' : 's'}, ${f.disk} GB disk (id ${f.id})`,
  }))
}

/** Every datastore with its versions: `mysql — versions 5.7, 8.0 (default 8.0)`; only those with clusters when `clusters`. */
export function datastoreChoices(catalogue: Catalogue, o: {clusters?: boolean} = {}): Choice[] {
  return catalogue.datastores().filter((d) => !o.clusters || d.supports_clusters).map((d) => ({
    value: d.name,
    name: `${d.name} — versions ${catalogue.versions(d.name).join(', ')} (default ${d.default_version})`,
  }))
}

/** The versions of one datastore, its default marked. */
export function versionChoices(catalogue: Catalogue, datastore: string): Choice[] {
  const d = catalogue.datastore(datastore)
  return catalogue.versions(datastore).map((v) => ({value: v, name: v === d?.default_version ? `${v} (default)` : v}))
}
