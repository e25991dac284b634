// `simulate --threads N` as a user runs it: against the real broker, one
// report for the whole process that matches what arrived; each tenant's
// stream is the one it has with one thread; the same seed gives the same
// streams again; usage errors; Ctrl-C; a broker that cannot be reached.
import assert from 'node:assert/strict'
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {interruptCli, runCli} from '../helpers/cli.js'

/**
 * Each tenant's message ids per queue (tenant/priority), in the order the tenant
 * published them: a queue keeps each publisher's order, and a tenant has one.
 */
function idsByTenant(messages) {
  const by = new Map()
  for (const m of messages) {
    const key = `${m.message._context_project_id}/${m.message.priority}`
    by.set(key, [...(by.get(key) ?? []), m.message.message_id])
  }
  return by
}

/** Run simulate on a private bus; resolves {report, messages}. */
async function simulateOnBus(label, args) {
  const bus = await privateBus(label)
  try {
    const r = await runCli(['simulate', ...bus.args, '--seed', 'threads', '--tenants', '12', '--error-rate', '0.05', '--json', ...args])
    assert.equal(r.code, 0, r.stderr)
    const {all} = await bus.takeAll()
    return {report: r.json, messages: all}
  } finally {
    await bus.cleanup()
  }
}

test('--threads 2 on RabbitMQ: one report for the process, and it is what arrived', async () => {
  const {report, messages} = await simulateOnBus('thr', ['--operations', '600', '--threads', '2'])
  assert.equal(report.threads, 2)
  assert.equal(report.requests, 600)
  assert.equal(report.tenants, 12)
  assert.equal(report.notifications.unconfirmed, 0)
  assert.equal(report.notifications.published, report.notifications.confirmed)
  assert.equal(messages.length, report.notifications.confirmed)
  assert.equal(report.confirm_latency_ms.count, report.notifications.confirmed)
  assert.deepEqual(report.crashes, [])
  assert.ok(report.operations.total.injected > 0)
  // Every lifecycle closes, and the report counts each outcome once.
  const open = new Map()
  let errors = 0
  for (const m of messages) {
    const type = m.message.event_type
    if (!type.startsWith('dbaas.')) continue
    const rid = m.message.payload.request_id
    open.set(rid, (open.get(rid) ?? 0) + (type.endsWith('.start') ? 1 : -1))
    if (type.endsWith('.error')) errors++
  }
  assert.deepEqual([...open.values()].filter((n) => n !== 0), [])
  assert.equal(open.size, report.operations.total.end + report.operations.total.error)
  assert.equal(errors, report.operations.total.error)
  // All 12 tenants took part, and no message id is used twice across the threads.
  assert.equal(new Set(messages.map((m) => m.message._context_project_id)).size, 12)
  assert.equal(new Set(messages.map((m) => m.message.message_id)).size, messages.length)
})

test('--threads: a tenant\'s stream is the one it has with one thread, and the same seed repeats it', async () => {
  const one = idsByTenant((await simulateOnBus('thr1', ['--operations', '300'])).messages)
  const two = idsByTenant((await simulateOnBus('thr2', ['--operations', '300', '--threads', '2'])).messages)
  const again = idsByTenant((await simulateOnBus('thr2b', ['--operations', '300', '--threads', '2'])).messages)
  assert.deepEqual(again, two)
  // Which tenant acts next depends on the threads, so tenants get more or fewer requests; what each does is its own.
  const tenants = (by) => [...new Set([...by.keys()].map((k) => k.split('/')[0]))].sort()
  assert.equal(tenants(two).length, 12)
  assert.deepEqual(tenants(two), tenants(one))
  for (const [key, ids] of two) {
    const other = one.get(key) ?? []
    const n = Math.min(ids.length, other.length)
    assert.deepEqual(ids.slice(0, n), other.slice(0, n), `tenant/priority ${key}`)
  }
})

test('--threads: usage errors (exit 2) for what it cannot do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-thr-'))
  const cases = [
    [['--threads', '2', '--driver', 'noop', '--state', join(dir, 'w.db')], /--threads gives each thread a world of its own; --state \S+ is one store/],
    [['--threads', '2', '--driver', 'log'], /--threads publishes from several threads; --driver log writes one ordered stream/],
    [['--threads', '3', '--driver', 'noop', '--tenants', '2'], /--tenants 2 is fewer than the 3 simulators \(1 worker × 3 threads\)/],
    [['--threads', '0', '--driver', 'noop'], /expected a whole number ≥ 1, got "0"/],
  ]
  for (const [args, message] of cases) {
    // Nothing runs: a usage error is found before the world is opened, so the --state file is not even created.
    const r = await runCli(['simulate', '--operations', '5', ...args])
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr.replace(/\s*\n ›   /g, ' '), message)
    assert.doesNotMatch(r.stderr, /    at /)
  }
  assert.ok(!existsSync(join(dir, 'w.db')))
})

test('--threads: Ctrl-C stops every thread, the summary counts them all, exit 130', async () => {
  const {code, stdout: out, stderr: err, stopMs} = await interruptCli(['simulate', '--driver', 'noop', '--duration', '60', '--rate', '40',
    '--delay', '30', '--concurrency', '4', '--threads', '2'])
  assert.equal(code, 130, err)
  assert.ok(stopMs < 5000, 'stopped promptly although the simulated work takes 30 s')
  // 2 in flight per thread (a request that ends early in a natural .error frees its slot for one more).
  const requests = Number(/^interrupted: (\d+) requests from 10 tenants/m.exec(out)?.[1])
  assert.ok(requests >= 4 && requests <= 8, out)
  assert.match(out, /unconfirmed\s+│ 0 /)
  assert.match(out, /^interrupted: .*, 2 threads\)$/m)
  assert.match(out, /^reproduce: the same options with --seed \S+ --threads 2$/m) // the partition is part of what a seed repeats
})

test('--threads: a broker that cannot be reached is the usual one-line error, exit 1', async () => {
  const r = await runCli(['simulate', '--url', 'amqp://guest:guest@127.0.0.1:1/', '--operations', '5', '--threads', '2'])
  assert.equal(r.code, 1, r.stderr)
  assert.match(r.stderr, /127\.0\.0\.1:1/)
  assert.match(r.stderr, /Try this: start RabbitMQ/)
  assert.doesNotMatch(r.stderr, /    at /)
})

test('--threads: the progress lines count every thread\'s requests as they go', async () => {
  const r = await runCli(['simulate', '--driver', 'noop', '--duration', '6', '--rate', '100', '--threads', '2'])
  assert.equal(r.code, 0, r.stderr)
  // Off a terminal: one line every 5 s. At 100 requests/s the first one should show ~500.
  const first = /^simulate: (\d+) requests/m.exec(r.stderr)
  assert.ok(first, r.stderr)
  assert.ok(Number(first[1]) >= 350 && Number(first[1]) <= 560, `first progress line: ${first[0]}`)
})
