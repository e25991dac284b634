// replay's rewrites (src/replay/rewrite.ts): --retime moves every time by one
// whole-second shift in its own format, --fresh-ids derives new ids
// consistently (same old id → same new id, shapes kept, a new set per pass),
// --tenant-map maps tenants; an unchanged message re-encodes to oslo's bytes.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {encodeRewritten, parseTenantMap, Rewriter, shiftTime} from '../../dist/replay/rewrite.js'
import {encodeBody, WIRE_PATTERNS} from '../../dist/messaging/envelope.js'
import {exampleMessage} from '../../dist/events/export/example.js'
import {EVENTS, getEvent} from '../../dist/events/catalog.js'
import {REQUEST_ID} from '../../dist/events/payload.js'

const none = {retime: false, freshIds: false, tenantMap: new Map()}

test('shiftTime keeps each format: separator, fraction digits, zone', () => {
  const day = 86_400_000
  assert.equal(shiftTime('2026-11-24 10:00:05.123456', day + 1000), '2026-11-25 10:00:06.123456')
  assert.equal(shiftTime('2026-11-24T23:59:59Z', 1000), '2026-11-25T00:00:00Z')
  assert.equal(shiftTime('2026-11-24T10:00:05.123Z', -3600_000), '2026-11-24T09:00:05.123Z')
  assert.equal(shiftTime('2026-11-24T10:00:05+02:00', 60_000), '2026-11-24T10:01:05+02:00')
  assert.equal(shiftTime('2026-12-31T23:00:00', 3600_000), '2027-01-01T00:00:00')
  assert.equal(shiftTime('not a time', 1000), undefined)
})

test('an unchanged message re-encodes to the very bytes oslo (and the catalog) publish', () => {
  for (const e of EVENTS) {
    const ex = exampleMessage(e)
    const m = JSON.parse(JSON.parse(ex.body)['oslo.message'])
    new Rewriter(none, 's', 0).message(m)
    assert.ok(encodeRewritten(m, '2.0').equals(encodeBody(ex.message)), e.eventType)
  }
})

test('--retime: every time moves by the same whole seconds, so gaps and windows are kept exactly', () => {
  const start = structuredClone(exampleMessage(getEvent('dbaas.instance_create.start')).message)
  const exists = structuredClone(exampleMessage(getEvent('trove.instance.exists')).message)
  const before = [start.timestamp, exists.timestamp, exists.payload.audit_period_beginning, exists.payload.audit_period_ending, exists.payload.launched_at]
  const rw = new Rewriter({...none, retime: true}, 's', 3 * 86_400_000 + 1234.5) // rounded to whole seconds
  rw.message(start)
  rw.message(exists)
  const after = [start.timestamp, exists.timestamp, exists.payload.audit_period_beginning, exists.payload.audit_period_ending, exists.payload.launched_at]
  const ms = (t) => Date.parse(t.includes('T') ? t : `${t.replace(' ', 'T')}Z`)
  for (let i = 0; i < before.length; i++) {
    assert.equal(ms(after[i]) - ms(before[i]), 3 * 86_400_000 + 1000, `${before[i]} → ${after[i]}`)
    assert.equal(after[i].length, before[i].length, 'same format')
  }
  assert.match(start.timestamp, WIRE_PATTERNS.timestamp)
})

test('--fresh-ids: new ids, the same new id wherever the old one appears, shapes kept, a new set per pass', () => {
  const start = structuredClone(exampleMessage(getEvent('dbaas.instance_create.start')).message)
  const end = structuredClone(exampleMessage(getEvent('dbaas.instance_create.end')).message)
  end.payload.request_id = start.payload.request_id
  end._context_request_id = start._context_request_id
  const original = structuredClone([start, end])
  const rw = new Rewriter({...none, freshIds: true}, 'secret', 0)
  rw.message(start)
  rw.message(end)
  assert.notEqual(start.payload.request_id, original[0].payload.request_id)
  assert.match(start.payload.request_id, REQUEST_ID)
  assert.equal(start.payload.request_id, end.payload.request_id, 'start and end still pair')
  assert.equal(start._context_request_id, start.payload.request_id)
  assert.equal(end.payload.instance_id, rw.freshId(original[1].payload.instance_id))
  assert.notEqual(end.payload.instance_id, original[1].payload.instance_id)
  for (const m of [start, end]) {
    assert.match(m.message_id, WIRE_PATTERNS.messageId)
    assert.match(m._unique_id, WIRE_PATTERNS.uniqueId)
  }
  assert.notEqual(start.message_id, original[0].message_id)
  // Not ids: untouched.
  assert.equal(start.payload.tenant_id, original[0].payload.tenant_id)
  assert.equal(start.payload.name, original[0].payload.name)
  assert.equal(start.payload.flavor, original[0].payload.flavor)
  // Another pass (another secret): other ids, still consistent.
  const next = new Rewriter({...none, freshIds: true}, 'secret:1', 0)
  assert.notEqual(next.freshId(original[0].payload.request_id), start.payload.request_id)
  assert.equal(next.freshId('inst-7'), next.freshId('inst-7'))
  assert.match(next.freshId('inst-7'), /^inst-7-[0-9a-f]{8}$/)
  assert.match(next.freshId('ABCDEF01-2345-4789-8BCD-EF0123456789'), /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/)
})

test('--tenant-map: payload and context tenants mapped; bad maps are one-line problems', () => {
  const m = structuredClone(exampleMessage(getEvent('dbaas.instance_create.start')).message)
  const t = m.payload.tenant_id
  new Rewriter({...none, tenantMap: new Map([[t, 'other-tenant']])}, 's', 0).message(m)
  assert.equal(m.payload.tenant_id, 'other-tenant')
  assert.equal(m._context_project_id, 'other-tenant')
  assert.deepEqual(parseTenantMap(['a=b', 'c = d']), new Map([['a', 'b'], ['c', 'd']]))
  assert.match(parseTenantMap(['a']), /not OLD=NEW/)
  assert.match(parseTenantMap(['a=b', 'a=c']), /maps a twice/)
})
