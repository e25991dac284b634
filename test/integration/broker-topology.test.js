// Use what exists (issue 14): a deployment's queue or exchange declared
// otherwise than our settings say (a quorum queue, a TTL, a durable
// exchange…) is used as it is — the message is published, never dropped,
// never a 406 loop — with ONE notice naming the settings that would declare
// like it; only what is missing is declared. The same for tail (its private
// queue on such an exchange, --queue on a quorum queue). And every message's
// confirmation reaches a per-message callback (what the outbox will use),
// also across a lost connection. Shared broker, names of each test's own.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {AmqpDriver} from '../../dist/messaging/amqp-driver.js'
import {ThreadedDriver} from '../../dist/messaging/threaded-driver.js'
import {parseTransportUrl} from '../../dist/messaging/transport-url.js'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {runCli} from '../helpers/cli.js'
import {body, exampleWith, JSON_PROPS, startTail} from '../helpers/tail.js'
import {startProxy} from '../helpers/tcp-proxy.js'

const CREATE = ['dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end']

function notices(stderr) {
  return stderr.split('\n').filter((l) => l.includes('using it as it is') || l.includes('using them as they are'))
}

test('a quorum queue where we would declare a classic one: published into it, one notice naming rabbit_quorum_queue', async (t) => {
  const b = await privateBus('quorum')
  t.after(() => b.cleanup())
  // As kolla-ansible leaves it: a durable exchange, a durable quorum queue bound to it.
  await b.ch.assertExchange(b.exchange, 'topic', {durable: true})
  await b.ch.assertQueue(`${b.topic}.info`, {durable: true, arguments: {'x-queue-type': 'quorum'}})
  await b.ch.bindQueue(`${b.topic}.info`, b.exchange, `${b.topic}.info`)
  const r = await runCli(['instance', 'create', 'q1', '2', '--state', ':memory:', ...b.args])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(notices(r.stderr), [
    `exchange ${b.exchange} is a durable exchange and queue ${b.topic}.info is a quorum queue; set rabbit_quorum_queue = true to declare like this deployment; using them as they are`,
  ])
  assert.deepEqual((await b.take('info')).map((m) => m.message.event_type), CREATE)
  // With the setting that matches, nothing is said.
  const matching = await runCli(['instance', 'create', 'q2', '2', '--state', ':memory:', ...b.args, '--rabbit-quorum-queue'])
  assert.equal(matching.code, 0, matching.stderr)
  assert.deepEqual(notices(matching.stderr), [])
  assert.equal((await b.take('info')).length, 3)
})

test('a queue with arguments no oslo option declares (x-message-ttl) is used as it is and said so', async (t) => {
  const b = await privateBus('ttl')
  t.after(() => b.cleanup())
  await b.ch.assertQueue(`${b.topic}.info`, {durable: false, arguments: {'x-message-ttl': 600_000}})
  const r = await runCli(['instance', 'create', 't1', '2', '--state', ':memory:', ...b.args])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(notices(r.stderr), [`queue ${b.topic}.info is a transient classic queue with x-message-ttl = 600000; no oslo option declares x-message-ttl = 600000; using it as it is`])
  assert.equal((await b.take('info')).length, 3)
})

test('simulate on a quorum deployment: every message confirmed and arrived, the notice given once', async (t) => {
  const b = await privateBus('simq')
  t.after(() => b.cleanup())
  for (const p of ['info', 'error']) await b.ch.assertQueue(`${b.topic}.${p}`, {durable: true, arguments: {'x-queue-type': 'quorum', 'x-delivery-limit': 10}})
  const r = await runCli(['simulate', ...b.args, '--operations', '60', '--seed', 'q', '--error-rate', '0.2', '--json'], {timeoutMs: 60_000})
  assert.equal(r.code, 0, r.stderr)
  const n = r.json.notifications
  assert.equal(n.unconfirmed, 0)
  const {all} = await b.takeAll()
  assert.equal(all.length, n.confirmed)
  const said = notices(r.stderr)
  assert.equal(said.filter((l) => l.includes(`${b.topic}.info`)).length, 1, r.stderr)
  assert.match(said.join('\n'), /set rabbit_quorum_queue = true, rabbit_quorum_delivery_limit = 10 to declare like this deployment/)
})

test('tail: its private queue on a durable exchange it did not declare, and --queue on a quorum queue', async (t) => {
  const b = await privateBus('tailq')
  t.after(() => b.cleanup())
  await b.ch.assertExchange(b.exchange, 'topic', {durable: true})
  const tail = await startTail(['--exchange', b.exchange, '--topics', b.topic, '--count', '1', '--timeout', '20'])
  const ch = await b.conn.createConfirmChannel()
  ch.publish(b.exchange, `${b.topic}.info`, body(exampleWith('dbaas.instance_restart.start')), JSON_PROPS)
  await ch.waitForConfirms()
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /dbaas\.instance_restart\.start/)

  const quorum = `${b.topic}.info`
  await b.ch.assertQueue(quorum, {durable: true, arguments: {'x-queue-type': 'quorum'}})
  for (const type of ['dbaas.instance_restart.start', 'dbaas.instance_restart.end']) ch.sendToQueue(quorum, body(exampleWith(type)), JSON_PROPS)
  await ch.waitForConfirms()
  await ch.close()
  const q = await runCli(['tail', '--queue', quorum, '--count', '2', '--json'], {timeoutMs: 30_000})
  assert.equal(q.code, 0, q.stderr)
  assert.deepEqual(q.stdout.trim().split('\n').map((l) => JSON.parse(l).event_type), ['dbaas.instance_restart.start', 'dbaas.instance_restart.end'])
  assert.equal((await b.ch.checkQueue(quorum)).messageCount, 0, 'taken from the quorum queue')
})

/**
 * Send `n` bodies with a confirmation callback each: the first half, all of
 * it confirmed; then the second half, and `midway` in the same turn of the
 * event loop, before any of its confirms can come back (the proxy relays in
 * this thread). It used to run `midway` once half the confirms had come
 * back; a confirm batch acks many at once, so at times all n were confirmed
 * by then, the cut found nothing unconfirmed, and no reconnect was counted
 * in time (the flaky failure).
 */
async function confirmEach(driver, key, n, midway) {
  const confirmedAt = new Map()
  const sendRange = (from, to, whenAll) => {
    let left = to - from
    for (let i = from; i < to; i++) {
      driver.send(key, Buffer.from(JSON.stringify({'oslo.version': '2.0', 'oslo.message': JSON.stringify({message_id: `m${i}`})})), undefined, () => {
        confirmedAt.set(i, (confirmedAt.get(i) ?? 0) + 1)
        if (--left === 0) whenAll?.()
      })
    }
  }
  await new Promise((resolve) => sendRange(0, n / 2, resolve))
  sendRange(n / 2, n)
  midway?.()
  await driver.flush()
  return confirmedAt
}

for (const [name, Driver] of [['AmqpDriver', AmqpDriver], ['ThreadedDriver', ThreadedDriver]]) {
  test(`${name}: a per-message confirmation callback, called once per message, also across a lost connection`, async (t) => {
    const b = await privateBus(`cb${name.length}`)
    const [host, port] = BROKER_URL.split('@')[1].replace(/\/.*$/, '').split(':')
    const proxy = await startProxy(Number(port), host)
    t.after(async () => {
      await proxy.close()
      await b.cleanup()
    })
    const driver = new Driver({hosts: parseTransportUrl(proxy.url), exchange: b.exchange, rabbit: {rabbit_retry_interval: 0}})
    await driver.open()
    const n = 4000
    // The connection is cut with the second half unconfirmed: it is republished; each callback still runs once.
    const confirmed = await confirmEach(driver, `${b.topic}.info`, n, () => proxy.drop())
    assert.equal(confirmed.size, n)
    assert.ok([...confirmed.values()].every((c) => c === 1), 'each callback exactly once')
    assert.equal(driver.stats.confirmed, n)
    assert.ok(driver.stats.reconnects >= 1, JSON.stringify(driver.stats))
    await driver.close()
    const ids = new Set((await b.take('info')).map((m) => m.message.message_id))
    assert.equal(ids.size, n, 'every confirmed message arrived')
  })
}
