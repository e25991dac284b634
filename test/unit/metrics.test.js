// The pure parts of watched runs: durations with units, rate profiles,
// thresholds, HdrHistogram latencies, samples that add up, series and
// reports that merge into what one run that saw everything would say, and
// the HTML report's escaping.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {parseDuration, formatDuration} from '../../dist/util/duration.js'
import {parseRateProfile, RateProfile} from '../../dist/simulate/rate-profile.js'
import {evaluate, failsForGood, parseThreshold} from '../../dist/metrics/thresholds.js'
import {LatencyHistogram} from '../../dist/metrics/histogram.js'
import {MetricsRecorder} from '../../dist/metrics/recorder.js'
import {MetricsHub} from '../../dist/metrics/hub.js'
import {labelKey, mergeSamples} from '../../dist/metrics/sample.js'
import {Series} from '../../dist/metrics/series.js'
import {RunTotals} from '../../dist/metrics/totals.js'
import {columnNames, rowOf} from '../../dist/metrics/catalog.js'
import {mergeReports} from '../../dist/report/merge.js'
import {renderHtml} from '../../dist/report/html.js'
import {buildReport} from '../../dist/simulate/report.js'
import {SimulationStats} from '../../dist/simulate/stats.js'
import {parseScenario} from '../../dist/simulate/scenario.js'

/** A deterministic stream of numbers in [0, 1). */
function lcg(seed) {
  let x = seed
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x / 2147483648
  }
}

test('durations: plain seconds, units, compounds; what is not a duration is undefined', () => {
  const cases = [['90', 90], ['1.5', 1.5], ['250ms', 0.25], ['30s', 30], ['5m', 300], ['1h', 3600], ['1h30m', 5400], ['2d', 172800], ['1m30s', 90], ['.5s', 0.5]]
  for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, text)
  for (const bad of ['', 'soon', '5 minutes', '-3', '5x', 'm', '1h-2m']) assert.equal(parseDuration(bad), undefined, bad)
  assert.equal(parseDuration('-1', {negative: true}), -1)
  assert.equal(parseDuration('-5m', {negative: true}), -300)
  assert.equal(formatDuration(300), '5m')
  assert.equal(formatDuration(5400), '1h30m')
  assert.equal(formatDuration(0.25), '250ms')
})

test('rate profiles: steps repeat, ramps are linear, the count and the time of the n-th request agree', () => {
  const steps = parseRateProfile('100:60s,1000:10s')
  assert.equal(steps.cycleS, 70)
  assert.equal(steps.cycleCount, 16000)
  assert.equal(steps.rateAt(30), 100)
  assert.equal(steps.rateAt(65), 1000)
  assert.equal(steps.rateAt(75), 100) // the second pass
  assert.equal(steps.countAt(60), 6000)
  assert.equal(steps.countAt(140), 32000)
  const ramp = parseRateProfile('ramp:10..1000:5m,hold:1000:10m')
  assert.equal(ramp.cycleS, 900)
  assert.ok(Math.abs(ramp.rateAt(150) - 505) < 1e-9)
  assert.ok(Math.abs(ramp.countAt(300) - 151500) < 1e-6) // (10 + 1000) / 2 × 300
  for (const p of [steps, ramp, parseRateProfile('0:2s,50:3s'), parseRateProfile('ramp:0..40:4s')]) {
    for (const n of [1, 7, 100, 999, 5000, 40000]) {
      const t = p.timeOf(n)
      assert.ok(Math.abs(p.countAt(t) - n) < 1e-6 * n + 1e-6, `${p.describe()}: request ${n} at ${t}s, count there ${p.countAt(t)}`)
    }
  }
  // A pause: nothing is due in it, the next request waits for its end.
  const pause = parseRateProfile('0:2s,50:3s')
  assert.equal(pause.timeOf(0), 2)
  assert.ok(pause.timeOf(1) > 2 && pause.timeOf(1) <= 2.021)
  assert.equal(RateProfile.steady(20).timeOf(10), 0.5)
  assert.equal(parseRateProfile('0').unlimited, true)
  assert.equal(parseRateProfile('250').steadyRate, 250)
  assert.equal(steps.scaled(0.5).describe(), '50:1m,500:10s')
  assert.deepEqual(RateProfile.fromData(structuredClone(ramp.toData())).describe(), ramp.describe())
  for (const [bad, why] of [['fast', /not a rate|expected/], ['100:soon', /not a duration/], ['ramp:10:5m', /not a step/], ['0:10s', /never asks for a request/], ['100:60s,', /not a step|not a rate/], ['-5', /expected/]]) {
    assert.throws(() => parseRateProfile(bad), why, bad)
  }
})

test('scenario steps and defaults take rate profiles and durations with units', () => {
  const sc = parseScenario(`defaults: {rate: "ramp:1..10:1m", delay: 2s}
periodic:
  - {task: quotas, every: 1h}
steps:
  - wait: [30s, 2m]
  - operation: instance create
    args: {name: x}
    rate: "5:10s,1:10s"
`, 'f.yaml')
  assert.equal(sc.defaults.rate.describe(), 'ramp:1..10:1m')
  assert.equal(sc.defaults.delay, 2)
  assert.equal(sc.periodic[0].every, 3600)
  assert.deepEqual([sc.steps[0].seconds, sc.steps[0].upTo], [30, 120])
  assert.equal(sc.steps[1].rate.describe(), '5:10s,1:10s')
  assert.throws(() => parseScenario('steps:\n  - operation: instance create\n    args: {name: x}\n    rate: "1:soon"\n', 'f.yaml'), /^.*f\.yaml:4: rate of step "step 1": "1:soon": "soon" is not a duration/)
})

test('thresholds: parsed with units, evaluated, and a malformed one names what is valid', () => {
  const t = parseThreshold('confirm_p99<50ms', 'simulate')
  assert.deepEqual([t.metric, t.op, t.value], ['confirm_p99', '<', 50])
  assert.equal(parseThreshold('lifecycle_p95<2s', 'simulate').value, 2000)
  assert.equal(parseThreshold('error_rate<1%', 'simulate').value, 0.01)
  assert.equal(parseThreshold('error_rate<0.02', 'simulate').value, 0.02)
  assert.equal(parseThreshold('unconfirmed==0', 'simulate').value, 0)
  const rate = parseThreshold('rate>=0.95*target', 'simulate', {hasTarget: true})
  assert.equal(rate.ofTarget, true)
  assert.equal(evaluate(rate, {rate: 96, target: 100}).passed, true)
  assert.equal(evaluate(rate, {rate: 94, target: 100}).passed, false)
  assert.equal(evaluate(t, {confirm_p99: 49.9}).passed, true)
  const failed = evaluate(t, {confirm_p99: 51})
  assert.equal(failed.passed, false)
  assert.match(failed.text, /confirm_p99 51ms \(< 50ms\)/)
  assert.equal(evaluate(t, {}).passed, false) // not measured is not a pass
  const bad = [
    ['confirm_p99<50', /give the value a unit \(50ms or 50s\)/],
    ['latency<5ms', /unknown metric "latency".*confirm_p50.*error_rate/],
    ['confirm_p99 ~ 5ms', /not METRIC OP VALUE/],
    ['error_rate<2', /not a ratio/],
    ['rate>=0.9*target', /there is no target/],
    ['requests>=1e3', /not a whole number/],
  ]
  for (const [expr, why] of bad) {
    assert.throws(() => parseThreshold(expr, 'simulate'), (err) => err.exitCode === 2 && why.test(`${err.message} ${err.suggestion}`), expr)
  }
  assert.throws(() => parseThreshold('violations==0', 'simulate'), /unknown metric/)
  assert.equal(parseThreshold('violations==0', 'tail').metric, 'violations')
  // Live: a count that only grows fails for good at once; a percentile only with enough data; unconfirmed only at the end.
  const crashes = parseThreshold('crashes==0', 'simulate')
  assert.equal(failsForGood(crashes, evaluate(crashes, {crashes: 1}), 0), true)
  const requests = parseThreshold('requests==100', 'simulate')
  assert.equal(failsForGood(requests, evaluate(requests, {requests: 10}), 0), false)
  assert.equal(failsForGood(t, failed, 10), false)
  assert.equal(failsForGood(t, failed, 1000), true)
  const unconfirmed = parseThreshold('unconfirmed==0', 'simulate')
  assert.equal(failsForGood(unconfirmed, evaluate(unconfirmed, {unconfirmed: 40}), 1e6), false)
})

test('HdrHistogram latencies: percentiles within 0.1 % of the exact ones; encoded, decoded and merged without loss', () => {
  const rnd = lcg(12345)
  const values = []
  const whole = new LatencyHistogram()
  const parts = [new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram()]
  for (let i = 0; i < 30000; i++) {
    const v = 0.05 + rnd() ** 3 * 900
    values.push(v)
    whole.record(v)
    parts[i % 3].record(v)
  }
  values.sort((a, b) => a - b)
  for (const q of [0.5, 0.95, 0.99, 0.999]) {
    const exact = values[Math.ceil(q * values.length) - 1]
    assert.ok(Math.abs(whole.quantile(q) - exact) <= exact * 0.001 + 0.001, `q${q}: ${whole.quantile(q)} vs ${exact}`)
  }
  const merged = new LatencyHistogram()
  for (const p of parts) merged.merge(structuredClone(p.encode()))
  assert.deepEqual(merged.summary(), whole.summary())
  assert.deepEqual(LatencyHistogram.decode(whole.encode()).summary(), whole.summary())
  assert.equal(new LatencyHistogram().encode(), '')
  assert.deepEqual(new LatencyHistogram().summary(), {count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0})
  const bins = whole.bins([1, 10, 100])
  assert.equal(bins.reduce((a, b) => a + b, 0), 30000)
  assert.equal(bins[0], values.filter((v) => v <= 1.0005).length)
})

/** Feed a recorder what a simulation would: requests, notifications through a metered driver, lifecycles, confirms. */
function feed(recorder, stats, rnd, n) {
  const sent = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
  const inner = {open: async () => {}, send: () => { sent.published++; sent.confirmed++ }, flush: async () => {}, capacity: async () => {}, close: async () => {}, stats: sent}
  const driver = recorder.meter(inner)
  stats.attach(recorder)
  const ops = ['instance_create', 'backup_create', 'user_create']
  for (let i = 0; i < n; i++) {
    const op = ops[i % 3]
    stats.request()
    const start = {event_type: `dbaas.${op}.start`, priority: 'INFO'}
    driver.send('notification.info', Buffer.alloc(0), start)
    const outcome = rnd() < 0.1 ? 'error' : 'end'
    driver.send(`notification.${outcome === 'error' ? 'error' : 'info'}`, Buffer.alloc(0), {event_type: `dbaas.${op}.${outcome}`, priority: outcome === 'error' ? 'ERROR' : 'INFO'})
    stats.confirm(rnd() * 20)
    stats.confirm(rnd() * 20)
    stats.lifecycle(op, outcome, outcome === 'error' && rnd() < 0.5, rnd() * 300)
  }
  return sent
}

test('the samples of a recorder add up to what it counted; the hub lines up the seconds of several sources', () => {
  const rnd = lcg(3)
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 0)
  const stats = new SimulationStats()
  const a = new MetricsRecorder(t0)
  const b = new MetricsRecorder(t0)
  const statsB = new SimulationStats()
  const rows = []
  const totals = new RunTotals(t0)
  const perSource = []
  const hub = new MetricsHub(2, [{source: (i, s) => perSource.push([i, s.second])}], [totals, {second: (s) => rows.push(s)}])
  for (let sec = 1; sec <= 5; sec++) {
    feed(a, stats, rnd, 40)
    feed(b, statsB, rnd, 25)
    hub.ingest(0, a.sample(t0 + sec * 1000))
    if (sec < 5) hub.ingest(1, b.sample(t0 + sec * 1000))
  }
  assert.equal(rows.length, 4) // second 5 waits for source 1
  hub.ingest(1, b.sample(t0 + 5000))
  hub.end(0)
  hub.end(1)
  assert.equal(rows.length, 5)
  assert.deepEqual(rows.map((r) => r.second), [1, 2, 3, 4, 5].map((k) => t0 / 1000 + k))
  assert.equal(perSource.length, 10)
  const m = totals.measures('simulate')
  assert.equal(m.requests, stats.requests + statsB.requests)
  assert.equal(m.published, 2 * (stats.requests + statsB.requests))
  assert.equal(m.errors, stats.totals().error + statsB.totals().error)
  const confirm = new LatencyHistogram()
  confirm.merge(stats.confirmLatency)
  confirm.merge(statsB.confirmLatency)
  assert.equal(m.confirm_p99, confirm.quantile(0.99))
  // The rows of the metrics file add up to the same.
  const csv = rows.map((r) => rowOf('simulate', r, t0))
  assert.equal(csv.reduce((n, r) => n + r.requests, 0), m.requests)
  assert.equal(csv.reduce((n, r) => n + r.lifecycles_errored, 0), m.errors)
  assert.equal(csv.reduce((n, r) => n + r.by_operation.instance_create.started, 0), [stats, statsB].reduce((n, s) => n + s.byOperation.get('instance_create').end + s.byOperation.get('instance_create').error, 0))
  assert.ok(columnNames('simulate').includes('confirm_p99_ms') && columnNames('simulate').includes('user_create.errored'))
})

/** A report of a run fed by `fill` at seconds t0+1…t0+k, with the series its recorder's samples make. */
function reportOf(fills, t0) {
  const stats = new SimulationStats()
  const rec = new MetricsRecorder(t0)
  const series = new Series()
  let counters = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
  fills.forEach((fill, k) => {
    const sent = fill(rec, stats)
    counters = {published: counters.published + sent.published, confirmed: counters.confirmed + sent.confirmed, republished: 0, reconnects: 0}
    series.add(rec.sample(t0 + (k + 1) * 1000))
  })
  const r = buildReport({seed: 's', worker: {index: 1, count: 1}, threads: 1, driver: 'noop', tenants: 3, startedAt: new Date(t0), elapsedS: fills.length,
    interrupted: false, stats, counters, cpu: {user: 1000, system: 0}})
  return {...r, series: series.toData()}
}

test('merged reports equal the report of one run that saw everything: counts, percentiles, time series', () => {
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 0)
  // Three "workers" each do their part of every second; a fourth run does all of it.
  const seconds = 4
  const part = (w) => Array.from({length: seconds}, (_, k) => (rec, stats) => feed(rec, stats, lcg(100 * k + w), 20 + w * 7))
  const all = Array.from({length: seconds}, (_, k) => (rec, stats) => {
    const sums = {published: 0, confirmed: 0}
    for (let w = 0; w < 3; w++) {
      const s = feed(rec, stats, lcg(100 * k + w), 20 + w * 7)
      sums.published += s.published
      sums.confirmed += s.confirmed
    }
    return sums
  })
  const reports = [0, 1, 2].map((w) => reportOf(part(w), t0))
  const whole = reportOf(all, t0)
  const merged = mergeReports(structuredClone(reports))
  for (const k of ['requests', 'operations', 'confirm_latency_ms', 'lifecycle_latency_ms']) assert.deepEqual(merged[k], whole[k], k)
  assert.deepEqual({...merged.notifications, per_second: 0}, {...whole.notifications, per_second: 0})
  assert.equal(merged.series.points.length, seconds)
  for (let i = 0; i < seconds; i++) {
    const [m, w] = [merged.series.points[i], whole.series.points[i]]
    assert.equal(m.t, w.t)
    assert.deepEqual(m.counters, w.counters)
    assert.deepEqual(m.by, w.by)
    for (const h of ['confirm_latency', 'lifecycle_latency']) {
      assert.deepEqual(LatencyHistogram.decode(m.histograms[h]).summary(), LatencyHistogram.decode(w.histograms[h]).summary(), `${h} at point ${i}`)
    }
  }
  assert.equal(merged.tenants, 9)
  assert.equal(merged.sources.length, 3)
  // A coarser series merges with a finer one at the coarser resolution, still adding up.
  const coarse = Series.fromData(reports[0].series)
  coarse.coarsen(2)
  const mixed = Series.merge([coarse.toData(), reports[1].series])
  assert.equal(mixed.resolution_s, 2)
  const sum = (d) => d.points.reduce((n, p) => n + (p.counters.requests ?? 0), 0)
  assert.equal(sum(mixed), reports[0].requests + reports[1].requests)
})

test('a series folds into coarser points past its maximum, and the counts still add up', () => {
  const series = new Series()
  const t0 = 1_700_000_000
  let requests = 0
  for (let s = 1; s <= 1500; s++) {
    const n = s % 7
    requests += n
    series.add(mergeSamples([{second: t0 + s, fromMs: (t0 + s - 1) * 1000, toMs: (t0 + s) * 1000, counters: {requests: n}, by: {}, gauges: {in_flight: s}, histograms: {}}], 'sum', t0 + s))
  }
  const d = series.toData()
  assert.ok(d.points.length <= 600 && d.resolution_s === 4, `${d.points.length} points of ${d.resolution_s} s`)
  assert.equal(d.points.reduce((n, p) => n + p.counters.requests, 0), requests)
  assert.ok(d.points.every((p) => p.t % 4 === 0))
  assert.equal(d.points.at(-1).gauges.in_flight, 1500) // a gauge keeps its latest value
})

test('the HTML report escapes everything from the run (names come from the wire and the state)', () => {
  const t0 = Date.UTC(2026, 0, 1, 12, 0, 0)
  const r = reportOf([(rec, stats) => feed(rec, stats, lcg(1), 30)], t0)
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
  const html = renderHtml({...r, mode: 'scenario', scenario: hostile, seed: `"${hostile}`, event_types: {[hostile]: 3, 'dbaas.instance_create.start': 10},
    operations: {...r.operations, by_type: {...r.operations.by_type, [hostile]: {end: 1, error: 0, injected: 0}}}, settings: {mix: hostile}, reproduce: `trove-notify simulate --seed '${hostile}'`})
  const body = html.replace(/<script type="application\/json" id="trove-notify-report">[\s\S]*?<\/script>/, '')
  assert.doesNotMatch(body, /<script|<img/i) // tags from the run arrive as text only
  assert.match(body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
  // The embedded JSON cannot close its element early, and reads back as the report.
  const embedded = /<script type="application\/json" id="trove-notify-report">([\s\S]*?)<\/script>/.exec(html)[1]
  assert.doesNotMatch(embedded, /<\/script/i)
  assert.equal(JSON.parse(embedded).scenario, hostile)
  assert.doesNotMatch(html, /https?:\/\//) // nothing fetched: no URL at all in the page
})

test('labels join and split; Prometheus-facing keys never hold the separator', () => {
  assert.equal(labelKey('dbaas.instance_create.start', 'INFO').split('\u0001').length, 2)
})

test('the Grafana dashboard and docs/metrics.md name only metrics the endpoint serves, and the docs name them all', async () => {
  const {readFileSync} = await import('node:fs')
  const {PROM_METRICS, PROM_PREFIX} = await import('../../dist/metrics/catalog.js')
  const root = new URL('../../', import.meta.url)
  const served = new Set([...PROM_METRICS.map((m) => PROM_PREFIX + m.name), `${PROM_PREFIX}threshold_passing`])
  const base = (name) => name.replace(/_(bucket|sum|count)$/, '')
  const dashboard = JSON.parse(readFileSync(new URL('docs/grafana-dashboard.json', root), 'utf8'))
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr))
  assert.ok(exprs.length >= 20)
  for (const e of exprs) {
    for (const [name] of e.matchAll(/trove_notify_\w+/g)) assert.ok(served.has(name) || served.has(base(name)), `${name} in "${e}"`)
  }
  const docs = readFileSync(new URL('docs/metrics.md', root), 'utf8')
  for (const name of served) assert.ok(docs.includes(`\`${name}\``), `${name} is documented`)
})
