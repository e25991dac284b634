// The periodic schedule (run k at start + k·interval, late slots folded into
// one run, Ctrl-C stops between runs) and the run plan of quotas/exists
// (interval from flag or config, < 0 disables, missing → usage error).
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {nextSlot, runSchedule} from '../../dist/periodic/scheduler.js'
import {existsTransformer, planRuns} from '../../dist/periodic/plan.js'
import {realClock} from '../../dist/util/runtime.js'
import {UsageError} from '../../dist/util/errors.js'

/** A virtual clock: sleeping advances time at once; `spend` simulates a run taking time. */
function virtualClock(start = 1_000_000) {
  let t = start
  return {
    now: () => new Date(t),
    sleep: async (ms) => { t += Math.max(0, ms) },
    spend: (ms) => { t += ms },
  }
}

test('runs start at start + k·interval whatever each run takes (no drift)', async () => {
  const clock = virtualClock()
  const start = clock.now().getTime()
  const starts = []
  const out = await runSchedule({intervalMs: 1000, count: 5, clock, run: async (k, due) => {
    starts.push([clock.now().getTime() - start, due.getTime() - start])
    clock.spend(370) // each run takes 370 ms: a naive "sleep interval after the run" would drift by that much per run
  }})
  assert.deepEqual(starts, [[0, 0], [1000, 1000], [2000, 2000], [3000, 3000], [4000, 4000]])
  assert.deepEqual(out, {runs: 5, skipped: 0, stoppedBy: 'count'})
})

test('a run that overran several slots is followed by one run at once, then the grid resumes', async () => {
  const clock = virtualClock()
  const start = clock.now().getTime()
  const starts = []
  const out = await runSchedule({intervalMs: 1000, count: 4, clock, run: async (k) => {
    starts.push(clock.now().getTime() - start)
    if (k === 0) clock.spend(3500) // e.g. the broker was away: slots 1 and 2 passed
  }})
  assert.deepEqual(starts, [0, 3500, 4000, 5000])
  assert.equal(out.skipped, 2)
})

test('nextSlot: the next slot, or the latest one that is already due', () => {
  assert.equal(nextSlot(0, 1000, 0, 10), 1)
  assert.equal(nextSlot(0, 1000, 0, 999), 1)
  assert.equal(nextSlot(0, 1000, 0, 1000), 1)
  assert.equal(nextSlot(0, 1000, 0, 3500), 3)
  assert.equal(nextSlot(0, 1000, 4, 4100), 5)
})

test('aborting stops between runs without waiting out a long interval, and the run in progress finishes', {timeout: 20_000}, async () => {
  const stop = new AbortController()
  let finished = 0
  const out = await runSchedule({intervalMs: 60_000, signal: stop.signal, clock: realClock, run: async () => {
    if (finished === 0) {
      // Ctrl-C while the first run works; the run still completes.
      stop.abort()
      await new Promise((resolve) => setImmediate(resolve))
    }
    finished++
  }})
  assert.equal(finished, 1)
  assert.deepEqual(out, {runs: 1, skipped: 0, stoppedBy: 'aborted'})

  // Ctrl-C during the 60 s wait between runs: the wait ends at once and its timer is cancelled.
  const later = new AbortController()
  let runs = 0
  const waiting = runSchedule({intervalMs: 60_000, signal: later.signal, clock: realClock, run: async () => {
    runs++
    setImmediate(() => later.abort()) // after this run, while the schedule waits for the next slot
  }})
  assert.deepEqual(await waiting, {runs: 1, skipped: 0, stoppedBy: 'aborted'})
  assert.equal(runs, 1)
  assert.ok(!process.getActiveResourcesInfo().includes('Timeout'), 'no timer left waiting for the next slot')
})

const base = {configKey: 'quota_notification_interval', command: 'trove-notify quotas'}

test('plan: --interval wins over the config file; fractions are fine', () => {
  assert.deepEqual(planRuns({...base, flag: 0.25, config: 60}), {disabled: false, interval: 0.25, count: undefined})
  assert.deepEqual(planRuns({...base, config: 60, count: 3}), {disabled: false, interval: 60, count: 3})
  assert.deepEqual(planRuns({...base, config: 60, once: true}), {disabled: false, interval: 60, count: 1})
})

test('plan: < 0 disables and names where it was set', () => {
  assert.deepEqual(planRuns({...base, flag: -1}), {disabled: true, interval: -1, source: '--interval -1'})
  assert.deepEqual(planRuns({...base, config: -5, once: true}), {disabled: true, interval: -5, source: 'quota_notification_interval = -5'})
})

test('plan: no interval anywhere is a usage error naming both ways to set it; --once needs none', () => {
  assert.throws(() => planRuns(base), (err) => err instanceof UsageError && err.exitCode === 2 &&
    /quota_notification_interval/.test(err.message) && /--interval/.test(err.message) && !err.message.includes('\n'))
  assert.throws(() => planRuns({...base, count: 2}), UsageError)
  assert.deepEqual(planRuns({...base, once: true}), {disabled: false, count: 1})
  assert.deepEqual(planRuns({...base, count: 1}), {disabled: false, count: 1})
})

test('plan: 0 seconds and bad counts are usage errors', () => {
  assert.throws(() => planRuns({...base, flag: 0}), /must be > 0/)
  assert.throws(() => planRuns({...base, flag: 1, count: 0}), /--count must be a whole number ≥ 1/)
})

test('exists is gated on a transformer, from the flag or the config file', () => {
  assert.equal(existsTransformer('nova', undefined), 'nova')
  assert.equal(existsTransformer(undefined, 'trove.extensions.mgmt.instances.models.NovaNotificationTransformer'),
    'trove.extensions.mgmt.instances.models.NovaNotificationTransformer')
  assert.throws(() => existsTransformer(undefined, undefined), (err) => err instanceof UsageError &&
    /exists_notification_transformer/.test(err.message) && /--transformer/.test(err.message))
})
