// `simulate` as a user runs it: reproducible streams (--seed), a steady
// --rate, scenario files and their errors, Ctrl-C, and a run against the real
// broker whose report matches what arrived on the queues.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {recordedFile, recordedMessages} from '../helpers/recording.js'
import {BIN, interruptCli, isolatedEnv, ROOT, runCli} from '../helpers/cli.js'
import {findEvent, OPERATIONS} from '../../dist/events/catalog.js'
import {validatePayload} from '../../dist/events/payload.js'

const dir = mkdtempSync(join(tmpdir(), 'tn-sim-'))

/** The inner messages of a --driver log file (a recording), each as its JSON text. */
function logLines(file) {
  return recordedFile(file).map((m) => JSON.stringify(m))
}

/** Timestamps differ run to run (they are real time); everything else must not. */
function withoutTimes(line) {
  return line.replace(/"\d{4}-\d{2}-\d{2}[ T][\d:.]+Z?"/g, '"<time>"')
}

test('the same seed gives the same bytes (timestamps aside); concurrency does not change any tenant\'s stream', async () => {
  const run = async (name, concurrency) => {
    const file = join(dir, `${name}.jsonl`)
    const r = await runCli(['simulate', '--driver', 'log', '--log-file', file, '--seed', 'same', '--operations', '300',
      '--tenants', '6', '--concurrency', String(concurrency), '--error-rate', '0.05', '--delay', '0.005', '--json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.json.seed, 'same')
    assert.equal(r.json.notifications.unconfirmed, 0)
    return logLines(file).map(withoutTimes)
  }
  const a = await run('a', 1)
  const b = await run('b', 1)
  const c = await run('c', 4)
  assert.ok(a.length > 600, `${a.length} notifications`)
  assert.deepEqual(b, a)
  const perTenant = (lines) => {
    const by = new Map()
    for (const l of lines) {
      const t = JSON.parse(l)._context_project_id
      by.set(t, [...(by.get(t) ?? []), l])
    }
    return Object.fromEntries([...by].sort(([x], [y]) => x.localeCompare(y)))
  }
  assert.deepEqual(perTenant(c), perTenant(a))
  assert.equal(Object.keys(perTenant(a)).length, 6)
  // A different seed gives a different stream.
  const other = join(dir, 'other.jsonl')
  await runCli(['simulate', '--driver', 'log', '--log-file', other, '--seed', 'other', '--operations', '50', '--tenants', '6'])
  assert.notDeepEqual(logLines(other).map(withoutTimes).slice(0, 10), a.slice(0, 10))
})

test('--worker I/N: disjoint tenants and ids, each worker reproducible', async () => {
  const run = async (worker) => {
    const file = join(dir, `w${worker.replace('/', 'of')}-${Math.random()}.jsonl`)
    const r = await runCli(['simulate', '--driver', 'log', '--log-file', file, '--seed', 'w', '--operations', '60', '--tenants', '4', '--worker', worker])
    assert.equal(r.code, 0, r.stderr)
    return logLines(file).map((l) => JSON.parse(l))
  }
  const w1 = await run('1/2')
  const w2 = await run('2/2')
  const tenants = (ms) => new Set(ms.map((m) => m._context_project_id))
  assert.equal(tenants(w1).size, 2)
  assert.equal(tenants(w2).size, 2)
  for (const t of tenants(w1)) assert.ok(!tenants(w2).has(t))
  const ids = new Set(w1.map((m) => m.message_id))
  for (const m of w2) assert.ok(!ids.has(m.message_id))
  // Reproducible: each tenant's messages are the same again (across tenants the interleaving may differ).
  const again = await run('1/2')
  const byTenant = (ms) => [...tenants(ms)].sort().map((t) => ms.filter((m) => m._context_project_id === t).map((m) => m.message_id))
  assert.deepEqual(byTenant(again), byTenant(w1))
  const r = await runCli(['simulate', '--driver', 'noop', '--tenants', '2', '--worker', '1/3'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /--tenants 2 is fewer than the 3 workers/)
})

test('--rate holds within ±10 % over every 5-second window', async () => {
  const file = join(dir, 'rate.jsonl')
  // Kinds of one lifecycle per request, so the .start notifications count the requests.
  const r = await runCli(['simulate', '--driver', 'log', '--log-file', file, '--rate', '30', '--duration', '6.5', '--seed', 'r', '--json',
    '--mix', 'instance_create=2,instance_delete=1,instance_restart=1'])
  assert.equal(r.code, 0, r.stderr)
  const starts = logLines(file).map((l) => JSON.parse(l)).filter((m) => m.event_type.endsWith('.start'))
    .map((m) => Date.parse(`${m.timestamp.replace(' ', 'T').slice(0, 23)}Z`))
  assert.equal(starts.length, r.json.requests)
  const t0 = starts[0]
  const end = starts[starts.length - 1]
  assert.ok(end - t0 >= 6000, `the run lasted ${end - t0} ms`)
  for (let s = t0; s + 5000 <= end; s += 250) {
    const n = starts.filter((t) => t >= s && t < s + 5000).length
    assert.ok(n >= 135 && n <= 165, `${n} requests in the 5 s from +${s - t0} ms (expected 150 ± 10 %)`)
  }
})

test('a broken scenario file: one line with file:line, exit 2, nothing published', async () => {
  const file = join(dir, 'broken.yaml')
  writeFileSync(file, 'name: broken\nsteps:\n  - operation: instance create\n    args: {name: db1}\n    as: db\n  - operation: instance delete\n    args: {instance: $dbb}\n')
  const log = join(dir, 'broken.jsonl')
  const r = await runCli(['simulate', '--scenario', file, '--driver', 'log', '--log-file', log])
  assert.equal(r.code, 2)
  // oclif wraps messages at 80 columns when stderr is not a terminal: unwrap before matching.
  const message = r.stderr.replace(/\s*\n ›   /g, ' ').replace(/ +/g, ' ')
  assert.match(message, /Error: \S*broken\.yaml:7: argument "instance" of step "step 2": "\$dbb" refers to "dbb", which no earlier step names with "as" \(named so far: db\) Try this: fix the scenario file/)
  assert.doesNotMatch(r.stderr, /    at /) // no stack
  assert.ok(!existsSync(log) || readFileSync(log, 'utf8') === '')
})

test('a scenario runs per tenant, with references, repeats and waits on the simulated clock', async () => {
  const file = join(dir, 'sc.yaml')
  writeFileSync(file, `
name: two-dbs
defaults: {tenants: 2, time_scale: 100}
steps:
  - name: create
    operation: instance create
    args: {name: "db-{i}", flavor: m1.small, size: 2}
    repeat: 2
    as: db
  - wait: 60
  - name: delete
    operation: instance delete
    args: {instance: "$db[{i}]"}
    repeat: 2
`)
  const log = join(dir, 'sc.jsonl')
  const t0 = Date.now()
  const r = await runCli(['simulate', '--scenario', file, '--driver', 'log', '--log-file', log, '--seed', 's', '--json'])
  assert.equal(r.code, 0, r.stderr)
  assert.ok(Date.now() - t0 > 600, 'the 60 s wait took 0.6 s at --time-scale 100')
  assert.equal(r.json.mode, 'scenario')
  assert.equal(r.json.tenants, 2)
  assert.deepEqual(r.json.operations.by_type, {instance_create: {end: 4, error: 0, injected: 0}, instance_delete: {end: 4, error: 0, injected: 0}})
  const ms = logLines(log).map((l) => JSON.parse(l))
  for (const tenant of new Set(ms.map((m) => m._context_project_id))) {
    const mine = ms.filter((m) => m._context_project_id === tenant)
    const created = mine.filter((m) => m.event_type === 'dbaas.instance_create.end').map((m) => m.payload.instance_id)
    const deleted = mine.filter((m) => m.event_type === 'dbaas.instance_delete.start').map((m) => m.payload.instance_id)
    assert.deepEqual(deleted, created)
    const at = (type) => Date.parse(`${mine.find((m) => m.event_type === type).timestamp.replace(' ', 'T').slice(0, 23)}Z`)
    const gap = at('dbaas.instance_delete.start') - at('dbaas.instance_create.end')
    assert.ok(gap >= 55_000 && gap < 90_000, `the wait passed a minute of simulated time (${gap} ms)`)
  }
})

test('Ctrl-C: requests in flight finish at once, every confirm awaited, summary printed, exit 130', async () => {
  const {code, stdout: out, stderr: err, stopMs} = await interruptCli(['simulate', '--driver', 'noop', '--duration', '60', '--rate', '20',
    '--delay', '30', '--concurrency', '4'])
  assert.equal(code, 130, err)
  assert.ok(stopMs < 5000, 'stopped promptly although the simulated work takes 30 s')
  assert.match(err, /stopping: finishing the requests in flight/)
  // 4 in flight (a request that ends early in a natural .error frees its slot for one more).
  const requests = Number(/^interrupted: (\d+) requests from 10 tenants/m.exec(out)?.[1])
  assert.ok(requests >= 4 && requests <= 8, out)
  assert.match(out, /unconfirmed\s+│ 0 /)
  assert.match(out, /instance_create|instance_delete/)
})

test('flat out (noop driver, no rate): --duration ends the run on time and Ctrl-C is heard', async () => {
  const t0 = Date.now()
  const r = await runCli(['simulate', '--driver', 'noop', '--duration', '2', '--json'])
  assert.equal(r.code, 0, r.stderr)
  assert.ok(r.json.elapsed_s >= 1.9 && r.json.elapsed_s < 3, `elapsed ${r.json.elapsed_s} s`)
  assert.ok(r.json.requests > 100 && Date.now() - t0 < 8000)
  // The cost of the run: CPU seconds (a busy 2-second run uses some) and the same per notification.
  assert.ok(r.json.cpu_s > 0.5 && r.json.cpu_s < 20, `cpu_s ${r.json.cpu_s}`)
  const perNotification = r.json.cpu_s * 1e6 / r.json.notifications.confirmed
  assert.ok(Math.abs(r.json.cpu_us_per_notification - perNotification) <= perNotification * 0.02 + 0.1,
    `cpu_us_per_notification ${r.json.cpu_us_per_notification} vs ${perNotification}`)
  const {code, stdout: out} = await interruptCli(['simulate', '--driver', 'noop', '--operations', '100000000'])
  assert.equal(code, 130)
  assert.match(out, /^interrupted: \d+ requests/m)
})

test('--driver log on stdout: stdout is only the notification lines (the summary goes to stderr)', async () => {
  const r = await runCli(['simulate', '--driver', 'log', '--operations', '40', '--tenants', '3', '--seed', 'out'])
  assert.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  assert.ok(lines.length >= 40, `${lines.length} lines`)
  // Every line is a recording line (recordedMessages throws on any other).
  assert.equal(recordedMessages(r.stdout).length, lines.length)
  assert.match(r.stderr, /^done: 40 requests/m)
})

test('a reader that goes away (simulate --driver log | head -1) ends the run at once, exit 0', async () => {
  const child = spawn(process.execPath, [BIN, 'simulate', '--driver', 'log', '--operations', '100000000'], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  // Read the first line, then close the pipe as `head -1` does.
  await new Promise((resolve) => child.stdout.once('data', resolve))
  child.stdout.destroy()
  const t0 = Date.now()
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  const code = await new Promise((resolve) => child.on('close', resolve))
  clearTimeout(killer)
  assert.equal(code, 0, `still running ${Date.now() - t0} ms after the reader left (killed) ${stderr}`)
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms to stop`)
  assert.doesNotMatch(stderr, /EPIPE|Error/)
})

test('against RabbitMQ: what arrived is what the report says was confirmed, and every message is valid', async () => {
  const bus = await privateBus('sim')
  try {
    const report = join(dir, 'report.json')
    const r = await runCli(['simulate', ...bus.args, '--operations', '400', '--tenants', '8', '--error-rate', '0.05', '--seed', 'b', '--report', report])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /notifications\/s/)
    const rep = JSON.parse(readFileSync(report, 'utf8'))
    assert.equal(rep.notifications.unconfirmed, 0)
    assert.equal(rep.notifications.published, rep.notifications.confirmed)
    assert.ok(rep.confirm_latency_ms.count === rep.notifications.confirmed && rep.confirm_latency_ms.p50 > 0)
    assert.ok(rep.operations.total.injected > 0)
    const {info, error} = await bus.takeAll()
    assert.equal(info.length + error.length, rep.notifications.confirmed)
    const open = new Map()
    for (const m of [...info, ...error]) {
      assert.equal(m.properties.contentType, 'application/json')
      const spec = findEvent(m.message.event_type)
      assert.ok(spec, m.message.event_type)
      assert.deepEqual(validatePayload(spec, m.message.payload), [], m.message.event_type)
      assert.equal(m.fields.routingKey, `${bus.topic}.${m.message.priority.toLowerCase()}`)
      const rid = m.message.payload.request_id
      if (m.message.event_type.startsWith('dbaas.')) open.set(rid, (open.get(rid) ?? 0) + (m.message.event_type.endsWith('.start') ? 1 : -1))
    }
    // Every .start has its .end or .error.
    assert.deepEqual([...open.values()].filter((n) => n !== 0), [])
    assert.equal(open.size, rep.operations.total.end + rep.operations.total.error)
    assert.equal(error.length, rep.operations.total.error)
  } finally {
    await bus.cleanup()
  }
})

test('scenarios/tenant-lifecycle.yaml walks all 29 operations to .end on RabbitMQ', async () => {
  const bus = await privateBus('life')
  try {
    const r = await runCli(['simulate', '--scenario', join(ROOT, 'scenarios', 'tenant-lifecycle.yaml'), ...bus.args,
      '--time-scale', '100000', '--delay', '0', '--seed', 'life', '--json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.json.operations.total.error, 0, JSON.stringify(r.json.operations.by_type))
    const {info, error} = await bus.takeAll()
    assert.equal(error.length, 0)
    assert.equal(info.length, r.json.notifications.confirmed)
    const types = new Set(info.map((m) => m.message.event_type))
    for (const op of OPERATIONS) {
      assert.ok(types.has(`dbaas.${op.name}.start`) && types.has(`dbaas.${op.name}.end`), op.name)
    }
    for (const t of ['create', 'delete', 'modify_volume', 'modify_flavor']) assert.ok(types.has(`trove.instance.${t}`), t)
  } finally {
    await bus.cleanup()
  }
})

test('scenarios/billing-day.yaml: hourly exists windows tile every instance\'s life (what billing sums)', async () => {
  const log = join(dir, 'billing.jsonl')
  const r = await runCli(['simulate', '--scenario', join(ROOT, 'scenarios', 'billing-day.yaml'), '--tenants', '3', '--time-scale', '43200',
    '--driver', 'log', '--log-file', log, '--seed', 'bill', '--json'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.json.operations.total.error, 0)
  assert.ok(r.json.periodic.exists.runs >= 24 && r.json.periodic.quotas.runs >= 24, JSON.stringify(r.json.periodic))
  const ms = logLines(log).map((l) => JSON.parse(l))
  const windows = new Map()
  for (const m of ms.filter((x) => x.event_type === 'trove.instance.exists')) {
    windows.set(m.payload.instance_id, [...(windows.get(m.payload.instance_id) ?? []), m.payload])
  }
  const deletedAt = new Map(ms.filter((m) => m.event_type === 'trove.instance.delete').map((m) => [m.payload.instance_id, m.payload.deleted_at]))
  assert.equal(windows.size, 3 * 5)
  assert.equal(deletedAt.size, 3 * 3)
  for (const [id, ws] of windows) {
    ws.sort((a, b) => a.audit_period_beginning.localeCompare(b.audit_period_beginning))
    assert.equal(ws[0].audit_period_beginning, ws[0].launched_at, `${id}: the first window begins at launch`)
    for (let i = 1; i < ws.length; i++) assert.equal(ws[i].audit_period_beginning, ws[i - 1].audit_period_ending, `${id}: windows tile`)
    if (deletedAt.has(id)) assert.equal(ws.at(-1).audit_period_ending, deletedAt.get(id), `${id}: the last window ends at the deletion`)
  }
})

test('simulate --help documents the options and the scenario examples exist', async () => {
  const r = await runCli(['simulate', '--help'])
  for (const flag of ['--scenario', '--operations', '--duration', '--rate', '--concurrency', '--tenants', '--error-rate', '--seed', '--mix', '--time-scale', '--worker', '--report', '--state']) {
    assert.ok(r.stdout.includes(flag), flag)
  }
  for (const f of ['tenant-lifecycle.yaml', 'billing-day.yaml']) assert.ok(existsSync(join(ROOT, 'scenarios', f)), f)
})
