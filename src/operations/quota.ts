/**
 * Trove's quota rule at the API: a request reserves what it will take
 * (src/state/quotas.ts keeps the accounting: reserved while the work runs,
 * committed into in_use when it finishes, released if it fails), and a
 * reservation over a limit is refused with Trove's QuotaExceeded naming the
 * resources. `dbaas.quotas` reports these numbers, so every operation keeps
 * them exact.
 */
import type {Limits} from '../settings/settings.js'
import type {Deltas} from '../state/quotas.js'
import type {World} from '../state/world.js'
import {quotaExceeded} from './errors.js'

/** Reserve `deltas` for a tenant, or throw QuotaExceeded (nothing reserved). Call inside a world transaction. */
export function reserve(world: World, limits: Limits, tenantId: string, deltas: Deltas, now: string): void {
  const over = world.quotas.reserve(tenantId, deltas, limits, now)
  if (over.length > 0) {
    throw quotaExceeded(over.map((s) => s.resource),
      over.map((s) => `${s.resource}: ${s.inUse} in use + ${s.reserved} reserved + ${s.requested} requested > limit ${s.limit}`).join('; '))
  }
}
