// The publisher thread (ThreadedDriver → worker running AmqpDriver) against
// the real RabbitMQ: everything sent is confirmed and arrives in order,
// capacity/flush/close keep AmqpDriver's meaning, failures come back as the
// CLI's one-line errors, and TROVE_NOTIFY_PUBLISHER_THREAD=0 turns it off.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import amqp from 'amqplib'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {runCli} from '../helpers/cli.js'
import {ThreadedDriver} from '../../dist/messaging/threaded-driver.js'
import {rebuildError} from '../../dist/messaging/thread-protocol.js'
import {AmqpDriver} from '../../dist/messaging/amqp-driver.js'
import {createDriver, publisherThreadAllowed} from '../../dist/messaging/factory.js'
import {parseTransportUrl} from '../../dist/messaging/transport-url.js'
import {TransportError} from '../../dist/util/errors.js'

function driverFor(bus, extra = {}) {
  return new ThreadedDriver({hosts: parseTransportUrl(BROKER_URL), exchange: bus.exchange, ...extra})
}

/** Every raw body now on a queue (taken), as strings. */
async function bodies(bus, queue) {
  const out = []
  for (;;) {
    const m = await bus.ch.get(queue, {noAck: true})
    if (!m) return out
    out.push(m.content.toString())
  }
}

test('everything sent is confirmed, once, in order, and arrives; latencies reported per message', async () => {
  const bus = await privateBus('thr')
  const latencies = []
  const driver = driverFor(bus, {onConfirm: (ms) => latencies.push(ms)})
  try {
    await driver.open()
    const n = 12_000
    for (let i = 0; i < n; i++) {
      const key = i % 10 === 0 ? `${bus.topic}.error` : `${bus.topic}.info`
      driver.send(key, Buffer.from(`{"i": ${i}, "pad": "${'x'.repeat(i % 1500)}"}`, 'latin1'))
      // Yield now and then, as the simulator does, so batches go out while we send.
      if (i % 1000 === 999) await new Promise((r) => setImmediate(r))
    }
    await driver.flush()
    assert.deepEqual(driver.stats, {published: n, confirmed: n, republished: 0, reconnects: 0})
    assert.equal(latencies.length, n)
    assert.ok(latencies.every((ms) => ms >= 0 && ms < 60_000))
    const info = await bodies(bus, `${bus.topic}.info`)
    const error = await bodies(bus, `${bus.topic}.error`)
    assert.equal(info.length + error.length, n)
    const order = (list) => list.map((b) => JSON.parse(b).i)
    const expected = (pred) => [...Array(n).keys()].filter(pred)
    assert.deepEqual(order(error), expected((i) => i % 10 === 0))
    assert.deepEqual(order(info), expected((i) => i % 10 !== 0))
    assert.equal(JSON.parse(info[5]).pad.length, 6 % 1500, 'bodies arrive byte for byte')
  } finally {
    await driver.close()
    await bus.cleanup()
  }
})

test('capacity() waits while maxInflight are unconfirmed; flush() waits for all; nothing confirmed early', async () => {
  const bus = await privateBus('thrcap')
  const driver = driverFor(bus, {maxInflight: 200})
  try {
    await driver.open()
    const body = Buffer.from('{"x": 1}')
    for (let i = 0; i < 2000; i++) driver.send(`${bus.topic}.info`, body)
    assert.equal(driver.stats.confirmed, 0, 'nothing counts as confirmed before the broker said so')
    assert.equal(driver.outstanding, 2000)
    let free = false
    const cap = driver.capacity().then(() => {
      free = true
      return driver.outstanding
    })
    await new Promise((r) => setImmediate(r))
    assert.equal(free, false)
    assert.ok(await cap < 200)
    await driver.flush()
    assert.equal(driver.outstanding, 0)
    await driver.capacity() // at once
    const q = await bus.ch.checkQueue(`${bus.topic}.info`)
    assert.equal(q.messageCount, 2000)
  } finally {
    await driver.close()
    await bus.cleanup()
  }
})

test('close() with messages outstanding rejects the waiters, ends the thread; later sends are counted, not sent', async () => {
  const bus = await privateBus('thrclose')
  const driver = driverFor(bus)
  try {
    await driver.open()
    for (let i = 0; i < 3000; i++) driver.send(`${bus.topic}.info`, Buffer.from('{}'))
    const pending = assert.rejects(driver.flush(), /closed with messages outstanding/)
    await driver.close()
    await pending
    await driver.close() // twice is fine
    driver.send(`${bus.topic}.info`, Buffer.from('{}'))
    assert.equal(driver.stats.published, 3001)
    // An idle driver closes at once too.
    const idle = driverFor(bus)
    await idle.open()
    await idle.flush()
    await idle.close()
  } finally {
    await bus.cleanup()
  }
})

test('a dead broker: open() rejects with the TransportError (message and hint); simulate prints one line, exit 1, password masked', async () => {
  const driver = new ThreadedDriver({hosts: parseTransportUrl('amqp://guest:topsecret@127.0.0.1:1/'), exchange: 'tn_thr_dead'})
  const err = await driver.open().then(() => undefined, (e) => e)
  assert.ok(err instanceof TransportError, String(err))
  assert.match(err.message, /cannot reach RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1\/ \(connection refused/)
  assert.match(err.suggestion, /rabbitmq-server -detached/)
  await driver.close()

  const t0 = Date.now()
  const r = await runCli(['simulate', '--url', 'amqp://guest:topsecret@127.0.0.1:1/', '--operations', '20'])
  assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0} ms`)
  assert.equal(r.code, 1, r.stderr)
  const lines = r.stderr.trim().split('\n')
  assert.equal(lines.length, 2, r.stderr)
  assert.match(lines[0], /Error: cannot reach RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1\//)
  assert.match(lines[1], /Try this: .*rabbitmq-server -detached/)
  assert.ok(!r.stderr.includes('topsecret') && !r.stdout.includes('topsecret'))
})

test('a failure mid-run (the broker refuses to declare a queue) comes back from the thread: flush rejects, send throws, simulate exits 1, nothing half-declared is left', async () => {
  const bus = await privateBus('thr403')
  // RabbitMQ refuses queue names starting with "amq." (403 ACCESS_REFUSED): the first publish's declare fails.
  const key = `amq.${bus.topic}.info`
  const driver = driverFor(bus)
  try {
    await driver.open()
    driver.send(key, Buffer.from('{}'))
    const err = await driver.flush().then(() => undefined, (e) => e)
    assert.ok(err instanceof TransportError, String(err))
    assert.match(err.message, /cannot declare the route of amq\..*\.info on exchange .*: queue name 'amq\..*' contains reserved prefix 'amq\.\*'/)
    assert.throws(() => driver.send(key, Buffer.from('{}')), /cannot declare/)
    await assert.rejects(driver.capacity(), /cannot declare/)
    await driver.close()
    // The exchange this run created for the route was deleted again (issue 15: no half-declared topology).
    assert.equal(await exchangeExists(bus.exchange), false)

    const r = await runCli(['simulate', '--exchange', bus.exchange, '--topics', `amq.${bus.topic}`, '--operations', '30', '--seed', 'x'], {timeoutMs: 20_000})
    assert.equal(r.code, 1, r.stderr)
    assert.match(r.stdout, /could not finish cleanly: cannot declare the route of amq\..*: queue name .* contains reserved prefix/)
    assert.match(r.stdout, /^Try this: /m)
    assert.doesNotMatch(r.stderr, /reconnect/)
    assert.ok(!/\n\s+at /.test(r.stderr), r.stderr)
    assert.equal(await exchangeExists(bus.exchange), false)
  } finally {
    await bus.cleanup()
  }
})

test('a queue that exists with other arguments is used as it is: published, one notice naming the setting', async () => {
  const bus = await privateBus('thr406')
  // The info queue exists durable; we would declare it transient: oslo logs a 406 and drops the message; we use it.
  await bus.ch.assertQueue(`${bus.topic}.info`, {durable: true})
  const notices = []
  const driver = driverFor(bus, {onNotice: (m) => notices.push(m)})
  try {
    await driver.open()
    for (let i = 0; i < 3; i++) driver.send(`${bus.topic}.info`, Buffer.from(JSON.stringify({'oslo.version': '2.0', 'oslo.message': JSON.stringify({message_id: `m${i}`})})))
    await driver.flush()
    assert.equal(driver.stats.confirmed, 3)
    await driver.close()
    assert.deepEqual(notices, [`queue ${bus.topic}.info is a durable classic queue; set amqp_durable_queues = true to declare like this deployment; using it as it is`])
    assert.equal((await bus.take('info')).length, 3)
  } finally {
    await bus.cleanup()
  }
})

/** Whether an exchange exists on the shared broker (passive declare on a throwaway connection). */
async function exchangeExists(name) {
  const conn = await amqp.connect(BROKER_URL)
  const ch = await conn.createChannel()
  ch.on('error', () => {})
  try {
    await ch.checkExchange(name)
    return true
  } catch {
    return false
  } finally {
    await conn.close().catch(() => {})
  }
}

test('rebuildError keeps the class, message and hint the CLI prints', () => {
  const e = rebuildError({name: 'TransportError', message: 'm', suggestion: 's'})
  assert.ok(e instanceof TransportError)
  assert.equal(e.exitCode, 1)
  assert.equal(e.suggestion, 's')
  const bug = rebuildError({name: 'RangeError', message: 'boom', stack: 'RangeError: boom\n    at worker'})
  assert.equal(bug.name, 'RangeError')
  assert.match(bug.stack, /at worker/)
})

test('only simulate uses the thread; TROVE_NOTIFY_PUBLISHER_THREAD=0 turns it off', async () => {
  const settings = {driver: 'messagingv2', url: BROKER_URL, exchange: 'tn_unused', topics: ['notifications'], logFile: undefined}
  assert.ok(createDriver(settings) instanceof AmqpDriver, 'single commands publish on the main thread')
  assert.ok(createDriver(settings, {publisherThread: true}) instanceof ThreadedDriver)
  for (const v of ['0', 'false', 'no', 'off', ' OFF ']) assert.equal(publisherThreadAllowed({TROVE_NOTIFY_PUBLISHER_THREAD: v}), false, v)
  for (const v of [undefined, '', '1', 'yes']) assert.equal(publisherThreadAllowed({TROVE_NOTIFY_PUBLISHER_THREAD: v}), true, String(v))

  // Both ways, simulate delivers what its report says was confirmed.
  for (const flag of ['0', '1']) {
    const bus = await privateBus(`threnv${flag}`)
    try {
      const r = await runCli(['simulate', ...bus.args, '--operations', '200', '--tenants', '5', '--seed', 'env', '--json'],
        {env: {TROVE_NOTIFY_PUBLISHER_THREAD: flag}})
      assert.equal(r.code, 0, r.stderr)
      assert.equal(r.json.notifications.unconfirmed, 0)
      const {all} = await bus.takeAll()
      assert.equal(all.length, r.json.notifications.confirmed)
      assert.ok(all.length > 400)
    } finally {
      await bus.cleanup()
    }
  }
})

test('corked mux rounds: the installed amqplib has the fields cork.ts needs, and corked publishes all arrive in order', async () => {
  const amqp = (await import('amqplib')).default
  const {corkMuxRounds} = await import('../../dist/messaging/cork.js')
  assert.equal(corkMuxRounds({}), false) // anything else (another amqplib's shape) is left alone
  const bus = await privateBus('cork')
  const conn = await amqp.connect(BROKER_URL)
  try {
    // If an amqplib upgrade renames muxer/stream/_readIncoming, this says so (cork.ts would silently do nothing).
    assert.equal(corkMuxRounds(conn), true)
    const ch = await conn.createConfirmChannel()
    await ch.assertExchange(bus.exchange, 'topic', {durable: false})
    await ch.assertQueue(`${bus.topic}.info`, {durable: false})
    await ch.bindQueue(`${bus.topic}.info`, bus.exchange, `${bus.topic}.info`)
    const n = 3000
    for (let i = 0; i < n; i++) ch.publish(bus.exchange, `${bus.topic}.info`, Buffer.from(String(i)))
    await ch.waitForConfirms()
    await ch.close()
    const got = await bodies(bus, `${bus.topic}.info`)
    assert.deepEqual(got, Array.from({length: n}, (_, i) => String(i)))
  } finally {
    await conn.close().catch(() => {})
    await bus.cleanup()
  }
})
