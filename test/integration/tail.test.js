// tail against the real broker: messages published by the CLI and by a raw
// amqplib publisher (hostile ones too), what tail prints for them, and that
// a default tail takes nothing from the shared queues while --queue does.
import assert from 'node:assert/strict'
import {after, test} from 'node:test'
import {busPool} from '../helpers/broker.js'
import {runCli, tempState} from '../helpers/cli.js'
import {body, exampleWith, JSON_PROPS, startTail, until} from '../helpers/tail.js'

const pool = busPool()
const bus = (label) => pool.bus(label)
after(() => pool.cleanup())

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

test('default tail: CLI lifecycles shown with durations and no violation, and the shared queues keep every message', async () => {
  const b = await bus('tailcli')
  const state = tempState()
  const tail = await startTail([...b.args, '--lifecycle', '--check', '--count', '5', '--timeout', '20'])
  const ok = await runCli(['instance', 'create', 'db1', '2', '--size', '2', '--delay', '0.3', ...b.args, '--state', state, '--json'])
  assert.equal(ok.code, 0, ok.stderr)
  const bad = await runCli(['instance', 'create', 'db2', '99', ...b.args, '--state', state])
  assert.equal(bad.code, 1)
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  const lines = r.stdout.split('\n')
  const requestId = ok.json.request_id
  const start = lines.find((l) => l.includes('dbaas.instance_create.start') && l.includes('name=db1'))
  assert.ok(start?.includes(requestId), start)
  assert.match(start, /^\d\d:\d\d:\d\d\.\d{3} INFO +dbaas\.instance_create\.start +req-\S+ tenant=\w+ name=db1 api\.\S+$/)
  assert.ok(lines.some((l) => /trove\.instance\.create .*state=ACTIVE/.test(l)))
  const end = lines.find((l) => l.includes('dbaas.instance_create.end'))
  const took = Number(/✔ ([\d.]+)s$/.exec(end)?.[1])
  assert.ok(took >= 0.3 && took < 5, end)
  const error = lines.find((l) => l.includes('dbaas.instance_create.error'))
  assert.match(error, /^\S+ ERROR dbaas\.instance_create\.error .*message="[^"]*99[^"]*".*✖ failed after [\d.]+s$/)
  assert.ok(!lines.some((l) => /^\s+[✖⚠]/.test(l)), 'our own messages pass --check')
  assert.match(r.stdout, /│ dbaas\.instance_create\.error +│ 1 +│ 1 +│ 0 +│ 0 +│ 0 +│/)
  assert.match(r.stdout, /5 message\(s\)\./)
  // Nothing was taken from the spec's queues: a consumer gets everything.
  const {info, error: errors} = await b.takeAll()
  assert.deepEqual(info.map((m) => m.message.event_type), ['dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end', 'dbaas.instance_create.start'])
  assert.deepEqual(errors.map((m) => m.message.event_type), ['dbaas.instance_create.error'])
})

test('hostile and broken messages from a raw publisher: one line each, violations named, Trove 18 departures by name', async () => {
  const b = await bus('tailraw')
  const tail = await startTail([...b.args, '--check', '--count', '9', '--timeout', '20'])
  const info = `${b.topic}.info`
  const publish = (content, props = JSON_PROPS, key = info) => b.ch.publish(b.exchange, key, Buffer.isBuffer(content) ? content : Buffer.from(content), props)
  publish('this is not json')
  publish(body(exampleWith('dbaas.instance_restart.start')), {})
  publish(Buffer.alloc(1024 * 1024 + 10, 'x'))
  publish(body(exampleWith('dbaas.instance_create.start', {
    publisher_id: 'api.\u001b]0;pwned\u0007host',
    payload: {name: 'evil\u001b[2J\u001b[31mname\u009b1;1H\r\n\u0007'},
  })))
  publish(body(exampleWith('dbaas.instance_create.start', {drop: ['flavor', 'datastore']})))
  publish(body(exampleWith('dbaas.instance_restart.start', {priority: 'ERROR'})), JSON_PROPS, `${b.topic}.error`)
  publish(body(exampleWith('dbaas.instance_restart.error', {priority: 'INFO'})))
  publish(body(exampleWith('dbaas.quotas', {event_type: 'dbaas.quota', drop: ['tenant_id']})))
  publish(JSON.stringify(exampleWith('dbaas.backup_delete.start')))
  const r = await tail.done
  assert.equal(r.code, 1, `--check saw violations: exit 1\n${r.stderr}`)
  const out = r.stdout
  assert.doesNotMatch(out, CONTROL, 'no control character reaches the terminal')
  assert.match(out, /✖ skipped message on \S+\.info: body is not JSON/)
  assert.match(out, /✖ skipped message on \S+\.info: no content type \(no content type on dbaas\.instance_restart\.start; an oslo listener drops it/)
  assert.match(out, /✖ skipped message on \S+\.info: body too large \(1\.0 MiB, over the 1\.0 MiB limit\)/)
  assert.match(out, /name=evilname +api\.host\n/)
  assert.match(out, /✖ payload\.flavor: required field is missing/)
  assert.match(out, /✖ payload\.datastore: required field is missing/)
  assert.match(out, /✖ priority: ERROR; the spec sends dbaas\.instance_restart\.start at INFO on notification\.info/)
  assert.match(out, /⚠ trove18: error event at INFO priority — priority: INFO/)
  assert.match(out, /⚠ trove18: dbaas\.quota instead of dbaas\.quotas/)
  assert.match(out, /⚠ trove18: dbaas\.quota without tenant_id/)
  assert.match(out, /dbaas\.backup_delete\.start .*\n\s+✖ envelope: oslo 1\.0 form/)
  assert.match(out, /│ \(skipped: body is not JSON\) +│ 1 +│/)
  assert.match(out, /│ dbaas\.instance_create\.start +│ 2 +│ 0 +│ 2 +│ 0 +│/)
  assert.match(out, /│ dbaas\.quota +│ 1 +│ 0 +│ 0 +│ 2 +│/)
  assert.match(out, /9 message\(s\)\./)
})

test('--queue takes the messages it reads (and only --count of them); --json and --raw print them for machines', async () => {
  const b = await bus('tailq')
  const queue = `${b.topic}.info`
  await b.ch.assertExchange(b.exchange, 'topic', {durable: false})
  await b.ch.assertQueue(queue, {durable: false})
  await b.ch.bindQueue(queue, b.exchange, queue)
  const sent = ['dbaas.user_create.start', 'dbaas.user_create.end', 'dbaas.user_delete.start'].map((t) => exampleWith(t))
  const confirm = await b.conn.createConfirmChannel()
  for (const m of sent) confirm.publish(b.exchange, queue, body(m), JSON_PROPS)
  await confirm.waitForConfirms()
  await confirm.close()
  assert.equal((await b.ch.checkQueue(queue)).messageCount, 3)

  const json = await runCli(['tail', '--queue', queue, '--count', '2', '--json'])
  assert.equal(json.code, 0, json.stderr)
  const lines = json.stdout.trim().split('\n')
  assert.equal(lines.length, 2)
  assert.deepEqual(lines.map((l) => JSON.parse(l)), sent.slice(0, 2))
  assert.match(json.stderr, /consuming queue \S+ .*messages read here are taken from it/)
  assert.equal((await b.ch.checkQueue(queue)).messageCount, 1, 'two taken, the third left for others')

  const raw = await runCli(['tail', '--queue', queue, '--count', '1', '--raw'])
  assert.equal(raw.code, 0, raw.stderr)
  const env = JSON.parse(raw.stdout.split('\n')[0])
  assert.equal(env.routing_key, queue)
  assert.equal(env.exchange, b.exchange)
  assert.equal(env.properties.content_type, 'application/json')
  assert.equal(env.properties.delivery_mode, 2)
  assert.equal(env.body['oslo.version'], '2.0')
  assert.deepEqual(JSON.parse(env.body['oslo.message']), sent[2])
  assert.equal((await b.ch.checkQueue(queue)).messageCount, 0)

  const missing = await runCli(['tail', '--queue', `${b.topic}.nope`, '--count', '1'])
  assert.equal(missing.code, 2)
  const said = missing.stderr.replace(/\s*\n\s*›\s*/g, ' ')
  assert.match(said, /queue "\S+\.nope" does not exist on amqp:\/\/guest:\*\*\*@127\.0\.0\.1:5672\//)
  assert.match(said, /Try this: name an existing queue/)
  assert.equal((await b.ch.checkQueue(queue).catch(() => null))?.messageCount, 0, 'the existing queue was never redeclared')
})

test('filters, --open-after, --timeout and Ctrl-C', async () => {
  const b = await bus('tailflt')
  const info = `${b.topic}.info`
  const start = exampleWith('dbaas.cluster_create.start')
  const end = exampleWith('dbaas.cluster_create.end', {payload: {request_id: start.payload.request_id}, _context_request_id: start.payload.request_id})
  const other = exampleWith('dbaas.backup_create.error', {priority: 'ERROR'})

  // --event globs and --request-id choose; --json prints only what matched.
  const filtered = await startTail([...b.args, '--event', 'dbaas.cluster_*', '--request-id', start.payload.request_id, '--json', '--count', '2', '--timeout', '20'])
  b.ch.publish(b.exchange, `${b.topic}.error`, body(other), JSON_PROPS)
  for (const m of [start, end]) b.ch.publish(b.exchange, info, body(m), JSON_PROPS)
  const f = await filtered.done
  assert.equal(f.code, 0, f.stderr)
  assert.deepEqual(f.stdout.trim().split('\n').map((l) => JSON.parse(l).event_type), ['dbaas.cluster_create.start', 'dbaas.cluster_create.end'])
  assert.match(f.stderr, /Event type/, 'the summary goes to stderr under --json')

  // A start left open is flagged after --open-after and listed at exit; --timeout ends the run.
  const open = await startTail([...b.args, '--lifecycle', '--open-after', '0.3', '--timeout', '1.5'])
  b.ch.publish(b.exchange, info, body(exampleWith('dbaas.instance_restart.start')), JSON_PROPS)
  const o = await open.done
  assert.equal(o.code, 0, o.stderr)
  assert.match(o.stdout, /⚠ still open after 0\.3s: dbaas\.instance_restart\.start req-\S+ instance_id=\S+ open for/)
  assert.match(o.stdout, /1 lifecycle\(s\) still open at exit:\n {2}dbaas\.instance_restart\.start/)
  assert.match(o.stdout, /│ dbaas\.instance_restart\.start +│ 1 +│ 0 +│ 1 +│/)

  // Ctrl-C ends cleanly with the summary.
  const sig = await startTail([...b.args, '--priority', 'warn'])
  b.ch.publish(b.exchange, `${b.topic}.warn`, body(exampleWith('dbaas.instance_restart.start', {priority: 'WARN'})), JSON_PROPS)
  await until(() => sig.stdout().includes('dbaas.instance_restart.start'), 10_000, 'the warn message')
  sig.child.kill('SIGINT')
  const s = await sig.done
  assert.equal(s.code, 0, s.stderr)
  assert.match(s.stdout, /WARN +dbaas\.instance_restart\.start/)
  assert.match(s.stdout, /1 message\(s\)\./)
  assert.match(s.stderr, new RegExp(`bound to ${b.topic}\\.warn on exchange`))
})
