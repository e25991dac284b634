// The broker layer's pure rules: oslo's declarations per option (the
// integration test checks them against the real oslo notifier), reading
// RabbitMQ's 406 text, the notice that names the matching settings, the
// reconnect backoff and heartbeat arithmetic, and the one-line connect errors.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {describeConnectError, heartbeatFor, retryDelayMs} from '../../dist/messaging/connection.js'
import {exchangeDeclaration, mismatchNotice, parseInequivalent, queueDeclaration} from '../../dist/messaging/topology.js'
import {parseTransportUrl} from '../../dist/messaging/transport-url.js'
import {RABBIT_DEFAULTS} from '../../dist/messaging/rabbit-options.js'

const o = (x = {}) => ({...RABBIT_DEFAULTS, ...x})

test("oslo's declarations: durable = amqp_durable_queues OR rabbit_quorum_queue, auto_delete both, _get_queue_arguments", () => {
  assert.deepEqual(exchangeDeclaration(o()), {type: 'topic', durable: false, autoDelete: false})
  assert.deepEqual(queueDeclaration(o()), {durable: false, autoDelete: false, arguments: {}})
  assert.deepEqual(exchangeDeclaration(o({amqp_durable_queues: true, amqp_auto_delete: true})), {type: 'topic', durable: true, autoDelete: true})
  assert.deepEqual(queueDeclaration(o({rabbit_quorum_queue: true})), {durable: true, autoDelete: false, arguments: {'x-queue-type': 'quorum'}})
  assert.deepEqual(exchangeDeclaration(o({rabbit_quorum_queue: true, amqp_durable_queues: false})).durable, true)
  assert.deepEqual(queueDeclaration(o({rabbit_quorum_queue: true, rabbit_quorum_delivery_limit: 5, rabbit_quroum_max_memory_length: 7, rabbit_quroum_max_memory_bytes: 9})).arguments,
    {'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-max-in-memory-length': 7, 'x-max-in-memory-bytes': 9})
  // The quorum limits mean nothing without quorum queues (oslo ignores them too).
  assert.deepEqual(queueDeclaration(o({rabbit_quorum_delivery_limit: 5})).arguments, {})
  assert.deepEqual(queueDeclaration(o({rabbit_ha_queues: true})).arguments, {'x-ha-policy': 'all'})
})

test("RabbitMQ's 406 text is read: the argument and its current value", () => {
  const q = (tail) => `Operation failed: QueueDeclare; 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - inequivalent arg ${tail}"`
  assert.deepEqual(parseInequivalent(q("'x-queue-type' for queue 'n.info' in vhost '/': received none but current is the value 'quorum' of type 'longstr'")),
    {arg: 'x-queue-type', current: 'quorum'})
  assert.deepEqual(parseInequivalent(q("'durable' for queue 'n.info' in vhost '/': received 'false' but current is 'true'")), {arg: 'durable', current: true})
  assert.deepEqual(parseInequivalent(q("'x-delivery-limit' for queue 'n.info' in vhost 'a/b': received none but current is the value '5' of type 'byte'")),
    {arg: 'x-delivery-limit', current: 5})
  assert.deepEqual(parseInequivalent(q("'x-max-in-memory-length' for queue 'q' in vhost '/': received the value '3' of type 'byte' but current is none")),
    {arg: 'x-max-in-memory-length', current: undefined})
  assert.deepEqual(parseInequivalent(q("'type' for exchange 'trove' in vhost '/': received 'topic' but current is 'direct'")), {arg: 'type', current: 'direct'})
  assert.equal(parseInequivalent('PRECONDITION_FAILED - invalid property \'auto-delete\' for queue \'q\''), undefined)
})

test('the notice names what exists and the settings that would declare like it, merged for a route', () => {
  const ours = {durable: false, auto_delete: false}
  assert.equal(mismatchNotice([{kind: 'queue', name: 'notification.info', ours, theirs: {durable: true, auto_delete: false, 'x-queue-type': 'quorum'}}]),
    'queue notification.info is a quorum queue; set rabbit_quorum_queue = true to declare like this deployment; using it as it is')
  assert.equal(mismatchNotice([
    {kind: 'exchange', name: 'trove', ours: {type: 'topic', durable: false, auto_delete: false}, theirs: {type: 'topic', durable: true, auto_delete: false}},
    {kind: 'queue', name: 'notification.info', ours, theirs: {durable: true, auto_delete: false, 'x-queue-type': 'quorum', 'x-delivery-limit': 3}},
  ]), 'exchange trove is a durable exchange and queue notification.info is a quorum queue with x-delivery-limit = 3; set rabbit_quorum_queue = true, rabbit_quorum_delivery_limit = 3 to declare like this deployment; using them as they are')
  assert.equal(mismatchNotice([{kind: 'queue', name: 'q', ours: {durable: true, auto_delete: false, 'x-queue-type': 'quorum'}, theirs: {durable: false, auto_delete: false}}]),
    'queue q is a transient classic queue; set amqp_durable_queues = false, rabbit_quorum_queue = false to declare like this deployment; using it as it is')
  assert.equal(mismatchNotice([{kind: 'exchange', name: 'x', ours: {type: 'topic', durable: false, auto_delete: false}, theirs: {type: 'direct', durable: false, auto_delete: false}}]),
    'exchange x is a direct transient exchange; no oslo option declares type = direct; using it as it is')
  assert.match(mismatchNotice([{kind: 'queue', name: 'q', ours, refusal: 'something new'}]), /queue q exists with other arguments than ours \(something new\); using it as it is/)
})

test("reconnect waits as kombu's interval_start/step/max; heartbeat period half the threshold", () => {
  const r = {rabbit_retry_interval: 1, rabbit_retry_backoff: 2, rabbit_interval_max: 30}
  assert.deepEqual([0, 1, 2, 3, 14, 15, 40].map((i) => retryDelayMs(i, r)), [1000, 3000, 5000, 7000, 29000, 30000, 30000])
  assert.equal(retryDelayMs(0, {rabbit_retry_interval: 0, rabbit_retry_backoff: 0, rabbit_interval_max: 30}), 100)
  assert.deepEqual([60, 2, 1, 0].map(heartbeatFor), [30, 1, 1, 0])
})

test('connect errors: one line and its fix per cause, the password masked', () => {
  const [h] = parseTransportUrl('amqp://trove:s3cret@10.0.0.1:5672/prod')
  const d = (err, rabbit) => describeConnectError(err, h, rabbit ? {...RABBIT_DEFAULTS, ...rabbit} : undefined)
  const all = [
    d({code: 'ECONNREFUSED'}), d({code: 'ENOTFOUND'}), d({message: 'connect ETIMEDOUT'}),
    d({message: 'Handshake terminated by server: 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - Login was refused"'}),
    d({message: 'Expected ConnectionOpenOk; got <ConnectionClose channel:0>'}),
    d({message: 'SASL mechanism PLAIN is not provided by the server'}, {rabbit_login_method: 'PLAIN'}),
    d({code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number'}),
    d({code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'}, {ssl: true}), d({code: 'CERT_HAS_EXPIRED'}, {ssl: true}),
    d({code: 'ERR_TLS_CERT_ALTNAME_INVALID', cert: {subjectaltname: 'DNS:rabbit1'}}, {ssl: true}),
    d({code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'}, {ssl: true}), d({code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA'}, {ssl: true, ssl_cert_file: '/c.pem'}),
    d({code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'}, {ssl: true, ssl_version: 'TLSv1_3'}),
    d({message: 'Socket closed abruptly during opening handshake'}),
  ]
  for (const p of all) {
    assert.ok(!p.message.includes('\n') && !p.fix.includes('\n'), p.message)
    assert.ok(!`${p.message} ${p.fix}`.includes('s3cret'), p.message)
    assert.ok(p.fix.length > 10, p.message)
  }
  assert.equal(new Set(all.map((p) => p.message)).size, all.length, 'every cause its own line')
  assert.match(all[0].message, /connection refused/)
  assert.match(all[3].message, /refused the login of user "trove"/)
  assert.match(all[4].message, /has no virtual host "prod", or user "trove" may not use it/)
  assert.match(all[7].fix, /set ssl_ca_file/)
  assert.match(all[9].message, /does not name "10\.0\.0\.1" \(host name mismatch: it names DNS:rabbit1\)/)
  assert.match(all[10].message, /requires a client certificate/)
  assert.match(all[11].message, /refused our client certificate ssl_cert_file \/c\.pem/)
})
