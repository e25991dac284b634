/**
 * World-wide periodic tasks a scenario runs on the simulated clock, as
 * Trove's taskmanager does: `exists` (trove.instance.exists for every live
 * instance, windows tiling) and `quotas` (dbaas.quotas per tenant and
 * resource) — the same runs as the `exists` and `quotas` commands.
 */
import {publishExists} from '../periodic/exists.js'
import {publishQuotas} from '../periodic/quotas.js'
import type {PeriodicContext} from '../periodic/run.js'
import type {PeriodicTaskName} from './scenario.js'

export type {PeriodicContext}

/** One run of a task at the clock's time; resolves with the number of notifications it published (all confirmed). */
export type PeriodicRun = (ctx: PeriodicContext) => Promise<number>

export const PERIODIC_RUNS: Readonly<Record<PeriodicTaskName, PeriodicRun>> = {
  exists: async (ctx) => (await publishExists(ctx)).notifications,
  quotas: async (ctx) => (await publishQuotas(ctx)).notifications,
}
