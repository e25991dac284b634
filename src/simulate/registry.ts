/**
 * The simulator's operation registry. Each entry says, for one kind of
 * request: which catalog operation it runs, its weight in the default
 * realistic mix, the arguments a scenario step may give (with their types,
 * so a scenario file is checked before anything runs), when a tenant can do
 * it, how the realistic mix picks its arguments from the tenant's world, and
 * how it calls the operation in-process. Adding an operation to `simulate`
 * is adding one entry to one of the `entries/` modules.
 */
import {getOperation} from '../events/catalog.js'
import type {OperationName} from '../events/types.js'
import type {OpContext, OperationResult} from '../operations/context.js'
import type {Rng, TenantWorld} from './world.js'

/** Argument types a scenario step may give. `strings` also takes "a,b,c". */
export type ParamType = 'string' | 'integer' | 'boolean' | 'strings' | 'object' | 'objects'

export interface ParamSpec {
  readonly type: ParamType
  readonly required?: boolean
  /** What it is (shown when a scenario gets it wrong). */
  readonly about?: string
}

/** Arguments of one request, by parameter name (scenario references already resolved). */
export type Args = Readonly<Record<string, unknown>>

export interface SimOperation {
  /** Name in --mix and in scenario files (the catalog operation name, or a variant such as replica_create). */
  readonly kind: string
  /** The catalog operation whose lifecycle it runs (dbaas.<operation>.*). */
  readonly operation: OperationName
  /** Weight in the default realistic mix (0 = only when asked for). */
  readonly weight: number
  readonly params: Readonly<Record<string, ParamSpec>>
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
  /** Call the operation in-process: one lifecycle, or several (one per database, …). */
  run(ctx: OpContext, args: Args): Promise<OperationResult | readonly OperationResult[]>
}

/** Names for new resources, unique within a tenant and reproducible. */
export interface NameSource {
  next(prefix: string): string
}

/** Probability that a mix request is one of a user's natural mistakes. */
export const MISTAKE = 0.03

/** Define an entry (checks the operation exists in the catalog, at load time). */
export function simOperation(entry: SimOperation): SimOperation {
  getOperation(entry.operation)
  return entry
}

// ---- reading arguments --------------------------------------------------

export function str(args: Args, key: string): string {
  return String(args[key] ?? '')
}

export function optStr(args: Args, key: string): string | undefined {
  const v = args[key]
  return v === undefined || v === null ? undefined : String(v)
}

export function optInt(args: Args, key: string): number | undefined {
  const v = args[key]
  return v === undefined || v === null ? undefined : Number(v)
}

export function optBool(args: Args, key: string): boolean | undefined {
  const v = args[key]
  return v === undefined || v === null ? undefined : Boolean(v)
}

/** A list of strings (a scenario may write "a,b" or [a, b]). */
export function strings(args: Args, key: string): string[] | undefined {
  const v = args[key]
  if (v === undefined || v === null) return undefined
  if (Array.isArray(v)) return v.map(String)
  return String(v).split(',').map((s) => s.trim()).filter(Boolean)
}

export function objects<T>(args: Args, key: string): T[] | undefined {
  const v = args[key]
  return Array.isArray(v) ? v as T[] : undefined
}

/** A reference that names nothing: the request fails with NotFound, as a real typo would. */
export function bogusId(r: Rng): string {
  const h = (n: number): string => r.word(n).replace(/[g-z]/g, (ch) => ((ch.charCodeAt(0) % 6) + 10).toString(16))
  return `${h(8)}-${h(4)}-4${h(3)}-a${h(3)}-${h(12)}`
}
