// Issue 2's end-to-end contract: the built CLI against the real RabbitMQ.
// create + delete put the spec lifecycle on <topic>.info; failures put
// .error on <topic>.error and exit 1; usage errors exit 2 and publish nothing.
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import amqp from 'amqplib'
import {privateBus, BROKER_URL} from '../helpers/broker.js'
import {cliOk, cliWith, runCli, tempState} from '../helpers/cli.js'
import {readRecording} from '../helpers/recording.js'

let bus
let cli
const state = tempState()
before(async () => {
  bus = await privateBus('life')
  cli = cliWith(...bus.args, '--state', state)
})
after(async () => bus.cleanup())

/** Read-only commands take no transport flags. */
const listInstances = () => cliOk('--state', state)('instance', 'list')

test('create then delete: the spec lifecycle on <topic>.info, oslo wire format', async () => {
  const created = await cli('instance', 'create', 'db1', '2', '--size', '2', '--datastore', 'mysql', '--json')
  assert.equal(created.code, 0, created.stderr)
  assert.equal(created.json.outcome, 'end')
  assert.equal(created.json.resource.status, 'ACTIVE')
  const id = created.json.resource.id
  const deleted = await cli('instance', 'delete', 'db1')
  assert.equal(deleted.code, 0, deleted.stderr)
  assert.match(deleted.stdout, /instance_delete db1/)

  const {info, error} = await bus.takeAll()
  assert.equal(error.length, 0)
  assert.deepEqual(info.map((m) => m.message.event_type), [
    'dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end',
    'dbaas.instance_delete.start', 'trove.instance.delete', 'dbaas.instance_delete.end',
  ])
  for (const m of info) {
    assert.equal(m.fields.exchange, bus.exchange)
    assert.equal(m.fields.routingKey, `${bus.topic}.info`)
    assert.equal(m.properties.contentType, 'application/json')
    assert.equal(m.properties.contentEncoding, 'utf-8')
    assert.equal(m.properties.deliveryMode, 2)
    assert.deepEqual(Object.keys(m.envelope), ['oslo.version', 'oslo.message'])
    assert.equal(m.envelope['oslo.version'], '2.0')
    assert.deepEqual(Object.keys(m.message).slice(0, 7), ['message_id', 'publisher_id', 'event_type', 'priority', 'payload', 'timestamp', '_unique_id'])
    assert.equal(m.message.priority, 'INFO')
    assert.match(m.message.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/)
    assert.match(m.message._unique_id, /^[0-9a-f]{32}$/)
    assert.ok(!('_context_auth_token' in m.message))
  }
  const [cStart, cStatus, cEnd, dStart, dStatus, dEnd] = info.map((m) => m.message)
  assert.equal(cStart.payload.server_type, 'api')
  assert.match(cStart.publisher_id, /^api\./)
  assert.deepEqual([cStart.payload.name, cStart.payload.flavor, cStart.payload.datastore, cStart.payload.volume_size], ['db1', '2', 'mysql', 2])
  assert.match(cStart.payload.client_ip, /^[\d.]+:\d+$/)
  assert.match(cStart.payload.server_ip, /^[\d.]+:\d+$/)
  assert.match(cStart.payload.request_id, /^req-[0-9a-f-]{36}$/)
  assert.equal(cEnd.payload.request_id, cStart.payload.request_id)
  assert.equal(cStart._context_request_id, cStart.payload.request_id)
  assert.equal(cEnd.payload.server_type, 'task')
  assert.match(cEnd.publisher_id, /^taskmanager\./)
  assert.equal(cEnd.payload.instance_id, id)
  assert.equal(cStatus.payload.instance_id, id)
  assert.equal(cStatus.payload.tenant_id, cStart.payload.tenant_id)
  assert.equal(cStatus.payload.region, 'LOCAL_DEV')
  assert.match(cStatus.payload.created_at, /Z$/)
  assert.equal(dStart.payload.instance_id, id)
  assert.match(dStatus.payload.deleted_at, /Z$/)
  assert.equal(dEnd.payload.server_type, 'task')
})

test('--fail puts .error on <topic>.error (ERROR priority, message, traceback) and exits 1', async () => {
  const r = await cli('instance', 'create', 'db2', '2', '--fail', 'nova: no valid host was found')
  assert.equal(r.code, 1)
  assert.match(r.stdout, /instance_create failed: nova: no valid host was found/)
  const {info, error} = await bus.takeAll()
  assert.deepEqual(info.map((m) => m.message.event_type), ['dbaas.instance_create.start'])
  assert.equal(error.length, 1)
  const e = error[0]
  assert.equal(e.fields.routingKey, `${bus.topic}.error`)
  assert.equal(e.message.event_type, 'dbaas.instance_create.error')
  assert.equal(e.message.priority, 'ERROR')
  assert.equal(e.message.payload.message, 'nova: no valid host was found')
  assert.equal(e.message.payload.server_type, 'task')
  assert.ok(Array.isArray(e.message.payload.exception))
  assert.match(e.message.payload.exception.at(-1), /^trove\.common\.exception\.\w+: nova: no valid host was found\n$/)
  assert.equal(e.message.payload.request_id, info[0].message.payload.request_id)
})

test('a rule violation ends in .error, exits 1, leaves the world as it was', async () => {
  const r = await cli('instance', 'create', 'big', '2', '--size', '500', '--json')
  assert.equal(r.code, 1)
  assert.equal(r.json.outcome, 'error')
  assert.match(r.json.error, /max_accepted_volume_size/)
  const {info, error} = await bus.takeAll()
  assert.equal(info.length, 1)
  assert.equal(error[0].message.event_type, 'dbaas.instance_create.error')
  assert.equal(error[0].message.payload.server_type, 'api')
  assert.deepEqual(await listInstances(), [])
  const gone = await cli('instance', 'delete', 'ghost')
  assert.equal(gone.code, 1)
  assert.match((await bus.take('error'))[0].message.payload.message, /Instance ghost could not be found/)
  await bus.take('info')
})

test('usage errors: exit 2, one line with the fix, nothing published, no stack', async () => {
  for (const args of [
    ['instance', 'create'],
    ['instance', 'create', 'db1'],
    ['instance', 'create', 'db1', '2', '--size', 'big'],
    ['instance', 'create', 'db1', '2', '--bogus'],
    ['instance', 'create', 'db1', '2', '--users', 'nopassword'],
    ['instance', 'create', 'db1', '2', '--driver', 'kafka'],
  ]) {
    const r = await cli(...args)
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.ok(!/\n\s+at /.test(r.stderr), `no stack trace: ${r.stderr}`)
    // One line naming the problem, one naming the fix — never wrapped.
    const lines = r.stderr.trim().split('\n')
    assert.equal(lines.length, 2, r.stderr)
    assert.match(lines[0], /Error: /)
    assert.match(lines[1], /Try this: /)
  }
  const {all} = await bus.takeAll()
  assert.equal(all.length, 0)
  assert.deepEqual(await listInstances(), [])
})

test('a dead broker: one line with the password masked and how to start RabbitMQ, exit 1, within 5 s, world unchanged', async () => {
  const t0 = Date.now()
  const r = await runCli(['instance', 'create', 'db9', '2', '--state', state, '--url', 'amqp://guest:topsecret@127.0.0.1:1/'])
  assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`)
  assert.equal(r.code, 1)
  assert.match(r.stderr, /cannot reach RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1\//)
  assert.match(r.stderr, /rabbitmq-server -detached/)
  assert.ok(!r.stderr.includes('topsecret') && !r.stdout.includes('topsecret'))
  assert.ok(!/\n\s+at /.test(r.stderr))
  assert.deepEqual(await listInstances(), [])
})

test('several hosts in a rabbit:// URL: the first dead, the second used', async () => {
  const [, rest] = BROKER_URL.split('://')
  const r = await runCli(['instance', 'create', 'fo1', '1', '--state', state, ...bus.args, '--url', `rabbit://guest:guest@127.0.0.1:1,${rest}`])
  assert.equal(r.code, 0, r.stderr)
  const {info} = await bus.takeAll()
  assert.equal(info.length, 3)
})

test('an exchange that exists durable is used as it is (oslo would log a 406 and drop): exit 0, one notice naming amqp_durable_queues', async () => {
  const conn = await amqp.connect(BROKER_URL)
  const ch = await conn.createChannel()
  const ex = `${bus.exchange}_durable`
  const topic = `${bus.topic}_d`
  await ch.assertExchange(ex, 'topic', {durable: true})
  try {
    const r = await runCli(['instance', 'create', 'd1', '1', '--state', ':memory:', '--exchange', ex, '--topics', topic])
    assert.equal(r.code, 0, r.stderr)
    const notices = r.stderr.split('\n').filter((l) => l.includes('declare like this deployment'))
    assert.deepEqual(notices, [`exchange ${ex} is a durable exchange; set amqp_durable_queues = true to declare like this deployment; using it as it is`])
    const arrived = []
    for (let m; (m = await ch.get(`${topic}.info`, {noAck: true}));) arrived.push(JSON.parse(JSON.parse(m.content.toString())['oslo.message']).event_type)
    assert.deepEqual(arrived, ['dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end'])
    const ok = await runCli(['instance', 'create', 'd2', '1', '--state', ':memory:', '--exchange', ex, '--topics', `${topic}2`, '--durable'])
    assert.equal(ok.code, 0, ok.stderr)
    assert.doesNotMatch(ok.stderr, /declare like this deployment/)
  } finally {
    await ch.deleteQueue(`${topic}.info`).catch(() => {})
    await ch.deleteQueue(`${topic}2.info`).catch(() => {})
    await ch.deleteExchange(ex).catch(() => {})
    await conn.close()
  }
})

test('a queue that exists with the other durability is used as it is: the messages are in it, one notice, no reconnect', async () => {
  const conn = await amqp.connect(BROKER_URL)
  const ch = await conn.createChannel()
  const topic = `${bus.topic}_q406`
  const ex = `${bus.exchange}_q406`
  await ch.assertQueue(`${topic}.info`, {durable: true})
  try {
    const r = await runCli(['instance', 'create', 'q1', '1', '--state', ':memory:', '--exchange', ex, '--topics', topic])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, new RegExp(`queue ${topic}\\.info is a durable classic queue; set amqp_durable_queues = true to declare like this deployment`))
    assert.doesNotMatch(r.stderr, /reconnect|lost/)
    assert.equal((await ch.checkQueue(`${topic}.info`)).messageCount, 3)
  } finally {
    await ch.deleteQueue(`${topic}.info`).catch(() => {})
    await ch.deleteExchange(ex).catch(() => {})
    await conn.close()
  }
})

test('--driver log writes a recording (one line per notification) and needs no broker', async () => {
  const r = await runCli(['instance', 'create', 'logged', '1', '--state', ':memory:', '--driver', 'log', '--url', 'amqp://nobody:x@127.0.0.1:1/'])
  assert.equal(r.code, 0, r.stderr)
  const lines = readRecording(r.stdout.split('\n').filter((l) => l.startsWith('{')).join('\n'))
  assert.deepEqual(lines.map((l) => l.message.event_type), ['dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end'])
  assert.equal(lines[0].routing_key, 'notification.info')
  assert.equal(lines[0].exchange, 'trove')
  assert.deepEqual(lines[0].properties, {contentType: 'application/json', contentEncoding: 'utf-8', headers: {}, deliveryMode: 2, priority: 0})
  // The time of each line is the message's own timestamp; the body is the messagingv2 envelope as it would be published.
  assert.equal(lines[0].time, `${lines[0].message.timestamp.replace(' ', 'T')}Z`)
  assert.match(lines[0].body, /^\{"oslo.version": "2.0", "oslo.message": "\{\\"message_id\\": /)
})
