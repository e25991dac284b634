// Watched runs, as a user runs them: the Prometheus endpoint scraped over
// HTTP while `simulate --threads 2` runs (values move, histograms have
// buckets, labels right), the metrics file's rows adding up to the final
// report, the reports of two --worker processes merged into what the broker
// received, rate profiles measured step by step, and thresholds passing and
// failing with the right exit codes.
import assert from 'node:assert/strict'
import {existsSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {runCli, startCli, tempState} from '../helpers/cli.js'
import {recordedFile} from '../helpers/recording.js'
import {startTail, until} from '../helpers/tail.js'
import {OPERATIONS} from '../../dist/events/catalog.js'
import {LatencyHistogram} from '../../dist/metrics/histogram.js'

const dir = mkdtempSync(join(tmpdir(), 'tn-metrics-'))

/** The samples of a Prometheus exposition: [{name, labels, value}]. */
function parseExposition(text) {
  const out = []
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    assert.ok(m, `not an exposition line: ${line}`)
    const labels = {}
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v
    out.push({name: m[1], labels, value: Number(m[3])})
  }
  return out
}

const sum = (samples, name, pick = () => true) => samples.filter((s) => s.name === name && pick(s.labels)).reduce((n, s) => n + s.value, 0)

test('the Prometheus endpoint, scraped while simulate --threads 2 runs: values move, real histograms, labels by thread, event type, operation, outcome', async () => {
  const bus = await privateBus('prom')
  const run = startCli(['simulate', ...bus.args, '--threads', '2', '--rate', '60', '--duration', '5m', '--error-rate', '0.1', '--tenants', '8',
    '--metrics-port', '0', '--seed', 'prom', '--json'])
  try {
    const url = await until(() => /metrics: (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(run.err())?.[1], 30_000, 'the metrics URL notice')
    const scrape = async () => {
      const res = await fetch(url)
      assert.equal(res.status, 200)
      assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
      return parseExposition(await res.text())
    }
    const confirmed = (s) => sum(s, 'trove_notify_notifications_confirmed_total')
    const first = await until(async () => {
      const s = await scrape()
      return confirmed(s) > 0 && s.some((x) => x.name === 'trove_notify_confirm_latency_seconds_count' && x.labels.thread === '2' && x.value > 0) ? s : undefined
    }, 30_000, 'confirmed notifications from both threads')
    const later = await until(async () => {
      const s = await scrape()
      return confirmed(s) > confirmed(first) && sum(s, 'trove_notify_requests_total') > sum(first, 'trove_notify_requests_total') ? s : undefined
    }, 30_000, 'the counters to move')
    // Both threads report, as worker 1/1.
    for (const thread of ['1', '2']) {
      assert.ok(sum(later, 'trove_notify_requests_total', (l) => l.thread === thread && l.worker === '1/1') > 0, `thread ${thread}`)
    }
    // Published by event type and priority; lifecycles by operation and outcome; injected failures.
    const published = later.filter((s) => s.name === 'trove_notify_notifications_published_total')
    assert.ok(published.some((s) => s.labels.event_type === 'dbaas.instance_create.start' && s.labels.priority === 'INFO'))
    assert.ok(published.every((s) => /^(dbaas|trove)\./.test(s.labels.event_type) && ['INFO', 'ERROR'].includes(s.labels.priority)))
    // Confirmed by event type and priority too (attributed in publish order): never more than was published of that kind.
    const confirmedBy = later.filter((s) => s.name === 'trove_notify_notifications_confirmed_total')
    assert.ok(confirmedBy.some((s) => s.labels.event_type === 'dbaas.instance_create.start' && s.labels.priority === 'INFO' && s.value > 0))
    for (const c of confirmedBy) {
      const p = sum(later, 'trove_notify_notifications_published_total', (l) => l.event_type === c.labels.event_type && l.priority === c.labels.priority && l.thread === c.labels.thread)
      assert.ok(c.value <= p, `${c.labels.event_type} ${c.labels.priority} thread ${c.labels.thread}: confirmed ${c.value} > published ${p}`)
    }
    const ended = later.filter((s) => s.name === 'trove_notify_lifecycles_ended_total')
    assert.ok(ended.every((s) => OPERATIONS.some((o) => o.name === s.labels.operation) && ['end', 'error'].includes(s.labels.outcome)), JSON.stringify(ended.slice(0, 3)))
    assert.ok(ended.some((s) => s.labels.outcome === 'end') && ended.some((s) => s.labels.outcome === 'error'))
    // A real histogram: cumulative buckets ending in +Inf = _count, and a _sum.
    const buckets = later.filter((s) => s.name === 'trove_notify_confirm_latency_seconds_bucket' && s.labels.thread === '1')
    assert.ok(buckets.length >= 10, `${buckets.length} buckets`)
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i].value >= buckets[i - 1].value, 'buckets are cumulative')
    assert.equal(buckets.at(-1).labels.le, '+Inf')
    assert.equal(buckets.at(-1).value, sum(later, 'trove_notify_confirm_latency_seconds_count', (l) => l.thread === '1'))
    assert.ok(sum(later, 'trove_notify_confirm_latency_seconds_sum', (l) => l.thread === '1') > 0)
    assert.ok(later.some((s) => s.name === 'trove_notify_lifecycle_latency_seconds_bucket' && s.labels.operation && s.labels.outcome))
    assert.ok(later.some((s) => s.name === 'trove_notify_target_request_rate' && s.value === 30), 'each thread asks for half the rate')
    assert.ok(later.some((s) => s.name === 'process_cpu_seconds_total'), 'process metrics too')
    assert.equal((await fetch(url.replace('/metrics', '/nope'))).status, 404)
    run.child.kill('SIGINT')
    const r = await run.done
    assert.equal(r.code, 130, r.stderr)
    const report = JSON.parse(r.stdout)
    assert.equal(report.notifications.unconfirmed, 0)
    // The endpoint is closed with the run.
    await assert.rejects(fetch(url))
  } finally {
    run.child.kill('SIGKILL')
    await bus.cleanup()
  }
})

/** The rows of a CSV file as objects (numbers where they are numbers). */
function readCsv(file) {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n')
  const cols = head.split(',')
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], /^-?[\d.]+$/.test(v) ? Number(v) : v])))
}

test('--metrics-file: one row per second, and the rows add up to the final report (JSON lines, and CSV over RabbitMQ with threads)', async () => {
  const jsonl = join(dir, 'rows.jsonl')
  const r = await runCli(['simulate', '--driver', 'noop', '--rate', '150', '--duration', '3.5', '--error-rate', '0.1', '--seed', 'rows',
    '--metrics-file', jsonl, '--json'])
  assert.equal(r.code, 0, r.stderr)
  const report = r.json
  const rows = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  assert.ok(rows.length >= 3 && rows.length <= 6, `${rows.length} rows for a 3.5 s run`)
  for (let i = 1; i < rows.length; i++) assert.equal(Date.parse(rows[i].t) - Date.parse(rows[i - 1].t), 1000, 'a row per second')
  const total = (k) => rows.reduce((n, row) => n + row[k], 0)
  assert.equal(total('requests'), report.requests)
  assert.equal(total('published'), report.notifications.published)
  assert.equal(total('confirmed'), report.notifications.confirmed)
  assert.equal(total('lifecycles_ended'), report.operations.total.end)
  assert.equal(total('lifecycles_errored'), report.operations.total.error)
  assert.equal(total('injected'), report.operations.total.injected)
  assert.equal(total('lifecycles_started'), report.operations.total.end + report.operations.total.error)
  for (const [op, o] of Object.entries(report.operations.by_type)) {
    assert.equal(rows.reduce((n, row) => n + (row.by_operation[op]?.ended ?? 0) + (row.by_operation[op]?.errored ?? 0), 0), o.end + o.error, op)
  }
  const types = {}
  for (const row of rows) for (const [t, n] of Object.entries(row.by_event_type)) types[t] = (types[t] ?? 0) + n
  assert.equal(Object.values(types).reduce((a, b) => a + b, 0), report.notifications.published)
  assert.ok(rows.some((row) => row.lifecycle_p99_ms > 0) && rows.every((row) => row.lifecycle_max_ms >= row.lifecycle_p99_ms))

  const bus = await privateBus('rows')
  try {
    const csv = join(dir, 'rows.csv')
    const t = await runCli(['simulate', ...bus.args, '--threads', '2', '--rate', '80', '--duration', '3', '--tenants', '6', '--seed', 'csv',
      '--metrics-file', csv, '--json'], {timeoutMs: 60_000})
    assert.equal(t.code, 0, t.stderr)
    const c = readCsv(csv)
    const sumCsv = (k) => c.reduce((n, row) => n + row[k], 0)
    assert.equal(sumCsv('requests'), t.json.requests)
    assert.equal(sumCsv('confirmed'), t.json.notifications.confirmed)
    assert.equal(sumCsv('published'), t.json.notifications.published)
    assert.equal(sumCsv('lifecycles_ended') + sumCsv('lifecycles_errored'), t.json.operations.total.end + t.json.operations.total.error)
    assert.equal(sumCsv('instance_create.ended') + sumCsv('instance_create.errored'), (t.json.operations.by_type.instance_create?.end ?? 0) + (t.json.operations.by_type.instance_create?.error ?? 0))
    assert.ok(c.some((row) => row.confirm_p99_ms > 0), 'confirm latency per second')
    assert.equal(c.at(-1).unconfirmed, 0)
    const {info, error} = await bus.takeAll()
    assert.equal(info.length + error.length, sumCsv('confirmed'))
  } finally {
    await bus.cleanup()
  }
})

test('report merge: the reports of two --worker processes are one report of what the broker received', async () => {
  const bus = await privateBus('merge')
  try {
    const files = [join(dir, 'w1.json'), join(dir, 'w2.html')]
    const workers = await Promise.all([1, 2].map((i) => runCli(['simulate', ...bus.args, '--worker', `${i}/2`, '--tenants', '6', '--rate', '40', '--duration', '3',
      '--error-rate', '0.05', '--seed', 'merge', '--report', files[i - 1], '--json'], {timeoutMs: 60_000})))
    for (const w of workers) assert.equal(w.code, 0, w.stderr)
    const out = join(dir, 'all.json')
    const m = await runCli(['report', 'merge', ...files, '--out', out])
    assert.equal(m.code, 0, m.stderr)
    assert.match(m.stdout, /merged 2 reports into/)
    const merged = JSON.parse(readFileSync(out, 'utf8'))
    const [a, b] = workers.map((w) => w.json)
    assert.equal(merged.requests, a.requests + b.requests)
    assert.equal(merged.notifications.confirmed, a.notifications.confirmed + b.notifications.confirmed)
    assert.equal(merged.operations.total.error, a.operations.total.error + b.operations.total.error)
    assert.equal(merged.tenants, 6)
    assert.equal(merged.worker, '1/2,2/2')
    // The broker saw everything: what arrived is what the merged report says was confirmed.
    const {info, error} = await bus.takeAll()
    assert.equal(info.length + error.length, merged.notifications.confirmed)
    assert.equal(error.length, merged.operations.total.error)
    // Histograms merged: the count is every confirm of both, the percentiles those of the merged histograms.
    assert.equal(merged.confirm_latency_ms.count, merged.notifications.confirmed)
    const h = LatencyHistogram.decode(a.histograms.confirm_latency)
    h.merge(b.histograms.confirm_latency)
    assert.deepEqual(merged.confirm_latency_ms, h.summary())
    // Time series aligned on the wall clock: points on multiples of the resolution, adding up to the totals.
    const pts = merged.series.points
    assert.ok(pts.length >= 3)
    assert.ok(pts.every((p) => p.t % merged.series.resolution_s === 0))
    assert.equal(pts.reduce((n, p) => n + (p.counters.confirmed ?? 0), 0), merged.notifications.confirmed)
    assert.equal(pts.reduce((n, p) => n + (p.counters.requests ?? 0), 0), merged.requests)
    // Merging into HTML works too; a file that is not a report is a usage error naming it.
    const html = join(dir, 'all.html')
    assert.equal((await runCli(['report', 'merge', out, files[1], '--out', html])).code, 0)
    assert.match(readFileSync(html, 'utf8'), /^<!doctype html>/)
    const bad = await runCli(['report', 'merge', join(dir, 'rows.jsonl'), '--out', join(dir, 'x.json')])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /rows\.jsonl is not/)
  } finally {
    await bus.cleanup()
  }
})

test('rate profiles hold step by step (±10 % over each step\'s 5-second windows); a profile alone sets the run\'s length', async () => {
  const file = join(dir, 'profile.jsonl')
  // Kinds of one lifecycle per request, so the .start notifications count the requests.
  const r = await runCli(['simulate', '--driver', 'log', '--log-file', file, '--rate', 'ramp:20..80:6s,hold:30:6s', '--seed', 'p', '--json',
    '--mix', 'instance_create=2,instance_delete=1,instance_restart=1'], {timeoutMs: 60_000})
  assert.equal(r.code, 0, r.stderr)
  assert.ok(r.json.elapsed_s >= 11.5 && r.json.elapsed_s < 20, `one pass of the 12 s profile took ${r.json.elapsed_s} s`)
  const starts = recordedFile(file).filter((m) => m.event_type.endsWith('.start'))
    .map((m) => Date.parse(`${m.timestamp.replace(' ', 'T').slice(0, 23)}Z`))
  assert.equal(starts.length, r.json.requests)
  const t0 = starts[0]
  // Requests the profile asks for between a and b seconds (ramp 20→80 over 6 s, then 30/s).
  const due = (a, b) => {
    const count = (t) => (t <= 6 ? 20 * t + 5 * t * t : 300 + 30 * (t - 6))
    return count(b) - count(a)
  }
  for (const [from, to] of [[0, 6], [6, 12]]) {
    for (let s = from; s + 5 <= to + 1e-9; s += 0.25) {
      const n = starts.filter((t) => t >= t0 + s * 1000 && t < t0 + (s + 5) * 1000).length
      const expected = due(s, s + 5)
      assert.ok(Math.abs(n - expected) <= expected * 0.1, `${n} requests in the 5 s from +${s} s (expected ${expected} ± 10 %)`)
    }
  }
})

test('thresholds: listed with what was measured; pass → 0, fail → 99 naming the failed ones, malformed → 2; --abort-on-fail stops early', async () => {
  const pass = await runCli(['simulate', '--driver', 'noop', '--operations', '300', '--seed', 'th',
    '--threshold', 'lifecycle_p99<30s', '--threshold', 'unconfirmed==0', '--threshold', 'error_rate<50%', '--threshold', 'crashes==0', '--json'])
  assert.equal(pass.code, 0, pass.stderr)
  assert.equal(pass.json.thresholds.length, 4)
  assert.ok(pass.json.thresholds.every((t) => t.passed), JSON.stringify(pass.json.thresholds))
  assert.ok(Math.abs(pass.json.thresholds[0].measured - pass.json.lifecycle_latency_ms.p99) < 0.01, 'the measured value is the report\'s')

  const fail = await runCli(['simulate', '--driver', 'noop', '--operations', '300', '--seed', 'th',
    '--threshold', 'requests>=1000000', '--threshold', 'unconfirmed==0', '--threshold', 'lifecycle_p50<1us'])
  assert.equal(fail.code, 99, fail.stderr)
  assert.match(fail.stdout, /requests>=1000000\s+│ requests 300 \(>= 1000000\)\s+│ FAIL/)
  assert.match(fail.stdout, /unconfirmed==0\s+│ unconfirmed 0 \(== 0\)\s+│ pass/)
  assert.match(fail.stdout, /thresholds: 2 of 3 failed: requests>=1000000, lifecycle_p50<1us \(exit 99\)/)

  const log = join(dir, 'malformed.jsonl')
  const bad = await runCli(['simulate', '--driver', 'log', '--log-file', log, '--operations', '10', '--threshold', 'latency<5ms'])
  assert.equal(bad.code, 2)
  const message = bad.stderr.replace(/\s*\n ›   /g, ' ').replace(/ +/g, ' ')
  assert.match(message, /--threshold "latency<5ms": unknown metric "latency"/)
  assert.match(message, /confirm_p99.*error_rate.*unconfirmed/)
  assert.ok(!existsSync(log) || readFileSync(log, 'utf8') === '', 'nothing published')

  // --abort-on-fail: a count that can only grow breaks its bound → the run stops at once, exit 99.
  const t0 = Date.now()
  const abort = await runCli(['simulate', '--driver', 'noop', '--duration', '5m', '--rate', '50', '--error-rate', '0.5', '--seed', 'ab',
    '--threshold', 'errors<3', '--abort-on-fail', '--json'], {timeoutMs: 60_000})
  assert.equal(abort.code, 99, abort.stderr)
  assert.ok(Date.now() - t0 < 45_000 && abort.json.elapsed_s < 40, `stopped after ${abort.json.elapsed_s} s of a 5-minute run`)
  assert.match(abort.stderr, /stopping: threshold errors<3 failed .* --abort-on-fail/)
  assert.equal(abort.json.notifications.unconfirmed, 0)
})

test('tail and quotas are watched the same way: rows, thresholds, exit 99', async () => {
  const bus = await privateBus('tailm')
  try {
    const rows = join(dir, 'tail.csv')
    const tail = await startTail([...bus.args, '--check', '--lifecycle', '--metrics-file', rows, '--threshold', 'violations==0', '--threshold', 'consumed>=1', '--timeout', '20'])
    const s = await runCli(['simulate', ...bus.args, '--operations', '40', '--tenants', '4', '--seed', 'tm', '--json'])
    assert.equal(s.code, 0, s.stderr)
    const count = s.json.notifications.confirmed
    const {child} = tail
    // Stop tail once every message was read (its summary counts them); Ctrl-C ends it.
    await until(() => readCsvSafe(rows).reduce((n, r) => n + r.consumed, 0) >= count, 30_000, 'tail to count every message in its rows')
    child.kill('SIGINT')
    const t = await tail.done
    assert.equal(t.code, 0, t.stderr)
    const c = readCsv(rows)
    assert.equal(c.reduce((n, r) => n + r.consumed, 0), count)
    assert.equal(c.reduce((n, r) => n + r.violations, 0), 0)
    assert.equal(c.reduce((n, r) => n + r.lifecycles_closed, 0), s.json.operations.total.end + s.json.operations.total.error)
    assert.match(t.stdout, /thresholds: all 2 passed/)
  } finally {
    await bus.cleanup()
  }
  const state = tempState()
  const q = await runCli(['quotas', '--once', '--driver', 'noop', '--state', state, '--threshold', 'runs==1', '--threshold', 'runs>=2', '--json'])
  assert.equal(q.code, 99, q.stderr)
  assert.deepEqual(q.json.thresholds.map((t) => t.passed), [true, false])
})

/** The CSV rows written so far (none while the file is not there yet). */
function readCsvSafe(file) {
  try {
    return readCsv(file)
  } catch {
    return []
  }
}
