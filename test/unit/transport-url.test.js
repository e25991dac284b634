import assert from 'node:assert/strict'
import {test} from 'node:test'
import {amqplibUrl, maskUrl, parseTransportUrl} from '../../dist/messaging/transport-url.js'

test('amqp:// with defaults', () => {
  const [h] = parseTransportUrl('amqp://guest:guest@127.0.0.1:5672/')
  assert.deepEqual({...h}, {protocol: 'amqp', username: 'guest', password: 'guest', hostname: '127.0.0.1', port: 5672, vhost: '/', query: ''})
  assert.equal(amqplibUrl(h), 'amqp://guest:guest@127.0.0.1:5672/')
})

test("oslo's rabbit:// with several hosts keeps their order and the vhost", () => {
  const hosts = parseTransportUrl('rabbit://u1:p1@h1:5672,u2:p%40ss@h2:5673/trove')
  assert.equal(hosts.length, 2)
  assert.deepEqual(hosts.map((h) => [h.username, h.password, h.hostname, h.port, h.vhost]), [['u1', 'p1', 'h1', 5672, 'trove'], ['u2', 'p@ss', 'h2', 5673, 'trove']])
  assert.equal(amqplibUrl(hosts[1]), 'amqp://u2:p%40ss@h2:5673/trove')
})

test('amqps:// defaults to port 5671', () => {
  assert.equal(parseTransportUrl('amqps://u:p@broker/')[0].port, 5671)
})

test('bad URLs are refused with the password masked', () => {
  assert.throws(() => parseTransportUrl('http://u:secret@h/'), (e) => /unsupported scheme/.test(e.message) && !e.message.includes('secret'))
  assert.throws(() => parseTransportUrl('nonsense'), /not a transport URL/)
})

test('maskUrl hides every password, also in multi-host URLs and running text', () => {
  assert.equal(maskUrl('rabbit://u1:p1@h1:5672,u2:p2@h2:5672/v'), 'rabbit://u1:***@h1:5672,u2:***@h2:5672/v')
  assert.equal(maskUrl('cannot reach amqp://guest:s3cret@127.0.0.1:5672/ now'), 'cannot reach amqp://guest:***@127.0.0.1:5672/ now')
  assert.equal(maskUrl('amqp://h:5672/'), 'amqp://h:5672/')
})
