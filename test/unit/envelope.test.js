// The wire format against bytes captured from the real oslo.messaging 14
// notifier (test/fixtures/oslo-captured.txt), and the decoder tail uses.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {test} from 'node:test'
import {AMQP_PROPERTIES, buildMessage, contextOf, decodeBody, encodeBody, osloTimestamp} from '../../dist/messaging/envelope.js'
import {pyDumps} from '../../dist/messaging/pyjson.js'

const captured = readFileSync(new URL('../fixtures/oslo-captured.txt', import.meta.url), 'utf8')

test('encodeBody reproduces oslo.messaging byte for byte', () => {
  const message = buildMessage({
    messageId: '8f287d93-2669-4a70-96e0-8cde0c184cf4',
    publisherId: 'api.trove-host',
    eventType: 'dbaas.instance_create.start',
    priority: 'INFO',
    payload: {name: 'db\u00e91', flavor: '2', n: 3, l: [1, 'a'], x: null, t: true},
    timestamp: '2026-11-25 07:39:10.150169',
    uniqueId: '2a708124fda847c8933f3e810bb514d7',
    context: {user_id: 'u1', project_id: 'p1', request_id: 'req-1', roles: ['member'], is_admin: false},
  })
  assert.equal(encodeBody(message).toString('utf8'), captured)
})

test('inner key order: message keys, _unique_id, then _context_* keys', () => {
  const inner = JSON.parse(JSON.parse(captured)['oslo.message'])
  const m = buildMessage({messageId: 'm', publisherId: 'p', eventType: 'e', priority: 'ERROR', payload: {}, timestamp: 't', uniqueId: 'u',
    context: {user_id: 'u1', project_id: 'p1', request_id: 'r', roles: [], is_admin: false}})
  assert.deepEqual(Object.keys(m), Object.keys(inner))
})

test('secrets never become _context_ keys', () => {
  const m = buildMessage({messageId: 'm', publisherId: 'p', eventType: 'e', priority: 'INFO', payload: {}, timestamp: 't', uniqueId: 'u',
    context: {user_id: 'u', project_id: 'p', request_id: 'r', roles: [], is_admin: false, auth_token: 'SECRET'}})
  assert.ok(!JSON.stringify(m).includes('SECRET'))
})

test("timestamp is Python's str(datetime.utcnow())", () => {
  assert.equal(osloTimestamp(new Date('2026-11-24T10:00:05.123Z'), 456), '2026-11-24 10:00:05.123456')
  assert.equal(osloTimestamp(new Date('2026-11-24T10:00:05.000Z'), 7), '2026-11-24 10:00:05.000007')
  assert.match(osloTimestamp(new Date()), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/)
})

test('pyDumps escapes like json.dumps(ensure_ascii=True)', () => {
  assert.equal(pyDumps({a: 'é\u007f\u001b"\\\n', b: [1, 2.5, null, false], c: {}}), '{"a": "\\u00e9\\u007f\\u001b\\"\\\\\\n", "b": [1, 2.5, null, false], "c": {}}')
  assert.equal(pyDumps('😀'), '"\\ud83d\\ude00"')
})

test('AMQP properties are what oslo sets', () => {
  assert.equal(AMQP_PROPERTIES.contentType, 'application/json')
  assert.equal(AMQP_PROPERTIES.contentEncoding, 'utf-8')
  assert.equal(AMQP_PROPERTIES.deliveryMode, 2)
  assert.equal(AMQP_PROPERTIES.priority, 0)
  assert.deepEqual(AMQP_PROPERTIES.headers, {})
})

test('decodeBody reads the 2.0 envelope and the 1.0 form, and reports junk', () => {
  const d = decodeBody(Buffer.from(captured))
  assert.equal(d.ok, true)
  assert.equal(d.version, '2.0')
  assert.equal(d.message.event_type, 'dbaas.instance_create.start')
  assert.deepEqual(contextOf(d.message), {user_id: 'u1', project_id: 'p1', request_id: 'req-1', roles: ['member'], is_admin: false})
  const v1 = decodeBody('{"event_type": "x", "payload": {}}')
  assert.equal(v1.ok && v1.version, '1.0')
  assert.deepEqual(decodeBody('not json'), {ok: false, problem: 'body is not JSON'})
  assert.equal(decodeBody('[1]').ok, false)
  assert.equal(decodeBody('{"oslo.version": "2.0", "oslo.message": "{bad"}').ok, false)
  assert.equal(decodeBody('{"oslo.version": "3.0", "oslo.message": "{}"}').ok, false)
})

test('the one-pass quoted encoding equals JSON.stringify(pyDumps(message)) for awkward strings and shapes', async () => {
  const {pyDumps, pyDumpsQuoted} = await import('../../dist/messaging/pyjson.js')
  const awkward = ['', 'plain-id-1234', 'quote " inside', 'back\\slash', 'both \\" mixed', 'tab\tnew\nline\r', '\u0000\u001f ctl',
    'DEL \u007f', 'café', 'emoji 😀', 'lone \ud800 surrogate', 'ünïcødé "and" \\ \n', '\\u00e9 literal', 'trailing \\']
  const values = [
    null, true, false, 0, -1.5, 1e21, Number.NaN, 'x', [], {},
    Object.fromEntries(awkward.map((s, i) => [s || `k${i}`, s])),
    {list: awkward, nested: {deep: [awkward, {[awkward[2]]: awkward[3]}]}, skipped: undefined, n: 42},
  ]
  for (const v of values) assert.equal(pyDumpsQuoted(v), JSON.stringify(pyDumps(v)), JSON.stringify(v))
})
