/**
 * The realistic mix: which kind of request a tenant makes next. `--mix`
 * sets the weights (`instance_create=5,backup_*=2`, `default` keeps the
 * built-in weights for kinds not named); among the kinds the tenant can do
 * now (an instance to delete, quota left…) one is drawn by weight. When none
 * can be done, one is drawn anyway: it fails the way such a request fails
 * on a real Trove.
 */
import {UsageError} from '../util/errors.js'
import {findSimOperation, normaliseKind, SIM_OPERATIONS} from './operations.js'
import type {SimOperation} from './registry.js'
import type {Rng, TenantWorld} from './world.js'

export interface MixEntry {
  readonly op: SimOperation
  readonly weight: number
}

export type Mix = readonly MixEntry[]

/** The built-in weights. */
export function defaultMix(): Mix {
  return SIM_OPERATIONS.filter((op) => op.weight > 0).map((op) => ({op, weight: op.weight}))
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
}

/**
 * Parse `--mix`: comma-separated `KIND=WEIGHT` (KIND an operation name or a
 * glob such as `user_*`); a leading `default` starts from the built-in
 * weights, otherwise kinds not named are left out.
 */
export function parseMix(text: string): Mix {
  const weights = new Map<SimOperation, number>()
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean)
  const example = 'e.g. --mix default,backup_create=10,user_*=0'
  for (const [i, part] of parts.entries()) {
    if (part === 'default') {
      if (i !== 0) throw new UsageError(`--mix: "default" must come first (got it at position ${i + 1})`, example)
      for (const op of SIM_OPERATIONS) weights.set(op, op.weight)
      continue
    }
    const m = /^([^=]+)=\s*([0-9]*\.?[0-9]+)$/.exec(part)
    if (!m) throw new UsageError(`--mix: "${part}" is not KIND=WEIGHT`, example)
    const [, name, weight] = m
    const key = normaliseKind(name!)
    const matched = key.includes('*')
      ? SIM_OPERATIONS.filter((op) => globToRegExp(key).test(op.kind))
      : [findSimOperation(key)].filter((x): x is SimOperation => x !== undefined)
    if (matched.length === 0) {
      throw new UsageError(`--mix: no operation is called "${name!.trim()}"`, `kinds: ${SIM_OPERATIONS.map((o) => o.kind).join(', ')}`)
    }
    for (const op of matched) weights.set(op, Number(weight))
  }
  const mix = [...weights].filter(([, w]) => w > 0).map(([op, weight]) => ({op, weight}))
  if (mix.length === 0) throw new UsageError('--mix leaves no operation with a weight above 0', example)
  return mix
}

/** Draws before falling back to checking every kind (rejection sampling keeps the common case cheap). */
const DRAWS = 8

/**
 * The kind a tenant does next: drawn by weight among those it can do now
 * (or among all, if none). Drawn from all and redrawn while not ready —
 * the same distribution as drawing among the ready ones, without asking
 * every kind whether it is ready (each asks the world).
 */
export function chooseKind(mix: Mix, w: TenantWorld, r: Rng): SimOperation {
  for (let i = 0; i < DRAWS; i++) {
    const e = r.weighted(mix, (x) => x.weight) ?? mix[0]!
    if (e.op.ready(w)) return e.op
  }
  const ready = mix.filter((e) => e.op.ready(w))
  return (r.weighted(ready.length > 0 ? ready : mix, (e) => e.weight) ?? mix[0]!).op
}
