/**
 * World-wide periodic tasks a scenario runs on the simulated clock, as
 * Trove's taskmanager does: `exists` (trove.instance.exists for every live
 * instance, windows tiling) and `quotas` (dbaas.quotas per tenant and
 * resource) — the same runs as the `exists` and `quotas` commands.
 */
import {getDialect} from '../events/dialect/index.js'
import type {DialectName} from '../events/types.js'
import {publishExists} from '../periodic/exists.js'
import {publishQuotas} from '../periodic/quotas.js'
import type {PeriodicContext} from '../periodic/run.js'
import type {PeriodicTaskName} from './scenario.js'

export type {PeriodicContext}

/**
 * One run of a task at the clock's time; resolves with the number of
 * notifications it published (all confirmed). `every`: the task's period in
 * the scenario, which is also exists' window (exists_notification_interval).
 */
export type PeriodicRun = (ctx: PeriodicContext, every: number) => Promise<number>

export const PERIODIC_RUNS: Readonly<Record<PeriodicTaskName, PeriodicRun>> = {
  exists: async (ctx, every) => (await publishExists(ctx, undefined, {interval: every})).notifications,
  quotas: async (ctx) => (await publishQuotas(ctx)).notifications,
}

/**
 * How often a task runs in the dialect: as the scenario says, except exists
 * in trove-18, which Trove 18's taskmanager runs every 60 s whatever its
 * window (so the windows of consecutive runs overlap).
 */
export function periodicSpacing(task: PeriodicTaskName, every: number, dialect: DialectName): number {
  if (task !== 'exists') return every
  const schedule = getDialect(dialect).existsSchedule(every)
  return schedule.windows === 'fixed' ? schedule.everySeconds : every
}
