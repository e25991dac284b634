// The recording format (src/recording/format.ts): a line says everything
// needed to send a message again byte for byte, reads back as it was written
// (any body: UTF-8 text as text, other bytes marked base64), keeps the AMQP
// properties, and tells versions, old --driver log lines and other files apart.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'
import {test} from 'node:test'
import {decodeLine, encodeLine, isoFromOslo, RECORDING_VERSION, timeMs} from '../../dist/messaging/recording.js'
import {readRecordings} from '../../dist/recording/reader.js'
import {AMQP_PROPERTIES, encodeBody} from '../../dist/messaging/envelope.js'
import {exampleMessage} from '../../dist/events/export/example.js'
import {getEvent} from '../../dist/events/catalog.js'

const dir = mkdtempSync(join(tmpdir(), 'tn-rec-'))

test('a line reads back exactly as written: body bytes, properties, exchange, routing key, time', () => {
  const ex = exampleMessage(getEvent('dbaas.instance_create.start'))
  const body = Buffer.from(ex.body)
  const line = encodeLine({time: '2026-11-24T10:00:05.123456Z', exchange: 'trove', routingKey: 'notifications.info', body})
  assert.ok(!line.includes('\n'))
  const o = JSON.parse(line)
  assert.equal(o.recording, RECORDING_VERSION)
  assert.deepEqual(Object.keys(o), ['recording', 'time', 'exchange', 'routing_key', 'properties', 'body'])
  assert.deepEqual(o.properties, {content_type: 'application/json', content_encoding: 'utf-8', headers: {}, delivery_mode: 2, priority: 0})
  const d = decodeLine(line)
  assert.ok(d.ok)
  assert.ok(d.record.body.equals(body))
  assert.equal(d.record.binary, false)
  assert.equal(d.record.exchange, 'trove')
  assert.equal(d.record.routingKey, 'notifications.info')
  assert.equal(d.record.timeMs, Date.parse('2026-11-24T10:00:05.123Z') + 0.456)
  const {mandatory: _m, ...props} = AMQP_PROPERTIES
  assert.deepEqual(d.record.properties, props)
})

test('any body survives: raw UTF-8, control characters, invalid UTF-8 (kept as base64, marked)', () => {
  const bodies = [
    Buffer.from('{"compact":"déjà vu \u2028 \u{1F600}","n":1.0}'),
    Buffer.from('line1\nline2\r\n\u0000\u001b[31m'),
    Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x7b]),
    Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate: not UTF-8
    Buffer.alloc(0),
  ]
  for (const body of bodies) {
    const line = encodeLine({time: '2026-11-24T10:00:05Z', exchange: '', routingKey: 'x', body})
    assert.ok(!line.includes('\n'))
    const d = decodeLine(line)
    assert.ok(d.ok, d.problem)
    assert.ok(d.record.body.equals(body), `${body.toString('hex')} came back as ${d.record.body.toString('hex')}`)
  }
  assert.ok('body_base64' in JSON.parse(encodeLine({time: 'x', exchange: '', routingKey: 'x', body: bodies[2]})))
  assert.equal(decodeLine(encodeLine({time: '2026-11-24T10:00:05Z', exchange: '', routingKey: 'x', body: bodies[2]})).record.binary, true)
})

test('AMQP properties are kept, bytes in headers included', () => {
  const properties = {
    contentType: 'text/plain', headers: {'x-death': [{count: 1, reason: 'expired'}], raw: Buffer.from([1, 2, 255]), n: 7},
    deliveryMode: 1, priority: 5, correlationId: 'c-1', replyTo: 'amq.rabbitmq.reply-to', expiration: '60000',
    messageId: 'm-1', timestamp: 1764000000, type: 't', userId: 'guest', appId: 'nova', contentEncoding: undefined,
  }
  const d = decodeLine(encodeLine({time: '2026-11-24T10:00:05Z', exchange: 'nova', routingKey: 'k', properties, body: Buffer.from('{}')}))
  const {contentEncoding: _ce, ...expected} = properties
  assert.deepEqual(d.record.properties, expected)
  assert.ok(Buffer.isBuffer(d.record.properties.headers.raw))
})

test('the --driver log line of earlier versions (routing key + inner message) is still read, as version 0', () => {
  const ex = exampleMessage(getEvent('trove.instance.exists'))
  const d = decodeLine(JSON.stringify({routing_key: 'notification.info', ...ex.message}))
  assert.ok(d.ok)
  assert.equal(d.record.version, 0)
  assert.ok(d.record.body.equals(encodeBody(ex.message)), 'the body is what that version published')
  assert.equal(d.record.timeMs, timeMs(isoFromOslo(ex.message.timestamp)))
})

test('bad lines say what is wrong; other files and newer versions are told apart', () => {
  const good = encodeLine({time: '2026-11-24T10:00:05Z', exchange: 'e', routingKey: 'k', body: Buffer.from('{}')})
  const truncated = decodeLine(good.slice(0, 60))
  assert.equal(truncated.ok, false)
  assert.match(truncated.problem, /not valid JSON/)
  assert.equal(truncated.notRecording, false, 'the start of a recording line: a damaged line, not another file')
  assert.equal(decodeLine('hello world').notRecording, true)
  assert.equal(decodeLine('{"a": 1}').notRecording, true)
  assert.equal(decodeLine('[1,2]').notRecording, true)
  const newer = decodeLine(good.replace('"recording":1', '"recording":99'))
  assert.equal(newer.notRecording, true)
  assert.match(newer.problem, /recording format 99 is newer than this trove-notify reads \(up to 1\)/)
  assert.match(decodeLine(good.replace('"routing_key":"k",', '')).problem, /routing_key/)
  assert.match(decodeLine(good.replace('"body":"{}"', '"nobody":1')).problem, /no "body"/)
  assert.match(decodeLine(good.replace('2026-11-24T10:00:05Z', 'yesterday')).problem, /"time" is not an ISO 8601 time/)
  const later = decodeLine(good.replace('"recording":1,', '"recording":1,"added_later":{"x":1},'))
  assert.ok(later.ok, 'unknown keys are ignored')
})

test('the reader: several files in order, gzip by its magic, blank lines and CRLF, bad lines named by file:line', async () => {
  const line = (i) => encodeLine({time: `2026-11-24T10:00:0${i}Z`, exchange: 'e', routingKey: 'k', body: Buffer.from(`{"i":${i}}`)})
  const a = join(dir, 'a.jsonl')
  const b = join(dir, 'b.data') // gzip without a .gz name
  writeFileSync(a, `${line(1)}\r\n\n${line(2)}\n{"recording":1,"time":\n${line(3)}`)
  writeFileSync(b, gzipSync(`${line(4)}\n${line(5)}\n`))
  const items = []
  for await (const batch of readRecordings([a, b])) items.push(...batch)
  assert.deepEqual(items.map((i) => [i.kind, i.source.split('/').at(-1), i.line]), [
    ['record', 'a.jsonl', 1], ['record', 'a.jsonl', 3], ['bad', 'a.jsonl', 4], ['record', 'a.jsonl', 5],
    ['record', 'b.data', 1], ['record', 'b.data', 2],
  ])
  assert.deepEqual(items.filter((i) => i.kind === 'record').map((i) => JSON.parse(i.record.body).i), [1, 2, 3, 4, 5])
  // Not a recording: one usage error naming the file, at its first line.
  const other = join(dir, 'other.csv')
  writeFileSync(other, 'a,b,c\n1,2,3\n')
  await assert.rejects(async () => { for await (const _ of readRecordings([other])) { /* read */ } },
    (err) => err.exitCode === 2 && /other\.csv is not a recording \(line 1: not valid JSON/.test(err.message))
  // A damaged gzip ends the file with a bad line (what came before was read).
  const damaged = join(dir, 'damaged.gz')
  const gz = gzipSync(`${line(6)}\n${line(7)}\n`.repeat(50))
  writeFileSync(damaged, gz.subarray(0, gz.length - 30))
  const got = []
  for await (const batch of readRecordings([damaged])) got.push(...batch)
  assert.equal(got.at(-1).kind, 'bad')
  assert.match(got.at(-1).problem, /damaged/)
  assert.ok(got.filter((i) => i.kind === 'record').length > 0)
})

test('the fast path (lines in the layout trove-notify writes) gives exactly what decodeLine gives, and leaves anything else to it', async () => {
  const {decodeCanonical} = await import('../../dist/recording/fast-line.js')
  const ex = exampleMessage(getEvent('dbaas.instance_create.start'))
  const lines = [
    encodeLine({time: '2026-11-24T10:00:05.123456Z', exchange: 'trove', routingKey: 'notification.info', body: Buffer.from(ex.body)}),
    encodeLine({time: '2026-11-24T10:00:05Z', exchange: 'é', routingKey: 'k', body: Buffer.from('{"s":"déjà \u2028 \\\\ \\" \u{1F600}"}')}),
    encodeLine({time: '2026-11-24T10:00:05Z', exchange: 'e', routingKey: 'k', body: Buffer.from('ctl \u0001\u001f\n\t end')}),
    encodeLine({time: '2026-11-24T10:00:05Z', exchange: 'e', routingKey: 'k', properties: {contentType: 'x', headers: {a: {b: '}{"'}}}, body: Buffer.from('{}')}),
    encodeLine({time: '2026-11-24T10:00:05Z', exchange: 'e', routingKey: 'k', properties: {deliveryMode: 1}, body: Buffer.from('x')}),
  ]
  for (const line of lines) {
    const b = Buffer.from(line)
    for (const time of [true, false]) {
      const fast = decodeCanonical(b, 0, b.length, time)
      const slow = decodeLine(line, {time})
      if (fast === undefined) continue // left to decodeLine (e.g. a \u escape)
      assert.ok(slow.ok)
      assert.deepEqual({...fast, body: fast.body.toString('hex')}, {...slow.record, body: slow.record.body.toString('hex')}, line.slice(0, 80))
    }
  }
  assert.ok(decodeCanonical(Buffer.from(lines[0]), 0, lines[0].length, true), 'a notification line takes the fast path')
  // Not the layout, or damaged: undefined (decodeLine judges and names the problem).
  const other = [lines[0].slice(0, 200), lines[0].replace('"time"', '"Time"'), `{"routing_key":"k","recording":1,"time":"2026-11-24T10:00:05Z","exchange":"e","properties":{},"body":"{}"}`,
    lines[0].replace('"recording":1', '"recording":9'), encodeLine({time: 'x', exchange: 'e', routingKey: 'k', body: Buffer.from([0xff])})]
  for (const line of other) assert.equal(decodeCanonical(Buffer.from(line), 0, Buffer.byteLength(line), true), undefined, line.slice(0, 80))
})
