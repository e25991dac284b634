/**
 * A drift-free periodic schedule for `quotas` and `exists`: run k is due at
 * start + k·interval, whatever the previous run took (never "interval after
 * the previous run ended"). A run that comes due while an earlier one is still
 * going (a slow broker, a broker restart) starts as soon as that one is done;
 * slots that passed meanwhile are folded into it rather than replayed one by
 * one (each `exists` run covers everything since the previous window anyway,
 * and a burst of stale quota reports helps nobody). Stops after `count` runs
 * or when the signal aborts (Ctrl-C): a run in progress is always finished.
 */
import {type Clock, realClock, sleepUnlessAborted} from '../util/runtime.js'

export interface ScheduleOptions {
  /** Milliseconds between runs (> 0). */
  readonly intervalMs: number
  /** Stop after this many runs; undefined = until aborted. */
  readonly count?: number
  /** Abort to stop: no new run starts, a run in progress completes. */
  readonly signal?: AbortSignal
  /** Time source; a scaled clock (simulate) gives simulated intervals. */
  readonly clock?: Clock
  /** Run number `run` (0-based), due at `due`. */
  readonly run: (run: number, due: Date) => Promise<void>
}

export interface ScheduleOutcome {
  readonly runs: number
  /** Slots that passed while a run was late and were folded into the next run. */
  readonly skipped: number
  /** `count` when every run asked for was done, `aborted` when stopped. */
  readonly stoppedBy: 'count' | 'aborted'
}

/**
 * The slot of the run after slot `last`: `last + 1`, or — when the clock is
 * already past that slot — the latest slot that is due, so a late schedule
 * runs once now and then continues on its grid.
 */
export function nextSlot(startMs: number, intervalMs: number, last: number, nowMs: number): number {
  const due = Math.floor((nowMs - startMs) / intervalMs)
  return Math.max(last + 1, due)
}

export {sleepUnlessAborted} from '../util/runtime.js'

/** Run `o.run` on the schedule until `o.count` runs are done or `o.signal` aborts. */
export async function runSchedule(o: ScheduleOptions): Promise<ScheduleOutcome> {
  if (!(o.intervalMs > 0) || !Number.isFinite(o.intervalMs)) throw new Error(`bug: schedule interval ${o.intervalMs} ms`)
  const clock = o.clock ?? realClock
  const start = clock.now().getTime()
  let slot = 0
  let runs = 0
  let skipped = 0
  while (o.count === undefined || runs < o.count) {
    const due = start + slot * o.intervalMs
    await sleepUnlessAborted(clock, due - clock.now().getTime(), o.signal)
    if (o.signal?.aborted) return {runs, skipped, stoppedBy: 'aborted'}
    await o.run(runs, new Date(due))
    runs++
    const next = nextSlot(start, o.intervalMs, slot, clock.now().getTime())
    skipped += next - slot - 1
    slot = next
  }
  return {runs, skipped, stoppedBy: 'count'}
}
