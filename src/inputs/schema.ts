/**
 * The declaration of an operation's input, written once per operation and
 * read by everything that takes that input: the command's oclif args and
 * flags (src/cli/declared-command.ts), the operation's TypeScript input type
 * (`InputOf`), the simulator's scenario parameters and their checks
 * (src/simulate/registry.ts), and the dry-run view. A field says what it is
 * (its codec: how text and scenario data become a value, and Trove's input
 * rule for it), whether it is required, and how the command line spells it
 * (positional or flag, troveclient's other spellings, how lists are given).
 * Nothing here knows of oclif, the state store or the operations.
 */
import type {AnyOperationName} from '../events/types.js'

/** Argument types a scenario step may give (the scenario checker's view of a codec). */
export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'strings' | 'object' | 'objects'

/** An input rule broken: the message says what is wrong and what the limit is (one line). */
export class Problem extends Error {}

/** A secret inside a value (a password): the command line can fill it from stdin, the environment or a prompt. */
export interface SecretPart<T> {
  /** The secret as given: '' when left out, '-' when it is to be read from stdin. */
  get(value: T): string
  set(value: T, secret: string): T
  /** Whose secret it is, for prompts and errors ("app"). */
  owner(value: T): string
}

/** How one value is read, checked and shown. */
export interface Codec<T> {
  /** What a value looks like, for help and errors (e.g. NAME:PASSWORD). */
  readonly shape: string
  readonly param: ParamType
  /** One command-line token → a value; a malformed token throws a Problem. */
  fromText(text: string): T
  /** Scenario / JSON data → a value (lenient: what a scenario step gave, as the operation will see it). */
  fromData(data: unknown): T
  /** Trove's input rule: a message when the value breaks it. */
  check?(value: T): string | undefined
  /** For the dry run: the value with secrets hidden. */
  show?(value: T): unknown
  readonly secret?: SecretPart<T>
}

/** Where and how the command line gives a field. */
export interface CliSpec {
  /**
   * A positional argument, in declaration order. `'lead'`: positional only
   * when every positional argument is given; with one fewer it is given by
   * its flag (OSC's `backup create NAME -i INSTANCE`).
   */
  readonly positional?: true | 'lead'
  /** The flag (kebab-case). With `positional`, a second way to give it (OSC's `--flavor`). */
  readonly flag?: string
  /** troveclient's other spellings of the flag (the legacy underscore forms). */
  readonly aliases?: readonly string[]
  readonly char?: 'i'
  /** The value's name in help: FLAVOR, NAME:PASSWORD. */
  readonly value?: string
  /** Asked for on a terminal when missing (a usage error otherwise): the prompt. */
  readonly ask?: string
  /** Not asked for when this other field is given (a replica's flavor is its source's). */
  readonly unless?: string
  /** The prompt when a secret given as `-` is read on a terminal (default: "Password for NAME"). */
  readonly prompt?: string
  /** One of the flags every operation command has (`--region`): read, not declared again. */
  readonly shared?: true
  /** A list flag given once per item (`--nic a --nic b`, argparse `append`), not `--flag a b` (argparse `nargs='+'`). */
  readonly repeat?: true
  /** A list also given comma-separated (`--databases a,b`), the form trove-notify took before troveclient's. */
  readonly comma?: true
  /** Environment variable read when the flag is not given. */
  readonly env?: string
  /** The default, as help shows it. */
  readonly defaultHelp?: string
}

export interface Field<T = unknown> {
  readonly codec: Codec<T>
  /** A list of values (positional: the last argument takes the rest). */
  readonly many?: boolean
  /** Present in every input (the operation's type requires it). */
  readonly required?: boolean
  /** One line: what it is (help, scenario errors). */
  readonly summary: string
  /** How the command line gives it; `false`: not on the command line (set by a command, or scenario only). */
  readonly cli?: CliSpec | false
  /** Its name in scenario files (default: snake_case of the field); `false`: not a scenario argument. */
  readonly scenario?: string | false
}

export type Fields = Readonly<Record<string, Field<any>>>

export interface Declaration<F extends Fields = Fields> {
  readonly operation: AnyOperationName
  readonly fields: F
  /** A whole command line that works, for usage errors. */
  readonly example: string
  /** Rules across fields that Trove (or troveclient) applies before anything is sent: a message when broken. */
  check?(input: InputOf<Declaration<F>>): string | undefined
  /**
   * Requests Trove takes that the simulator cannot carry out yet: a message
   * (a usage error after the dry run, so the request is seen but nothing is
   * published or changed).
   */
  unsupported?(input: InputOf<Declaration<F>>): string | undefined
}

type ValueOf<F> = F extends {readonly codec: Codec<infer T>} ? (F extends {readonly many: true} ? readonly T[] : T) : never
type RequiredKeys<F> = {[K in keyof F]: F[K] extends {readonly required: true} ? K : never}[keyof F]
type Flatten<T> = {[K in keyof T]: T[K]}

/** The operation's input type, derived from its declaration. */
export type InputOf<D extends {readonly fields: Fields}> = Flatten<
  {readonly [K in RequiredKeys<D['fields']>]: ValueOf<D['fields'][K]>}
  & {readonly [K in Exclude<keyof D['fields'], RequiredKeys<D['fields']>>]?: ValueOf<D['fields'][K]>}
>

/** Declare an operation's input (the `const` type parameter keeps `required: true` and `many: true` literal). */
export function declare<const F extends Fields>(d: Declaration<F>): Declaration<F> {
  return d
}

/** A field, typed by its codec. */
export function field<T, const O extends Omit<Field<T>, 'codec'>>(codec: Codec<T>, opts: O): O & {readonly codec: Codec<T>} {
  return {codec, ...opts}
}

// ---- names --------------------------------------------------------------

/** `datastoreVersion` → `datastore_version`. */
export function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
}

/** `datastoreVersion` → `datastore-version`. */
export function kebab(name: string): string {
  return snake(name).replaceAll('_', '-')
}

/** The scenario key of a field, or undefined when it is not a scenario argument. */
export function scenarioKey(name: string, f: Field): string | undefined {
  return f.scenario === false ? undefined : f.scenario ?? snake(name)
}

/** The flag of a field, when it has one (a non-positional field without a flag name takes the kebab-case of its name). */
export function flagName(name: string, f: Field): string | undefined {
  if (f.cli === false) return undefined
  const cli = f.cli ?? {}
  if (cli.flag) return cli.flag
  return cli.positional ? undefined : kebab(name)
}

/** The positional argument's name in usage lines: FLAVOR, NAME:PASSWORD. */
export function argName(name: string, f: Field): string {
  const cli = f.cli === false ? undefined : f.cli
  return cli?.value ?? snake(name).toUpperCase()
}

// ---- values ---------------------------------------------------------------

/** Check every value of an input against its codec's rule; the first problem, worded by `say` (field name, problem). */
export function inputProblem(decl: Declaration, input: Readonly<Record<string, unknown>>, say: (name: string, problem: string) => string): string | undefined {
  for (const [name, f] of Object.entries(decl.fields)) {
    const v = input[name]
    if (v === undefined) continue
    for (const item of (f.many ? v as unknown[] : [v])) {
      const p = f.codec.check?.(item)
      if (p) return say(name, p)
    }
  }
  return decl.check?.(input as never)
}

/** The input as the dry run prints it: secrets hidden. */
export function showInput(decl: Declaration, input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of Object.keys(decl.fields)) {
    const v = input[name]
    const codec = decl.fields[name]?.codec
    if (v === undefined) continue
    if (!codec?.show) out[name] = v
    else out[name] = Array.isArray(v) ? v.map((x) => codec.show!(x)) : codec.show(v)
  }
  return out
}
