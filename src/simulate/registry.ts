/**
 * The simulator's operation registry. Each entry says, for one kind of
 * request: which catalog operation it runs, its weight in the default
 * realistic mix, when a tenant can do it, and how the realistic mix picks
 * its arguments from the tenant's world. The arguments a scenario step may
 * give (their names, types and Trove's input rules, so a scenario file is
 * checked before anything runs) and the call of the operation come from the
 * operation's input declaration (src/inputs), the same one its command
 * reads. Adding an operation to `simulate` is adding one entry to one of the
 * `entries/` modules.
 */
import {getOperation} from '../events/catalog.js'
import type {AnyOperationName} from '../events/types.js'
import {type DeclaredOperation, declarationOf} from '../inputs/index.js'
import {type Declaration, type Field, type ParamType, scenarioKey} from '../inputs/schema.js'
import {call, type Outcome} from '../operations/calls.js'
import type {OpContext} from '../operations/context.js'
import type {Rng, TenantWorld} from './world.js'

export type {ParamType} from '../inputs/schema.js'

export interface ParamSpec {
  readonly type: ParamType
  readonly required?: boolean
  /** What it is (shown when a scenario gets it wrong). */
  readonly about?: string
  /** Trove's input rule on a literal value of the scenario file: a message when it is broken. */
  readonly check?: (value: unknown) => string | undefined
}

/** Arguments of one request, by parameter name (scenario references already resolved). */
export type Args = Readonly<Record<string, unknown>>

/** What an `entries/` module writes for one kind of request. */
export interface SimEntry {
  /** Name in --mix and in scenario files (the catalog operation name, or a variant such as replica_create). */
  readonly kind: string
  /** The catalog operation whose lifecycle it runs (dbaas.<operation>.*); its input declaration gives the arguments. */
  readonly operation: AnyOperationName
  /** Weight in the default realistic mix (0 = only when asked for). */
  readonly weight: number
  /** A variant takes only some of the declaration's arguments (`only`), some of them required (`require`). */
  readonly args?: {readonly only?: readonly string[], readonly require?: readonly string[]}
  /** The resource it creates, for scenario references (`as: db` then `$db`). */
  readonly creates?: 'instance' | 'cluster' | 'backup' | 'configuration' | 'database' | 'user'
  /** Can the tenant do it now without breaking one of Trove's rules? */
  ready(w: TenantWorld): boolean
  /**
   * Arguments for the realistic mix, from the tenant's world. Usually a valid
   * request; now and then (`r.chance(MISTAKE)`) one a real user gets wrong,
   * so natural rule violations occur.
   */
  pick(w: TenantWorld, r: Rng, names: NameSource): Args
}

export interface SimOperation extends SimEntry {
  /** The scenario arguments, by scenario name. */
  readonly params: Readonly<Record<string, ParamSpec>>
  /** Call the operation in-process: one lifecycle, or several (one per database, …). */
  run(ctx: OpContext, args: Args): Promise<Outcome>
}

/** Names for new resources, unique within a tenant and reproducible. */
export interface NameSource {
  next(prefix: string): string
}

/** Probability that a mix request is one of a user's natural mistakes. */
export const MISTAKE = 0.03

/** A field's scenario type: a list of texts is `strings`, a list of anything else `objects`. */
function paramType(f: Field): ParamType {
  if (!f.many) return f.codec.param
  return f.codec.param === 'string' ? 'strings' : 'objects'
}

/** A scenario value as a list (a scenario may write "a,b" or [a, b]). */
function listOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v
  return String(v).split(',').map((s) => s.trim()).filter(Boolean)
}

/** Trove's input rule on a scenario value of field `f`. */
function ruleOf(f: Field): (value: unknown) => string | undefined {
  return (value) => {
    for (const item of f.many ? listOf(value) : [value]) {
      const problem = f.codec.check?.(f.codec.fromData(item))
      if (problem) return problem
    }
    return undefined
  }
}

/** The scenario arguments of a declaration (or of the part a variant takes). */
export function scenarioParams(decl: Declaration, only?: readonly string[], require: readonly string[] = []): Record<string, ParamSpec> {
  const out: Record<string, ParamSpec> = {}
  for (const [name, f] of Object.entries(decl.fields)) {
    const key = scenarioKey(name, f)
    if (!key || (only && !only.includes(key))) continue
    out[key] = {type: paramType(f), required: Boolean(f.required) || require.includes(key), about: f.summary, check: ruleOf(f)}
  }
  return out
}

/** Each declaration's fields with their scenario keys, listed once (every simulated request reads them). */
const SCENARIO_FIELDS = new WeakMap<Declaration, ReadonlyArray<readonly [string, Field, string | undefined]>>()

function scenarioFields(decl: Declaration): ReadonlyArray<readonly [string, Field, string | undefined]> {
  let fields = SCENARIO_FIELDS.get(decl)
  if (fields === undefined) {
    fields = Object.entries(decl.fields).map(([name, f]) => [name, f, scenarioKey(name, f)] as const)
    SCENARIO_FIELDS.set(decl, fields)
  }
  return fields
}

/** Scenario / mix arguments → the operation's input, through the declaration. */
export function inputFromArgs(decl: Declaration, args: Args): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const [name, f, key] of scenarioFields(decl)) {
    const v = key === undefined ? undefined : args[key]
    if (v === undefined || v === null) continue
    input[name] = f.many ? listOf(v).map((x) => f.codec.fromData(x)) : f.codec.fromData(v)
  }
  return input
}

/** Define an entry: its operation must be in the catalog and declared (checked at load time). */
export function simOperation(entry: SimEntry): SimOperation {
  getOperation(entry.operation)
  const decl = declarationOf(entry.operation)
  if (!decl) throw new Error(`bug: operation ${entry.operation} has no input declaration in src/inputs`)
  return {
    ...entry,
    params: scenarioParams(decl, entry.args?.only, entry.args?.require),
    run: (ctx, args) => call(entry.operation as DeclaredOperation, ctx, inputFromArgs(decl, args)),
  }
}

/** A reference that names nothing: the request fails with NotFound, as a real typo would. */
export function bogusId(r: Rng): string {
  const h = (n: number): string => r.word(n).replace(/[g-z]/g, (ch) => ((ch.charCodeAt(0) % 6) + 10).toString(16))
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`
}
