// tail survives a broker restart: on its own RabbitMQ node (never the shared
// one), `rabbitmqctl stop_app` / `start_app` while tail runs; it says it lost
// the connection, reconnects, binds a new private queue and goes on.
import assert from 'node:assert/strict'
import amqp from 'amqplib'
import {after, before, test} from 'node:test'
import {startPrivateBroker} from '../helpers/private-broker.js'
import {body, exampleWith, JSON_PROPS, startTail, until} from '../helpers/tail.js'

let broker
before(async () => {
  broker = await startPrivateBroker()
})
after(async () => {
  await broker?.stop()
})

async function publish(url, key, message) {
  const conn = await amqp.connect(url)
  const ch = await conn.createConfirmChannel()
  await ch.assertExchange('trove', 'topic', {durable: false})
  ch.publish('trove', key, body(message), JSON_PROPS)
  await ch.waitForConfirms()
  await conn.close()
}

test('tail reconnects after stop_app/start_app with a visible notice and goes on', {timeout: 120_000}, async () => {
  const tail = await startTail(['--url', broker.url, '--count', '2', '--timeout', '60'], {timeoutMs: 100_000})
  await publish(broker.url, 'notification.info', exampleWith('dbaas.instance_restart.start'))
  await until(() => tail.stdout().includes('dbaas.instance_restart.start'), 10_000, 'the first message')
  await broker.stopApp()
  await until(() => /connection to amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/ lost; reconnecting/.test(tail.stderr()), 10_000, 'the lost notice')
  await broker.startApp()
  await until(() => tail.stderr().includes('reconnected to'), 30_000, 'the reconnected notice')
  await publish(broker.url, 'notification.error', exampleWith('dbaas.instance_restart.error'))
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stderr, /reconnected to amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/ after \d+\.\d s; private queue amq\.gen-\S+ bound to notification\.info, notification\.error on exchange trove .*messages published while disconnected were not seen/)
  assert.match(r.stdout, /ERROR dbaas\.instance_restart\.error/)
  assert.match(r.stdout, /2 message\(s\), 1 reconnect\(s\)\./)
})
