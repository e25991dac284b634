// Lossless across broker restarts, on a PRIVATE RabbitMQ node (never the
// shared one): `rabbitmqctl stop_app` then `start_app` in the middle of a
// simulation; afterwards what arrived on the queues must be every message
// the report says was confirmed (duplicates at most what was republished),
// with one simulation thread and with two (--threads: one connection each).
// The publisher (AmqpDriver, and ThreadedDriver running it on a thread) is
// also driven directly through two restarts, with a dead host first in the
// URL (failover).
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {after, before, test} from 'node:test'
import {drainQueues, queueDepth} from '../helpers/broker.js'
import {startPrivateBroker} from '../helpers/private-broker.js'
import {until} from '../helpers/tail.js'
import {BIN, isolatedEnv} from '../helpers/cli.js'
import {AmqpDriver} from '../../dist/messaging/amqp-driver.js'
import {ThreadedDriver} from '../../dist/messaging/threaded-driver.js'
import {parseTransportUrl} from '../../dist/messaging/transport-url.js'
import {TransportError} from '../../dist/util/errors.js'

let broker
before(async () => { broker = await startPrivateBroker() })
after(async () => { await broker?.stop() })

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
/** Keep the broker away for `ms`: the fault's length (not a wait for something to happen). */
const outage = sleep

/** A URL whose first host refuses connections: the driver must fail over to the broker. */
function failoverUrl() {
  return `rabbit://guest:guest@127.0.0.1:1,guest:guest@127.0.0.1:${broker.port}/`
}

/** Take (and delete) every message of the queues: {total, unique, byQueue: the first arrival of each message, per queue}. */
const drain = (queues, exchange) => drainQueues(broker.url, queues, {remove: true, exchange})

/** Run simulate (with `extra` flags), restart the broker under it, and check that nothing was lost; resolves the report. */
async function simulateThroughRestart(name, extra = []) {
  // Durable queues and persistent messages survive the restart (transient queues would not).
  const child = spawn(process.execPath, [BIN, 'simulate', '--url', failoverUrl(), '--durable', '--exchange', `tn_${name}`,
    '--topics', name, '--duration', '8', '--rate', '300', '--tenants', '12', '--seed', 'restart', '--json', ...extra],
  {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { err += d })
  // The restart hits a run in full flow: once messages are arriving, whatever the machine's speed.
  await until(async () => (await queueDepth(broker.url, `${name}.info`)) >= 200, 30_000, 'simulate publishing')
  await broker.stopApp()
  await outage(1500)
  await broker.startApp()
  const code = await new Promise((r) => child.on('close', r))
  assert.equal(code, 0, err)
  const report = JSON.parse(out)
  const n = report.notifications
  assert.match(err, /lost; reconnecting/)
  assert.match(err, /reconnected to .*republishing/)
  assert.equal(n.unconfirmed, 0)
  assert.equal(n.published, n.confirmed)
  const got = await drain([`${name}.info`, `${name}.error`], `tn_${name}`)
  assert.equal(got.unique, n.confirmed, `arrived ${got.unique} distinct messages, the report confirmed ${n.confirmed}`)
  assert.ok(got.total - got.unique <= n.duplicates_at_most, `${got.total - got.unique} duplicates, at most ${n.duplicates_at_most} reported`)
  return report
}

test('simulate: broker restart mid-run → reconnect, republish, nothing lost', async () => {
  const report = await simulateThroughRestart('restart')
  assert.ok(report.notifications.reconnects >= 1, JSON.stringify(report.notifications))
})

test('simulate --threads 2: every thread reconnects and republishes; the merged report is what arrived', async () => {
  const report = await simulateThroughRestart('restart_threads', ['--threads', '2'])
  assert.equal(report.threads, 2)
  // Each thread has its own connection, so each one lost it and came back.
  assert.ok(report.notifications.reconnects >= 2, JSON.stringify(report.notifications))
})

/** Two restarts while publishing through `Driver` (AmqpDriver, or ThreadedDriver which runs it on a thread). */
async function twoRestarts(Driver, name) {
  const notices = []
  const driver = new Driver({hosts: parseTransportUrl(failoverUrl()), exchange: `tn_${name}`, rabbit: {amqp_durable_queues: true},
    reconnectTimeoutMs: 30_000, maxInflight: 2000, onNotice: (m) => notices.push(m)})
  await driver.open()
  // Publish ~5000 messages/s until both restarts are over (so both hit a busy publisher).
  let sent = 0
  let restarting = true
  const publisher = (async () => {
    while (restarting || sent < 3000) {
      await driver.capacity()
      for (let i = 0; i < 50; i++) {
        const body = Buffer.from(JSON.stringify({'oslo.version': '2.0', 'oslo.message': JSON.stringify({message_id: `m${sent}`, seq: sent})}))
        driver.send(sent % 5 === 0 ? `${name}.error` : `${name}.info`, body)
        sent++
      }
      await sleep(10)
    }
    await driver.flush()
  })()
  for (let i = 0; i < 2; i++) {
    const before = driver.stats.confirmed
    await until(() => driver.stats.confirmed >= before + 1000, 30_000, 'the publisher busy again') // a restart hits a busy publisher
    await broker.stopApp()
    await outage(400)
    await broker.startApp()
    // Under load the reconnect may take a while: let it happen before the next restart.
    for (const deadline = Date.now() + 30_000; driver.stats.reconnects <= i && Date.now() < deadline;) await sleep(100)
  }
  restarting = false
  await publisher
  const total = sent
  assert.equal(driver.stats.published, total)
  assert.equal(driver.stats.confirmed, total)
  assert.ok(driver.stats.reconnects >= 2, JSON.stringify(driver.stats))
  await driver.close()
  const got = await drain([`${name}.info`, `${name}.error`], `tn_${name}`)
  assert.equal(got.unique, total)
  for (const [q, list] of Object.entries(got.byQueue)) {
    const seqs = list.map((m) => m.seq)
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), `${q}: messages arrived out of order`)
  }
  assert.ok(got.total - got.unique <= driver.stats.republished)
  assert.ok(notices.some((m) => /reconnected/.test(m)))
  assert.ok(notices.every((m) => !m.includes('guest:guest')), 'passwords are masked in notices')
}

test('AmqpDriver: two restarts while publishing, failover from a dead host, every message confirmed in order', async () => {
  await twoRestarts(AmqpDriver, 'drv')
})

test('ThreadedDriver: the same through the publisher thread (counters, notices and confirms come back)', async () => {
  await twoRestarts(ThreadedDriver, 'thrdrv')
})

test('ThreadedDriver: a broker that stays away → flush fails with the same clear error, send throws', async () => {
  const driver = new ThreadedDriver({hosts: parseTransportUrl(broker.url), exchange: 'tn_thr_gone', reconnectTimeoutMs: 1500})
  await driver.open()
  await broker.stopApp()
  try {
    await sleep(200)
    driver.send('thrgone.info', Buffer.from('{}'))
    const err = await driver.flush().then(() => undefined, (e) => e)
    assert.ok(err instanceof TransportError, String(err))
    assert.match(err.message, /lost the broker and could not reconnect/)
    assert.match(err.suggestion, /rabbitmq-server -detached/)
    assert.throws(() => driver.send('thrgone.info', Buffer.from('{}')), /could not reconnect/)
  } finally {
    await driver.close()
    await broker.startApp()
  }
})

test('AmqpDriver: a broker that stays away → flush fails with a clear error after the reconnect timeout', async () => {
  const driver = new AmqpDriver({hosts: parseTransportUrl(broker.url), exchange: 'tn_gone', reconnectTimeoutMs: 1500})
  await driver.open()
  await broker.stopApp()
  try {
    await sleep(200)
    driver.send('gone.info', Buffer.from('{}'))
    await assert.rejects(driver.flush(), /lost the broker and could not reconnect/)
    assert.throws(() => driver.send('gone.info', Buffer.from('{}')), /could not reconnect/)
  } finally {
    await driver.close()
    await broker.startApp()
  }
})
