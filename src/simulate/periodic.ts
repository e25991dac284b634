/**
 * World-wide periodic tasks a scenario runs on the simulated clock, as
 * Trove's taskmanager does: `exists` (trove.instance.exists for every live
 * instance, windows tiling) and `quotas` (dbaas.quotas per tenant and
 * resource). They come from src/periodic/ (the quotas/exists feature).
 */
import type {Notifier} from '../messaging/notifier.js'
import type {Settings} from '../settings/settings.js'
import type {Store} from '../state/store.js'
import type {Clock} from '../util/runtime.js'
import type {PeriodicTaskName} from './scenario.js'

export interface PeriodicContext {
  readonly store: Store
  readonly notifier: Notifier
  readonly clock: Clock
  readonly settings: Settings
}

/** One run of a task; resolves with the number of notifications it published. */
export type PeriodicRun = (ctx: PeriodicContext) => Promise<number>

/** The task's implementation, loaded on first use (undefined while the feature is missing from this build). */
export async function loadPeriodicTask(task: PeriodicTaskName): Promise<PeriodicRun | undefined> {
  const module = task === 'exists' ? '../periodic/exists.js' : '../periodic/quotas.js'
  try {
    const m = await import(module) as Record<string, unknown>
    const fn = m[task === 'exists' ? 'publishExists' : 'publishQuotas']
    if (typeof fn !== 'function') return undefined
    return async (ctx) => {
      const out = await (fn as (c: unknown) => Promise<unknown>)(ctx)
      return typeof out === 'number' ? out : Array.isArray(out) ? out.length : 0
    }
  } catch {
    return undefined
  }
}
