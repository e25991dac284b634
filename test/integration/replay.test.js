// `replay` as a user runs it, against the real broker (and through --driver
// log where no broker is needed): byte-for-byte round trips to the command
// line's exchange and topics, pacing that is never early, filters and
// rewrites that keep lifecycles paired and exists windows tiling (checked by
// `check` itself), bad lines, stdin and gzip, Ctrl-C.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'
import {after, before, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {BIN, isolatedEnv, ROOT, runCli} from '../helpers/cli.js'
import {readRecording} from '../helpers/recording.js'
import {until} from '../helpers/tail.js'
import {encodeLine} from '../../dist/messaging/recording.js'
import {exampleMessage} from '../../dist/events/export/example.js'
import {getEvent} from '../../dist/events/catalog.js'

const dir = mkdtempSync(join(tmpdir(), 'tn-replay-'))
let recording // a simulate --driver log run: a realistic stream with errors
let billing // a simulated day with hourly exists windows

before(async () => {
  recording = join(dir, 'sim.jsonl')
  const r = await runCli(['simulate', '--driver', 'log', '--log-file', recording, '--operations', '150', '--tenants', '5',
    '--seed', 'replay', '--error-rate', '0.1', '--delay', '0'])
  assert.equal(r.code, 0, r.stderr)
  billing = join(dir, 'billing.jsonl')
  const b = await runCli(['simulate', '--scenario', join(ROOT, 'scenarios', 'billing-day.yaml'), '--tenants', '2', '--time-scale', '43200',
    '--driver', 'log', '--log-file', billing, '--seed', 'bill'], {timeoutMs: 60_000})
  assert.equal(b.code, 0, b.stderr)
})

let bus
before(async () => { bus = await privateBus('replay') })
after(async () => bus.cleanup())

test('a recording replays byte for byte, with its properties, to the exchange and topics of the command line', async () => {
  const lines = readRecording(readFileSync(recording, 'utf8'))
  assert.ok(lines.length > 300)
  const r = await runCli(['replay', recording, '--rate', '0', ...bus.args, '--json'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.json.read.messages, lines.length)
  assert.equal(r.json.notifications.confirmed, lines.length)
  assert.equal(r.json.notifications.unconfirmed, 0)
  const {info, error} = await bus.takeAll()
  for (const [got, suffix] of [[info, 'info'], [error, 'error']]) {
    const sent = lines.filter((l) => l.routing_key.endsWith(`.${suffix}`))
    assert.ok(sent.length > 0, `something on .${suffix}`)
    assert.equal(got.length, sent.length, `${suffix}: count`)
    for (let i = 0; i < sent.length; i++) {
      assert.equal(got[i].body, sent[i].body, `${suffix} #${i}: the same bytes`)
      assert.equal(got[i].fields.exchange, bus.exchange)
      assert.equal(got[i].fields.routingKey, `${bus.topic}.${suffix}`)
      for (const [k, v] of Object.entries(sent[i].properties)) assert.deepEqual(got[i].properties[k], v, `${suffix} #${i}: property ${k}`)
    }
  }
})

test('--speed 10: never early against the recorded gaps ÷ 10, and done within a generous bound', async () => {
  const t0 = Date.parse('2026-11-24T10:00:00Z')
  // Offsets in ms; one message recorded out of order (due at once: the latest time so far is what counts).
  const offsets = [0, 1000, 800, 4000, 4500, 9000, 9000, 12000]
  const due = [0, 1000, 1000, 4000, 4500, 9000, 9000, 12000].map((o) => o / 10)
  const ex = exampleMessage(getEvent('dbaas.instance_restart.start'))
  const file = join(dir, 'gaps.jsonl')
  writeFileSync(file, offsets.map((o, i) => encodeLine({
    time: new Date(t0 + o).toISOString(), exchange: 'trove', routingKey: 'notification.info',
    body: Buffer.from(ex.body.replace(ex.message.message_id, `00000000-0000-4000-8000-00000000000${i}`)),
  })).join('\n') + '\n')
  const q = `${bus.topic}.info`
  await bus.ch.assertExchange(bus.exchange, 'topic', {durable: false})
  await bus.ch.assertQueue(q, {durable: false, autoDelete: false})
  await bus.ch.bindQueue(q, bus.exchange, q)
  const arrived = []
  const {consumerTag} = await bus.ch.consume(q, (m) => arrived.push({at: Date.now(), id: JSON.parse(JSON.parse(m.content)['oslo.message']).message_id}), {noAck: true})
  try {
    const r = await runCli(['replay', file, '--speed', '10', ...bus.args, '--json'])
    assert.equal(r.code, 0, r.stderr)
    await until(() => arrived.length === offsets.length, 10_000, 'every message to arrive')
    const first = Date.parse(r.json.first_sent_at)
    for (let i = 0; i < offsets.length; i++) {
      assert.equal(arrived[i].id, `00000000-0000-4000-8000-00000000000${i}`, 'in order')
      // 2 ms: the wall clock is read in whole ms, the schedule on the monotonic clock.
      assert.ok(arrived[i].at >= first + due[i] - 2, `message ${i} arrived ${arrived[i].at - first} ms after the first left; due at ${due[i]}`)
    }
    assert.ok(r.json.elapsed_s < 1.2 + 15, `took ${r.json.elapsed_s} s for 1.2 s of recording at 10×`)
    assert.equal(r.json.timing.speed, 10)
    assert.equal(r.json.schedule_lateness_ms.count, offsets.length)
  } finally {
    await bus.ch.cancel(consumerTag)
  }
})

test('filters select from the recording as it was; --tenant-map rewrites; what is left out is counted', async () => {
  const lines = readRecording(readFileSync(recording, 'utf8'))
  const tenant = lines[0].message._context_project_id
  const r = await runCli(['replay', recording, '--rate', '0', '--driver', 'log', '--event', 'dbaas.instance_*', '--priority', 'info',
    '--tenant', tenant, '--tenant-map', `${tenant}=mapped-tenant`, '--json'])
  assert.equal(r.code, 0, r.stderr)
  // With --json the report is stdout, and the log driver's recording goes to stderr.
  const out = readRecording(r.stderr.split('\n').filter((l) => l.startsWith('{"recording"')).join('\n'))
  const expected = lines.filter((l) => /^dbaas\.instance_/.test(l.message.event_type) && l.message.priority === 'INFO' &&
    (l.message.payload.tenant_id === tenant || l.message._context_project_id === tenant))
  assert.ok(expected.length > 5)
  assert.equal(out.length, expected.length)
  for (let i = 0; i < out.length; i++) {
    assert.equal(out[i].message.message_id, expected[i].message.message_id)
    assert.equal(out[i].message._context_project_id, 'mapped-tenant')
    if ('tenant_id' in expected[i].message.payload) assert.equal(out[i].message.payload.tenant_id, 'mapped-tenant')
    assert.equal(out[i].time, expected[i].time, 'the recorded time is kept (no --retime)')
  }
  assert.equal(r.json.read.filtered_out, lines.length - expected.length)
  assert.deepEqual(r.json.rewrite.tenant_map, {[tenant]: 'mapped-tenant'})
})

test('--retime --fresh-ids --loop 2: new lifecycles of today that still pair, exists windows that still tile (check says so)', async () => {
  const original = readRecording(readFileSync(billing, 'utf8'))
  const exists = original.filter((l) => l.message.event_type === 'trove.instance.exists')
  assert.ok(exists.length > 20, `${exists.length} exists notifications`)
  const before = await runCli(['check', billing, '--quiet'])
  assert.equal(before.code, 0, before.stdout)
  const out = join(dir, 'fresh.jsonl')
  const t = Date.now()
  const r = await runCli(['replay', billing, '--rate', '0', '--retime', '--fresh-ids', '--loop', '2', '--driver', 'log', '--log-file', out, '--json'])
  assert.equal(r.code, 0, r.stderr)
  const replayed = readRecording(readFileSync(out, 'utf8'))
  assert.equal(replayed.length, 2 * original.length)
  const check = await runCli(['check', out, '--json'])
  assert.equal(check.code, 0, check.stdout)
  assert.equal(check.json.violations, 0)
  assert.equal(check.json.lifecycles.paired, 2 * original.filter((l) => l.message.event_type.endsWith('.start')).length)
  assert.equal(check.json.exists.windows, 2 * exists.length)
  assert.equal(check.json.exists.gaps + check.json.exists.overlaps, 0)
  assert.equal(check.json.exists.instances, 2 * new Set(exists.map((l) => l.message.payload.instance_id)).size, 'each pass: new instances')
  // Nothing of the original's ids is left; the first message is now; every gap is kept.
  const ids = new Set(original.flatMap((l) => [l.message.message_id, l.message.payload.request_id, l.message.payload.instance_id]).filter(Boolean))
  for (const l of replayed) {
    for (const id of [l.message.message_id, l.message.payload.request_id, l.message.payload.instance_id]) assert.ok(!ids.has(id), `${id} is an original id`)
  }
  const ts = (m) => Date.parse(`${m.timestamp.replace(' ', 'T')}Z`)
  assert.ok(Math.abs(ts(replayed[0].message) - t) < 60_000, 'the first message is now')
  for (let i = 1; i < original.length; i++) {
    assert.equal(ts(replayed[i].message) - ts(replayed[0].message), ts(original[i].message) - ts(original[0].message), `gap before message ${i}`)
  }
  for (let i = 0; i < exists.length; i++) {
    const a = exists[i].message.payload
    const b = replayed.filter((l) => l.message.event_type === 'trove.instance.exists')[i].message.payload
    assert.equal(Date.parse(b.audit_period_ending) - Date.parse(b.audit_period_beginning), Date.parse(a.audit_period_ending) - Date.parse(a.audit_period_beginning))
  }
})

test('bad lines: named file:line and skipped (nothing sent twice); --strict stops there (exit 1); not a recording: exit 2', async () => {
  const good = readFileSync(recording, 'utf8').split('\n').filter(Boolean).slice(0, 6)
  const file = join(dir, 'bad.jsonl')
  writeFileSync(file, [good[0], good[1], good[2].slice(0, 80), good[3], 'garbage', good[4], good[5]].join('\n') + '\n')
  const r = await runCli(['replay', file, '--rate', '0', '--driver', 'log'])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stderr, /bad\.jsonl:3: not valid JSON.*\(skipped\)/)
  assert.match(r.stderr, /bad\.jsonl:5: not valid JSON.*\(skipped\)/)
  const out = readRecording(r.stdout)
  assert.deepEqual(out.map((l) => l.body), [0, 1, 3, 4, 5].map((i) => readRecording(good[i])[0].body))
  const strict = await runCli(['replay', file, '--rate', '0', '--driver', 'log', '--strict', '--json'])
  assert.equal(strict.code, 1)
  assert.match(strict.json.failure, /bad\.jsonl:3: not valid JSON/)
  assert.equal(strict.json.read.messages, 2)
  assert.equal(readRecording(strict.stderr.split('\n').filter((l) => l.startsWith('{"recording"')).join('\n')).length, 2)
  const other = join(dir, 'notes.txt')
  writeFileSync(other, 'these are my notes\n')
  const no = await runCli(['replay', recording, other, ...bus.args])
  assert.equal(no.code, 2)
  assert.match(no.stderr, /notes\.txt is not a recording \(line 1: /)
  assert.equal(no.stderr.trim().split('\n').filter((l) => !/^\s*›\s*Try this/.test(l)).length, 1, 'one line (and the fix)')
  assert.deepEqual((await bus.takeAll()).all, [], 'nothing published, not even from the good file before it')
  const missing = await runCli(['replay', join(dir, 'nope.jsonl')])
  assert.equal(missing.code, 2)
  assert.match(missing.stderr, /cannot read .*nope\.jsonl: no such file/)
})

test('stdin (-) and gzip are read as they are; --loop with stdin is refused', async () => {
  const gz = gzipSync(readFileSync(recording))
  const file = join(dir, 'sim.jsonl.gz')
  writeFileSync(file, gz)
  const n = readRecording(readFileSync(recording, 'utf8')).length
  const fromFile = await runCli(['replay', file, '--rate', '0', '--driver', 'noop', '--json'])
  assert.equal(fromFile.code, 0, fromFile.stderr)
  assert.equal(fromFile.json.read.messages, n)
  const piped = await runCli(['replay', '-', '--rate', '0', '--driver', 'noop', '--json'], {input: gz})
  assert.equal(piped.code, 0, piped.stderr)
  assert.equal(piped.json.read.messages, n)
  const loop = await runCli(['replay', '-', '--loop', '2', '--driver', 'noop'], {input: gz})
  assert.equal(loop.code, 2)
  assert.match(loop.stderr, /--loop reads the recordings again, and stdin can be read only once/)
  const both = await runCli(['replay', recording, '--speed', '2', '--rate', '5'])
  assert.equal(both.code, 2)
})

test('Ctrl-C: stops reading, every confirm awaited, the summary printed, exit 130; what arrived is what it confirmed', async () => {
  const child = spawn(process.execPath, [BIN, 'replay', recording, '--rate', '40', ...bus.args, '--json'], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { err += d })
  const closed = new Promise((resolve) => child.on('close', resolve))
  const q = `${bus.topic}.info`
  // Wait until messages are arriving, then press Ctrl-C.
  await until(async () => {
    const n = await bus.ch.checkQueue(q).then((x) => x.messageCount, () => 0)
    return n >= 5 ? n : 0
  }, 20_000, 'messages arriving')
  child.kill('SIGINT')
  const code = await closed
  assert.equal(code, 130, err)
  const report = JSON.parse(out)
  assert.equal(report.interrupted, true)
  assert.equal(report.notifications.unconfirmed, 0)
  assert.ok(report.read.messages < readRecording(readFileSync(recording, 'utf8')).length)
  const {all} = await bus.takeAll()
  assert.equal(all.length, report.notifications.confirmed)
})

test('watched like simulate: --metrics-file rows add up to what was published, --threshold passes or fails (exit 99)', async () => {
  const rows = join(dir, 'rows.jsonl')
  const r = await runCli(['replay', recording, '--rate', '0', '--driver', 'noop', '--metrics-file', rows, '--threshold', 'unconfirmed==0', '--json'])
  assert.equal(r.code, 0, r.stderr)
  const lines = readFileSync(rows, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  assert.equal(lines.reduce((n, l) => n + l.published, 0), r.json.notifications.published)
  assert.deepEqual(r.json.thresholds.map((t) => t.passed), [true])
  const failing = await runCli(['replay', recording, '--rate', '0', '--driver', 'noop', '--threshold', 'published<10'])
  assert.equal(failing.code, 99, failing.stderr)
  // --report FILE.html: simulate's page for a replay (the browser test draws it), with the run's data embedded.
  const page = join(dir, 'r.html')
  const html = await runCli(['replay', recording, '--rate', '0', '--driver', 'noop', '--threshold', 'unconfirmed==0', '--report', page])
  assert.equal(html.code, 0, html.stderr)
  const text = readFileSync(page, 'utf8')
  assert.match(text, /<title>trove-notify replay: /)
  assert.match(text, /PASS: all 1 thresholds held/)
  const embedded = JSON.parse(/<script type="application\/json" id="trove-notify-report">([\s\S]*?)<\/script>/.exec(text)[1])
  assert.equal(embedded.read.messages, r.json.read.messages)
  assert.ok(embedded.series.points.length >= 1 && embedded.series.points.reduce((n, p) => n + (p.counters.confirmed ?? 0), 0) === embedded.notifications.confirmed)
})

test('--dialect trove-18 picks Trove 18\'s default topic (notifications), as for every publishing command; the bytes stay as recorded', async () => {
  const r = await runCli(['replay', recording, '--rate', '0', '--driver', 'log', '--dialect', 'trove-18'])
  assert.equal(r.code, 0, r.stderr)
  const out = readRecording(r.stdout)
  const lines = readRecording(readFileSync(recording, 'utf8'))
  assert.equal(out.length, lines.length)
  assert.ok(out.every((l) => /^notifications\.(info|error)$/.test(l.routing_key)))
  assert.deepEqual(out.map((l) => l.body), lines.map((l) => l.body))
  assert.match(r.stderr, /to notifications \(.*dialect trove-18\)/)
})

test('a broker that cannot be reached: one line naming it (password masked) and the fix, exit 1, no summary', async () => {
  const r = await runCli(['replay', recording, '--url', 'amqp://guest:s3cret@127.0.0.1:1/', '--rate', '0'])
  assert.equal(r.code, 1)
  assert.match(r.stderr, /cannot reach RabbitMQ at .*127\.0\.0\.1:1.*connection refused/)
  assert.doesNotMatch(r.stderr + r.stdout, /s3cret/)
  assert.doesNotMatch(r.stdout, /messages sent/)
})
