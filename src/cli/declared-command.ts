/**
 * The command line of a declared operation (src/inputs), derived from its
 * declaration: the oclif args and flags (troveclient's spellings as flag
 * aliases), the usage lines, and one `run()` that turns what was typed into
 * the operation's input — positional arguments placed, lists taken as
 * troveclient takes them (`--databases a b`) and in the comma form, missing
 * arguments asked for on a terminal, passwords read from stdin, the
 * environment or a hidden prompt, Trove's input rules applied (a usage
 * error, exit 2, before anything is published) — then calls the operation.
 * With `--dry-run` it prints the input instead and opens nothing.
 */
import {Args, Flags, type Interfaces} from '@oclif/core'
import {type DeclaredOperation} from '../inputs/index.js'
import {
  argName, type Declaration, type Field, flagName, inputProblem, Problem, showInput,
} from '../inputs/schema.js'
import {call} from '../operations/calls.js'
import {DEFAULT_VOLUME_SIZE} from '../operations/instance.js'
import {DEFAULT_DATASTORE} from '../operations/resolve.js'
import {UsageError} from '../util/errors.js'
import {integerFlag} from './flags.js'
import {type CommandResult, OperationCommand, type OperationFlags} from './operation-command.js'
import {askIfMissing, askOptional, askWholeNumber, type Choice, datastoreChoices, flavorChoices, interactive, versionChoices} from './prompts.js'
import {renderDryRun} from './render/input.js'
import {fillSecrets, PASSWORD_ENV, type SecretSlot} from './secrets.js'

type Fields = Readonly<Record<string, Field>>

const cliOf = (f: Field) => (f.cli === false ? undefined : f.cli ?? {})
const isPositional = (f: Field) => Boolean(cliOf(f)?.positional)

/** The flag a field declares on the command (none for positional-only, CLI-less and shared fields). */
function declaredFlag(name: string, f: Field): string | undefined {
  return cliOf(f)?.shared ? undefined : flagName(name, f)
}

/** Help text of a flag: its summary, how a list is given, troveclient's other spellings. */
function flagSummary(name: string, f: Field): string {
  const cli = cliOf(f)!
  const flag = flagName(name, f)!
  const parts = [f.summary]
  if (cli.positional) parts.push(`Instead of the ${argName(name, f)} argument (the openstack database spelling).`)
  if (f.many && cli.repeat) parts.push('Repeatable.')
  else if (f.many) parts.push(`Several: --${flag} A B (space-separated, as troveclient)${cli.comma ? ` or --${flag} A,B` : ''}.`)
  if (cli.aliases?.length) parts.push(`Also ${cli.aliases.map((a) => `--${a}`).join(', ')}.`)
  return parts.join(' ')
}

/** The oclif args of a declaration: its positional fields, in order (the last list takes the rest). */
export function declaredArgs(decl: Declaration): Interfaces.ArgInput {
  const out: Record<string, ReturnType<typeof Args.string>> = {}
  for (const [name, f] of Object.entries(decl.fields as Fields)) {
    if (!isPositional(f)) continue
    // As help shows them: required when the command asks for it, the list last.
    const cli = cliOf(f)!
    out[argName(name, f).toLowerCase()] = Args.string({
      description: f.summary, ignoreStdin: true, required: Boolean(cli.ask && !cli.unless), multiple: f.many ? true : undefined,
    })
  }
  return out as Interfaces.ArgInput
}

/** The oclif flags of a declaration, plus `--dry-run`. */
export function declaredFlags(decl: Declaration): Interfaces.FlagInput {
  const out: Record<string, unknown> = {
    'dry-run': Flags.boolean({
      summary: 'Check the request and print the operation and input it would run (passwords hidden); nothing is published, the world is not opened.',
      helpGroup: 'SIMULATION',
    }),
  }
  for (const [name, f] of Object.entries(decl.fields as Fields)) {
    const flag = declaredFlag(name, f)
    if (!flag) continue
    const cli = cliOf(f)!
    const common = {
      summary: flagSummary(name, f),
      aliases: cli.aliases ? [...cli.aliases] : undefined,
      char: cli.char,
      env: cli.env,
      helpValue: cli.value,
      defaultHelp: cli.defaultHelp === undefined ? undefined : async () => cli.defaultHelp!,
    }
    if (f.codec.param === 'boolean') out[flag] = Flags.boolean({summary: common.summary, aliases: common.aliases})
    else if (f.codec.param === 'integer' && !f.many) out[flag] = integerFlag(common)
    else {
      const options = f.codec.shape.includes('|') ? f.codec.shape.split('|') : undefined
      out[flag] = f.many
        ? Flags.string({...common, options, multiple: true, multipleNonGreedy: cli.repeat ? true : undefined})
        : Flags.string({...common, options})
    }
  }
  return out as Interfaces.FlagInput
}

/**
 * The command's words in a usage line. Help puts them in front of the usage
 * itself (its command id has spaces: nothing to add); the generated README
 * renders the usage alone, with the id in colon form: write it with spaces.
 */
// (No space inside the tag: help wraps long usage lines at a space, and a tag cut in two breaks the README generator.)
const ID = "<%=command.id.includes(':')?command.id.replaceAll(':','\\u0020')+'\\u0020':''%>"

/** Usage lines: the positional arguments (required ones bare, lists with "..."), and the flag forms of those that have one. */
export function declaredUsage(decl: Declaration): string[] {
  const fields = Object.entries(decl.fields as Fields).filter(([, f]) => isPositional(f))
  const word = ([name, f]: [string, Field]) => {
    const cli = cliOf(f)!
    const base = `${argName(name, f)}${f.many ? '...' : ''}`
    return cli.ask && !cli.unless ? base : `[${base}]`
  }
  const lines = [`${ID}${fields.map(word).join(' ')} [FLAGS]`]
  const alternates = fields.filter(([, f]) => cliOf(f)!.flag)
  if (alternates.length > 0) {
    const rest = fields.filter(([, f]) => !cliOf(f)!.flag).map(word)
    const flags = alternates.map(([name, f]) => {
      const cli = cliOf(f)!
      return `${cli.char ? `-${cli.char}` : `--${cli.flag}`} ${argName(name, f)}`
    })
    lines.push(`${ID}${[...rest, ...flags].join(' ')} [FLAGS]`)
  }
  return lines
}

/** What a field is called in messages: its argument name, or its flag. */
function label(name: string, f: Field, byFlag: boolean): string {
  return byFlag || !isPositional(f) ? `--${flagName(name, f)}` : argName(name, f)
}

/** "SIZE must be…", "--users: User name 'x' is not valid…". */
function phrase(label: string, problem: string): string {
  return /^(must|is|needs|has|cannot|gives?) /.test(problem) ? `${label} ${problem}` : `${label}: ${problem}`
}

export abstract class DeclaredCommand extends OperationCommand {
  /** The operation's input declaration (src/inputs). */
  static declaration: Declaration
  /** Input values the command itself sets (`instance force delete`: force). */
  static preset: Readonly<Record<string, unknown>> = {}

  async run(): Promise<CommandResult | {dry_run: true, operation: string, input: Record<string, unknown>}> {
    const ctor = this.constructor as typeof DeclaredCommand
    const decl = ctor.declaration
    const fields = decl.fields as Fields
    // oclif's parse spreads the options it is given: name the inherited statics explicitly. The args
    // are placed below (a missing one is asked for), so oclif takes them all as optional and single.
    const relaxed = Object.fromEntries(Object.entries(ctor.args).map(([k, a]) => [k, {...a, required: false, multiple: false}]))
    const {flags, raw} = await this.parse({
      args: relaxed, flags: ctor.flags, baseFlags: ctor.baseFlags, enableJsonFlag: ctor.enableJsonFlag,
      strict: !Object.values(ctor.args).some((a) => a.multiple),
    })
    const byFlag = new Set<string>()
    const texts = new Map<string, Array<string | number | boolean>>()

    // ---- flags -------------------------------------------------------------
    for (const [name, f] of Object.entries(fields)) {
      const flag = flagName(name, f)
      const v = flag && cliOf(f) ? (flags as Record<string, unknown>)[flag] : undefined
      if (v === undefined || v === false) continue
      byFlag.add(name)
      texts.set(name, Array.isArray(v) ? v : [v as string | number | boolean])
    }

    // ---- positional arguments ------------------------------------------------
    const tokens = raw.filter((t) => t.type === 'arg').map((t) => t.input)
    let slots = Object.entries(fields).filter(([name, f]) => isPositional(f) && !byFlag.has(name))
    const dropped: string[] = []
    // A lead argument is positional only when every positional is given (`backup create NAME -i INSTANCE`).
    while (tokens.length < slots.length) {
      const lead = slots.find(([, f]) => cliOf(f)!.positional === 'lead')
      if (!lead) break
      dropped.push(lead[0])
      slots = slots.filter((s) => s !== lead)
    }
    let at = 0
    for (const [name, f] of slots) {
      if (at >= tokens.length) break
      texts.set(name, f.many ? tokens.slice(at) : [tokens[at]!])
      at = f.many ? tokens.length : at + 1
    }
    if (at < tokens.length) {
      const twice = Object.entries(fields).find(([name, f]) => isPositional(f) && byFlag.has(name))
      if (twice) {
        const [name, f] = twice
        throw new UsageError(`${argName(name, f)} is given twice: as an argument and with --${flagName(name, f)}`, `give one of them, e.g. ${decl.example}`)
      }
      throw new UsageError(`unexpected argument ${JSON.stringify(tokens[at])}`, `e.g. ${decl.example}`)
    }

    // ---- text → values ---------------------------------------------------------
    const input: Record<string, unknown> = {}
    const parse = (name: string, f: Field, items: ReadonlyArray<string | number | boolean>): void => {
      const split: ReadonlyArray<string | number | boolean> = cliOf(f)?.comma
        ? items.flatMap((t): Array<string | number | boolean> => (typeof t === 'string' ? t.split(',').map((s) => s.trim()).filter(Boolean) : [t]))
        : items
      const values = split.map((t) => {
        if (typeof t !== 'string') return t
        try {
          return f.codec.fromText(t)
        } catch (err) {
          if (err instanceof Problem) throw new UsageError(phrase(label(name, f, byFlag.has(name)), err.message), `e.g. ${decl.example}`)
          throw err
        }
      })
      input[name] = f.many ? values : values[0]
    }
    for (const [name, items] of texts) parse(name, fields[name]!, items)
    Object.assign(input, ctor.preset)

    // ---- missing arguments: a prompt on a terminal, a usage error otherwise -----
    const secrets: Array<SecretSlot & {order: number}> = []
    const choices = this.choicesFor(decl, input, flags as OperationFlags)
    let asked = false
    for (const [name, f] of Object.entries(fields)) {
      const cli = cliOf(f)
      if (input[name] !== undefined || !cli?.ask || (cli.unless && input[cli.unless] !== undefined)) continue
      if (f.codec.secret && !f.many) {
        secrets.push(this.secretSlot(name, f, input, decl, '', undefined))
        continue
      }
      // `backup create db1`: with one argument fewer, "db1" is the NAME (openstack's reading); say so.
      const shown = dropped.includes(name) && slots[0]
        ? `${argName(name, f)} (${JSON.stringify(tokens[0])} is read as ${argName(...slots[0])}; give ${argName(name, f)} first, or with ${cli.char ? `-${cli.char}` : `--${cli.flag}`})`
        : argName(name, f)
      asked ||= interactive()
      parse(name, f, [await askIfMissing(undefined, {
        name: shown, message: cli.ask.replace('{name}', String(input.name ?? '')), example: decl.example, ...choices(name),
      })])
    }
    // A command completed by questions also asks what a newcomer would otherwise get by default without knowing:
    // the datastore and its version (chosen from the lists) and the volume size (its default shown).
    if (asked && decl.operation === 'instance_create' && input.replicaOf === undefined) {
      for (const name of ['datastore', 'datastoreVersion'] as const) {
        const f = fields[name]
        if (!f || input[name] !== undefined || (name === 'datastoreVersion' && byFlag.has('datastore'))) continue
        const answer = await askOptional(undefined, true, {name: argName(name, f), message: name === 'datastore' ? 'Datastore' : 'Datastore version', ...choices(name)})
        if (answer !== undefined) parse(name, f, [answer])
      }
      const size = await askWholeNumber(input.size as number | undefined, true, {name: 'SIZE', message: 'Volume size in GB', default: DEFAULT_VOLUME_SIZE, min: 1})
      if (size !== undefined) input.size = size
    }

    // ---- passwords: `-` from stdin; left out, the environment or a prompt --------
    for (const [name, f] of Object.entries(fields)) {
      const secret = f.codec.secret
      if (!secret || input[name] === undefined) continue
      const values = (f.many ? input[name] : [input[name]]) as unknown[]
      values.forEach((v, i) => {
        const given = secret.get(v)
        if (given === '-' || given === '') secrets.push(this.secretSlot(name, f, input, decl, given, f.many ? i : undefined))
      })
    }
    secrets.sort((a, b) => a.order - b.order)
    await fillSecrets(secrets, decl.example)

    // ---- Trove's input rules ------------------------------------------------------
    const problem = inputProblem(decl, input, (name, p) => phrase(label(name, fields[name]!, byFlag.has(name)), p))
    if (problem) throw new UsageError(problem, `e.g. ${decl.example}`)

    if (flags['dry-run']) {
      const shown = showInput(decl, input)
      this.log(renderDryRun(decl.operation, shown))
      return {dry_run: true, operation: decl.operation, input: shown}
    }
    const unsupported = decl.unsupported?.(input as never)
    if (unsupported) throw new UsageError(unsupported, 'see the README: what trove-notify simulates')
    return this.perform(flags as OperationFlags, (ctx) => call(decl.operation as DeclaredOperation, ctx, input))
  }

  /**
   * The lists a prompt chooses from, by the field it asks for: a flavor from
   * the world's flavors (RAM, vCPUs, disk), a datastore with its versions
   * (for a cluster, those with cluster support), a version of the datastore
   * given; each read only when its prompt is shown.
   */
  private choicesFor(decl: Declaration, input: Record<string, unknown>, flags: OperationFlags): (name: string) => {choices?: () => Choice[], default?: string} {
    const catalogue = () => this.worldFor(flags).catalogue
    return (name) => {
      if (name === 'flavor') return {choices: () => flavorChoices(catalogue())}
      if (name === 'datastore') return {choices: () => datastoreChoices(catalogue(), {clusters: decl.operation.startsWith('cluster_')}), default: decl.operation.startsWith('cluster_') ? undefined : DEFAULT_DATASTORE}
      if (name === 'datastoreVersion') {
        const datastore = String(input.datastore ?? DEFAULT_DATASTORE)
        return {choices: () => versionChoices(catalogue(), datastore), default: catalogue().datastore(datastore)?.default_version}
      }
      return {}
    }
  }

  /** A password to fill in: where it is in the input, its prompt, and the usage error when there is no way to get it. */
  private secretSlot(name: string, f: Field, input: Record<string, unknown>, decl: Declaration, given: '-' | '', index: number | undefined): SecretSlot & {order: number} {
    const secret = f.codec.secret!
    const value = index === undefined ? input[name] : (input[name] as unknown[])[index]
    const owner = value === undefined ? String(input.name ?? '') : secret.owner(value) || String(input.name ?? '')
    const ways = `as - to read it from stdin, in ${PASSWORD_ENV}, or on a terminal`
    const missing: [string, string] = index === undefined && value === undefined
      ? [`missing argument ${argName(name, f)}`, `give it on the command line, ${ways}; e.g. ${decl.example}`]
      : index === undefined
        ? [`${label(name, f, true)} needs a password`, `give it, or ${ways}; e.g. ${decl.example}`]
        : [`"${owner}" needs a password: write NAME:PASSWORD, or NAME:- to read it from stdin, or set ${PASSWORD_ENV}`, `e.g. ${decl.example}`]
    const order = Object.keys(decl.fields).indexOf(name) * 1000 + (index ?? 0)
    return {
      given,
      order,
      prompt: (cliOf(f)?.prompt ?? (f.many ? 'Password for {name}' : cliOf(f)?.ask ?? 'Password for {name}')).replace('{name}', owner),
      missing,
      fill: (s) => {
        if (index === undefined) input[name] = value === undefined ? s : secret.set(value, s)
        else (input[name] as unknown[])[index] = secret.set(value, s)
      },
    }
  }
}

/**
 * The base of a declared operation's command: its args, flags and usage
 * derived from the declaration. A command file adds what a reader of its
 * help needs (summary, description, aliases, examples).
 */
export function declared(decl: Declaration, preset: Readonly<Record<string, unknown>> = {}) {
  return class extends DeclaredCommand {
    static declaration = decl
    static preset = preset
    static usage = declaredUsage(decl)
    static args = declaredArgs(decl)
    static flags = declaredFlags(decl)
  }
}
