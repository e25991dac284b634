/**
 * World-wide periodic tasks a scenario runs on the simulated clock, as
 * Trove's taskmanager does: `exists` (trove.instance.exists for every live
 * instance, windows tiling) and `quotas` (dbaas.quotas per tenant and
 * resource). They come from src/periodic/ (the quotas/exists feature).
 */
import type {OpContext} from '../operations/context.js'
import type {PeriodicTaskName} from './scenario.js'

/** What a periodic run gets: an operation's context (the caller is the operator running the simulation). */
export type PeriodicContext = Pick<OpContext, 'store' | 'notifier' | 'settings' | 'caller' | 'ids' | 'clock'>

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
      const out = await (fn as (c: PeriodicContext) => Promise<{notifications?: number}>)(ctx)
      return out.notifications ?? 0
    }
  } catch {
    return undefined
  }
}
