// Poison messages (issue 15): a body that breaks decoding or rendering — here
// JSON nested 100,000 deep, which JSON.stringify cannot write back — must
// never break tail's connection. On a private queue it is reported and
// skipped and the messages after it are shown; on a named queue (--queue) it
// is taken (acked), reported once, and the next message is delivered; and
// --timeout always ends the command.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {runCli} from '../helpers/cli.js'
import {body, exampleWith, JSON_PROPS, startTail, until} from '../helpers/tail.js'

const POISON = Buffer.from('['.repeat(100_000) + ']'.repeat(100_000))

async function publish(b, key, bodies) {
  const ch = await b.conn.createConfirmChannel()
  for (const x of bodies) ch.publish(b.exchange, key, x, JSON_PROPS)
  await ch.waitForConfirms()
  await ch.close()
}

const GOOD = ['dbaas.instance_restart.start', 'dbaas.instance_restart.end', 'dbaas.backup_create.start'].map((t) => body(exampleWith(t)))

test('private queue, --raw: the poison is reported and skipped, every message after it is shown, --timeout ends it', async (t) => {
  const b = await privateBus('poison')
  t.after(() => b.cleanup())
  await b.ch.assertExchange(b.exchange, 'topic', {durable: false})
  const tail = await startTail(['--exchange', b.exchange, '--topics', b.topic, '--raw', '--timeout', '3'], {timeoutMs: 30_000})
  const t0 = Date.now()
  await publish(b, `${b.topic}.info`, [POISON, ...GOOD])
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  assert.ok(Date.now() - t0 < 20_000, `ended ${Date.now() - t0} ms after the messages`)
  const lines = r.stdout.trim().split('\n').filter((l) => l.startsWith('{'))
  assert.equal(lines.length, 4, 'the poison (as text) and the three after it')
  assert.deepEqual(lines.slice(1).map((l) => JSON.parse(JSON.parse(l).body['oslo.message']).event_type), ['dbaas.instance_restart.start', 'dbaas.instance_restart.end', 'dbaas.backup_create.start'])
  assert.doesNotMatch(r.stderr, /lost|reconnect/)
  assert.match(r.stderr, /skipped message on \S+\.info: body is not a JSON object/)
  assert.match(r.stderr, /4 message\(s\)\./)
})

test('--queue: the poison at the head is taken (acked), reported once, and the next message is delivered; no reconnect loop', async (t) => {
  const b = await privateBus('poisonq')
  t.after(() => b.cleanup())
  const queue = `${b.topic}.info`
  await b.ch.assertExchange(b.exchange, 'topic', {durable: false})
  await b.ch.assertQueue(queue, {durable: false})
  await b.ch.bindQueue(queue, b.exchange, queue)
  await publish(b, queue, [POISON, GOOD[0]])
  const r = await runCli(['tail', '--queue', queue, '--raw', '--count', '2', '--timeout', '20'], {timeoutMs: 40_000})
  assert.equal(r.code, 0, r.stderr)
  const shown = r.stdout.trim().split('\n').filter((l) => l.startsWith('{'))
  assert.equal(shown.length, 2)
  assert.equal(JSON.parse(JSON.parse(shown[1]).body['oslo.message']).event_type, 'dbaas.instance_restart.start')
  assert.equal(r.stderr.match(/skipped message/g)?.length, 1, r.stderr)
  assert.doesNotMatch(r.stderr, /lost|reconnect/)
  assert.equal((await b.ch.checkQueue(queue)).messageCount, 0, 'the poison was taken, not handed back')
})

test('--queue with the poison at the head and nothing after it: --timeout ends the command', async (t) => {
  const b = await privateBus('poisont')
  t.after(() => b.cleanup())
  const queue = `${b.topic}.info`
  await b.ch.assertQueue(queue, {durable: false})
  await b.ch.sendToQueue(queue, POISON, JSON_PROPS)
  const tail = await startTail(['--queue', queue, '--raw', '--timeout', '2'], {timeoutMs: 30_000})
  await until(() => tail.stderr().includes('skipped message'), 10_000, 'the poison reported')
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.signal, null, 'it ended by itself')
  assert.equal(r.stderr.match(/skipped message/g)?.length, 1)
  assert.equal((await b.ch.checkQueue(queue)).messageCount, 0)
})
