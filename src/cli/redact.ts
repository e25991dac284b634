/**
 * Secrets out of debug output. `DEBUG=*` makes oclif print argv (and
 * anything else its `debug` loggers see); a stack under DEBUG or
 * TROVE_NOTIFY_DEBUG may hold a URL. Here the password arguments of the
 * command line are found — positional arguments and flags named *password*,
 * and the PASSWORD of NAME:PASSWORD pairs (`user change-password`, `--users`)
 * — using the commands' declarations from the oclif manifest (so a flag's
 * value is told from a positional argument), and passwords in the
 * environment (TROVE_NOTIFY_PASSWORD…); every debug line has them replaced
 * by `***`, URL passwords masked too.
 */
import {createRequire} from 'node:module'
import {readFileSync} from 'node:fs'
import {format, inspect} from 'node:util'
import {maskUrl} from '../messaging/transport-url.js'

/** What the redactor needs of a command (the manifest's shape). */
export interface CommandShape {
  readonly id: string
  readonly aliases?: readonly string[]
  readonly strict?: boolean
  readonly args?: Readonly<Record<string, {readonly name: string, readonly description?: string, readonly multiple?: boolean}>>
  readonly flags?: Readonly<Record<string, {
    readonly name: string
    readonly type: 'boolean' | 'option'
    readonly char?: string
    readonly multiple?: boolean
    readonly summary?: string
    readonly description?: string
  }>>
}

type Kind = 'whole' | 'pairs' | undefined

const PAIRS = /NAME:PASSWORD/i

function kindOf(name: string, text = ''): Kind {
  if (name === 'users' || PAIRS.test(name) || PAIRS.test(text)) return 'pairs'
  if (/password/i.test(name)) return 'whole'
  return undefined
}

function add(secrets: Set<string>, value: string, kind: Kind): void {
  if (!kind || value === '') return
  if (kind === 'whole') {
    secrets.add(value)
    return
  }
  for (const item of value.split(',')) {
    const colon = item.indexOf(':')
    if (colon < 0 || colon === item.length - 1) continue
    const password = item.slice(colon + 1)
    secrets.add(password)
    const at = password.lastIndexOf('@')
    if (at > 0) secrets.add(password.slice(0, at))
  }
}

function findCommand(argv: readonly string[], commands: readonly CommandShape[]): {command?: CommandShape, rest: readonly string[]} {
  const words: string[] = []
  for (const t of argv) {
    if (t.startsWith('-')) break
    words.push(t)
  }
  for (let k = Math.min(words.length, 4); k > 0; k--) {
    const id = words.slice(0, k).join(':')
    const command = commands.find((c) => c.id === id || (c.aliases ?? []).includes(id))
    if (command) return {command, rest: argv.slice(k)}
  }
  return {rest: argv}
}

/** The password values on a command line. */
export function secretsIn(argv: readonly string[], commands: readonly CommandShape[] = []): string[] {
  const secrets = new Set<string>()
  const {command, rest} = findCommand(argv, commands)
  const flags = Object.values(command?.flags ?? {})
  const args = Object.values(command?.args ?? {})
  const positional: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!
    if (t === '--') {
      positional.push(...rest.slice(i + 1))
      break
    }
    if (!t.startsWith('-') || t === '-') {
      positional.push(t)
      continue
    }
    const eq = t.indexOf('=')
    const name = t.startsWith('--') ? t.slice(2, eq > 0 ? eq : undefined) : t.slice(1, 2)
    const flag = flags.find((f) => (t.startsWith('--') ? f.name === name : f.char === name))
    // Unknown flags (no manifest, a typo): a value is assumed when the name says password or users.
    const kind = flag ? kindOf(flag.name, `${flag.summary ?? ''} ${flag.description ?? ''}`) : kindOf(name)
    const takesValue = flag ? flag.type === 'option' : kind !== undefined
    if (eq > 0) {
      add(secrets, t.slice(eq + 1), kind)
      continue
    }
    if (!takesValue) continue
    // oclif's multiple flags take every value up to the next flag.
    do {
      i++
      if (rest[i] !== undefined) add(secrets, rest[i]!, kind)
    } while (flag?.multiple && rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('-'))
  }
  positional.forEach((value, i) => {
    const arg = args[Math.min(i, args.length - 1)]
    // Beyond the declared arguments: the last one's kind when it takes several (or the command is not strict).
    if (!arg || (i >= args.length && command?.strict !== false && !arg.multiple)) return
    add(secrets, value, kindOf(arg.name, arg.description))
  })
  return [...secrets]
}

/** Passwords given in the environment (TROVE_NOTIFY_PASSWORD, TROVE_NOTIFY_NEW_PASSWORD, …): any variable named *PASSWORD*. */
export function secretsInEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.entries(env).filter(([k, v]) => /PASSWORD/i.test(k) && v).map(([, v]) => v!)
}

/** A function that masks URL passwords and replaces each secret (as typed, or as quoted by inspect/JSON) with ***. */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>()
  for (const s of secrets) {
    forms.add(s)
    forms.add(inspect(s).slice(1, -1))
    forms.add(JSON.stringify(s).slice(1, -1))
    forms.add(s.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))
  }
  const ordered = [...forms].filter((f) => f.length > 0).sort((a, b) => b.length - a.length)
  return (text) => {
    let out = maskUrl(text)
    for (const f of ordered) out = out.split(f).join('***')
    return out
  }
}

/** The commands of the built CLI's manifest (none when there is no manifest, e.g. bin/dev.js). */
export function manifestCommands(path: string | URL): CommandShape[] {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as {commands?: Record<string, CommandShape>}
    return Object.values(manifest.commands ?? {})
  } catch {
    return []
  }
}

/**
 * Route every `debug` logger (oclif's included) through the redactor. Called
 * by bin/run.js before oclif loads, only when DEBUG is set.
 */
export function installDebugRedaction(argv: readonly string[], manifestPath: string | URL): (text: string) => string {
  const redact = redactor([...secretsIn(argv, manifestCommands(manifestPath)), ...secretsInEnv()])
  const require = createRequire(import.meta.url)
  const debug = require('debug') as {log: (...args: unknown[]) => void, inspectOpts?: object}
  debug.log = (...args: unknown[]) => {
    process.stderr.write(`${redact(format(...args))}\n`)
  }
  return redact
}
