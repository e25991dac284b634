// `tail --record` against the real broker: alongside the usual display and
// filters, every message shown is written as a recording line with its
// exchange, routing key, AMQP properties and exact body (undecodable ones
// kept, marked); --count, --timeout and Ctrl-C end it with every line
// written; `--record -` is stdout. And `tail --check` exits 1 when it saw a
// violation (--no-fail keeps 0).
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, test} from 'node:test'
import {busPool} from '../helpers/broker.js'
import {readRecording} from '../helpers/recording.js'
import {body, exampleWith, JSON_PROPS, startTail, until} from '../helpers/tail.js'
import {decodeLine} from '../../dist/messaging/recording.js'

const dir = mkdtempSync(join(tmpdir(), 'tn-tailrec-'))
const pool = busPool()
const bus = (label) => pool.bus(label)
after(() => pool.cleanup())

test('--record: what tail shows (filters applied) is recorded byte for byte with its properties; --count ends it with every line', async () => {
  const b = await bus('rec')
  const file = join(dir, 'rec.jsonl')
  const tail = await startTail([...b.args, '--record', file, '--event', 'dbaas.*', '--count', '4', '--timeout', '20'])
  const sent = [
    {content: body(exampleWith('dbaas.instance_create.start', {payload: {name: 'd\u00e9j\u00e0'}})), props: JSON_PROPS, key: 'info'},
    {content: body(exampleWith('trove.instance.create')), props: JSON_PROPS, key: 'info'}, // filtered out: not shown, not recorded
    {content: Buffer.from([0xff, 0xfe, 0x7b, 0x00]), props: {...JSON_PROPS, headers: {'x-trace': 'abc', 'x-bytes': Buffer.from([1, 2])}}, key: 'info'},
    {content: Buffer.from('{"event_type":"dbaas.compact.start","priority":"ERROR","s":"d\u00e9j\u00e0 vu","n":1.0}'), props: {contentType: 'application/json', messageId: 'm-1', priority: 3, appId: 'nova'}, key: 'error'},
    {content: body(exampleWith('dbaas.instance_create.error', {priority: 'INFO'})), props: JSON_PROPS, key: 'info'},
  ]
  for (const s of sent) b.ch.publish(b.exchange, `${b.topic}.${s.key}`, s.content, s.props)
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /dbaas\.instance_create\.start/, 'the usual display goes on')
  assert.match(r.stdout, /recorded 4 message\(s\) to /)
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  assert.equal(lines.length, 4)
  const recorded = lines.map((l) => decodeLine(l).record)
  const expected = [sent[0], sent[2], sent[3], sent[4]]
  // Per queue the order is kept; across the two queues it need not be.
  const key = (x) => x.toString('base64')
  assert.deepEqual(recorded.map((r) => key(r.body)).sort(), expected.map((s) => key(s.content)).sort())
  for (const r of recorded) {
    const s = expected.find((e) => e.content.equals(r.body))
    assert.equal(r.exchange, b.exchange)
    assert.equal(r.routingKey, `${b.topic}.${s.key}`)
    for (const [k, v] of Object.entries(s.props)) assert.deepEqual(r.properties[k], v, `property ${k}`)
    assert.ok(Date.now() - r.timeMs < 60_000, 'the receive time')
  }
  assert.ok('body_base64' in JSON.parse(lines[recorded.findIndex((r) => r.body[0] === 0xff)]), 'the undecodable body is kept, marked')
  assert.equal(recorded.find((r) => r.body[0] === 0xff).properties.headers['x-bytes'].toString('hex'), '0102')
})

test('--record - writes the recording to stdout (the display goes to stderr); Ctrl-C ends it with every line written', async () => {
  const b = await bus('recout')
  const tail = await startTail([...b.args, '--record', '-'])
  const n = 300
  for (let i = 0; i < n; i++) b.ch.publish(b.exchange, `${b.topic}.info`, body(exampleWith('dbaas.instance_restart.start', {payload: {request_id: `req-00000000-0000-4000-8000-${String(i).padStart(12, '0')}`}})), JSON_PROPS)
  await until(() => (tail.stderr().match(/dbaas\.instance_restart\.start/g) ?? []).length === n, 20_000, 'every message shown')
  tail.child.kill('SIGINT')
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  const rec = readRecording(r.stdout)
  assert.equal(rec.length, n, 'every line written before exit')
  assert.deepEqual(rec.map((x) => x.message.payload.request_id.slice(-4)), Array.from({length: n}, (_, i) => String(i).padStart(12, '0').slice(-4)))
  assert.match(r.stderr, new RegExp(`recorded ${n} message\\(s\\) to stdout`))
})

test('--record to a path that cannot be written: one line, exit 2, before subscribing', async () => {
  const b = await bus('recbad')
  const r = await startTail([...b.args, '--record', join(dir, 'no', 'such', 'dir', 'x.jsonl')]).then(() => 'started', (err) => err.message)
  assert.match(r, /exited before subscribing \(code 2\)/)
  assert.match(r, /cannot write the recording to .*x\.jsonl: no such directory/)
})

test('tail --check exits 1 when it saw a violation, 0 with --no-fail, however it ends (--count, Ctrl-C)', async () => {
  const b = await bus('checkexit')
  const broken = body(exampleWith('dbaas.instance_create.start', {drop: ['flavor']}))
  const strict = await startTail([...b.args, '--check', '--count', '1'])
  const lenient = await startTail([...b.args, '--check', '--no-fail', '--count', '1'])
  const interrupted = await startTail([...b.args, '--check'])
  b.ch.publish(b.exchange, `${b.topic}.info`, broken, JSON_PROPS)
  await until(() => /payload\.flavor/.test(interrupted.stdout()), 20_000, 'the violation shown')
  interrupted.child.kill('SIGINT')
  const [s, l, i] = await Promise.all([strict.done, lenient.done, interrupted.done])
  assert.equal(s.code, 1, s.stderr)
  assert.match(s.stdout, /✖ payload\.flavor: required field is missing/)
  assert.equal(l.code, 0, l.stderr)
  assert.match(l.stdout, /✖ payload\.flavor: required field is missing/)
  assert.equal(i.code, 1, i.stderr)
})
