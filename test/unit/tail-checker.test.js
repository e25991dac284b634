// tail's pure parts: inspecting deliveries (hostile input), filters, the
// --check findings (Trove 18 departures by name), lifecycle pairing, and
// the rendering that must never let a control sequence through.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {EVENTS} from '../../dist/events/catalog.js'
import {exampleMessage} from '../../dist/events/export/example.js'
import {inspectDelivery, MAX_BODY_BYTES} from '../../dist/tail/message.js'
import {Checker} from '../../dist/tail/checker.js'
import {buildFilter, globToRegExp} from '../../dist/tail/filters.js'
import {LifecycleTracker, parseOsloTime} from '../../dist/tail/lifecycle.js'
import {TROVE18} from '../../dist/events/trove18/departures.js'
import {eventsOf} from '../../dist/events/catalogs.js'
import {jsonLine, messageLine, rawLine} from '../../dist/cli/render/tail.js'
import {body, exampleWith, JSON_PROPS} from '../helpers/tail.js'

function delivery(content, {routingKey = 'notification.info', properties = JSON_PROPS} = {}) {
  return {body: Buffer.isBuffer(content) ? content : Buffer.from(content), routingKey, exchange: 'trove', redelivered: false, properties, receivedAt: Date.now()}
}

function decoded(message, opts) {
  const d = inspectDelivery(delivery(body(message), opts))
  assert.equal(d.kind, 'message')
  return d
}

const check = (message, opts) => new Checker().check(decoded(message, opts))

test('every example of the catalog passes --check without a finding', () => {
  for (const e of EVENTS) {
    const ex = exampleMessage(e)
    const d = inspectDelivery(delivery(ex.body, {routingKey: ex.routing_key}))
    assert.deepEqual(new Checker().check(d), [], e.eventType)
  }
})

test('hostile deliveries are skipped with one reason: huge, wrong or missing content type, not JSON, not an object', () => {
  const ok = exampleMessage(EVENTS[0]).body
  assert.equal(inspectDelivery(delivery(Buffer.alloc(MAX_BODY_BYTES + 1, 0x20))).reason, 'body too large')
  const noType = inspectDelivery(delivery(ok, {properties: {}}))
  assert.equal(noType.reason, 'no content type')
  assert.match(noType.detail, /dbaas\.instance_create\.start.*oslo listener drops it/)
  assert.equal(inspectDelivery(delivery(ok, {properties: {contentType: 'text/plain'}})).reason, 'wrong content type')
  assert.equal(inspectDelivery(delivery('not json {')).reason, 'body is not JSON')
  assert.equal(inspectDelivery(delivery('[1,2]')).reason, 'body is not a JSON object')
  assert.equal(inspectDelivery(delivery('{"oslo.version": "2.0", "oslo.message": "{nope"}')).reason, 'oslo.message is not JSON')
  const v1 = inspectDelivery(delivery(JSON.stringify(exampleMessage(EVENTS[0]).message)))
  assert.equal(v1.kind, 'message')
  assert.equal(v1.version, '1.0')
})

test('--check names the field of each violation', () => {
  const missing = check(exampleWith('dbaas.instance_create.start', {drop: ['name', 'datastore']}))
  assert.deepEqual(missing.map((f) => f.field).sort(), ['payload.datastore', 'payload.name'])
  assert.ok(missing.every((f) => f.problem === 'required field is missing' && !f.departure))

  const types = check(exampleWith('dbaas.instance_resize_volume.start', {payload: {new_size: '4', request_id: 'abc'}}))
  assert.deepEqual(types.map((f) => f.field).sort(), ['payload.new_size', 'payload.request_id', 'request_id'])

  const wrongPriority = check(exampleWith('dbaas.instance_restart.start', {priority: 'ERROR'}), {routingKey: 'notification.error'})
  assert.deepEqual(wrongPriority.map((f) => f.field), ['priority'])
  assert.match(wrongPriority[0].problem, /spec sends dbaas.instance_restart.start at INFO on notification.info/)

  const unknown = check(exampleWith('dbaas.instance_restart.start', {event_type: 'dbaas.instance_frobnicate.start'}))
  assert.deepEqual(unknown.map((f) => f.field), ['event_type'])
  assert.match(unknown[0].problem, /unknown event type/)

  const shape = check(exampleWith('dbaas.instance_restart.start', {timestamp: '2026-11-24T10:00:05Z', _unique_id: undefined, _context_auth_token: 'secret'}))
  assert.deepEqual(shape.map((f) => f.field).sort(), ['_context_auth_token', '_unique_id', 'timestamp'])
  assert.deepEqual(check(exampleWith('dbaas.instance_restart.start', {_context_auth_token: null})), [], 'oslo 14 packs auth_token as null: no secret')

  const v1 = new Checker().check(inspectDelivery(delivery(JSON.stringify(exampleMessage(EVENTS[0]).message))))
  assert.deepEqual(v1.map((f) => f.field), ['envelope'])
  const mismatch = check(exampleWith('dbaas.instance_restart.start'), {routingKey: 'notification.error'})
  assert.deepEqual(mismatch.map((f) => f.field), ['routing_key'])
})

test("Trove 18's departures are recognised and reported by name", () => {
  const names = (findings) => findings.filter((f) => !f.note).map((f) => f.departure ?? `violation:${f.field}`)
  assert.deepEqual(names(check(exampleWith('dbaas.instance_restart.error', {priority: 'INFO'}))), [TROVE18.errorAtInfo])
  assert.deepEqual(names(check(exampleWith('dbaas.quotas', {event_type: 'dbaas.quota', drop: ['tenant_id']}))),
    [TROVE18.quotaEventType, TROVE18.quotaNoTenant])
  assert.deepEqual(names(check(exampleWith('dbaas.instance_create.start', {drop: ['flavor'], payload: {flavor_id: '2', image_id: 'x', region_name: 'RegionOne'}}))),
    [TROVE18.flavorId])
  assert.deepEqual(names(check(exampleWith('dbaas.instance_restart.end', {payload: {server_type: 'taskmanager'}}))), [TROVE18.serverTypeTaskmanager])
  assert.deepEqual(names(check(exampleWith('dbaas.database_create.end', {payload: {server_type: 'guest'}}))), [TROVE18.serverTypeGuest])
  assert.deepEqual(names(check(exampleWith('dbaas.database_create.start', {payload: {client_ip: '10.0.0.5'}}))), [TROVE18.clientIpWithoutPort])
  assert.deepEqual(names(check(exampleWith('dbaas.backup_create.end', {payload: {name: 'b1', instance_id: 'i1'}}))), [TROVE18.accumulatedPayload])
  assert.deepEqual(names(check(exampleWith('dbaas.cluster_restart.start'))), [TROVE18.extraEventType], 'beyond the spec, in its conventions')
  assert.deepEqual(names(check(exampleWith('dbaas.instance_restart.start', {event_type: 'dbaas.cluster_restart.start'}))), [TROVE18.extraEventType, 'violation:payload.cluster_id'])
  // promote and eject look alike on the wire: flagged when the message bears Trove 18's marks.
  assert.deepEqual(names(check(exampleWith('dbaas.instance_eject.start', {payload: {client_ip: '10.0.0.5'}}))),
    [TROVE18.clientIpWithoutPort, TROVE18.promoteEjectSwapped])
  assert.deepEqual(check(exampleWith('dbaas.instance_eject.start')), [])
})

test('--check --dialect trove-18: every Trove 18 example passes; a spec message there, or a Trove 18 one in the spec check, says which dialect it is valid in', () => {
  const trove = (message, opts) => new Checker('trove-18').check(decoded(message, opts))
  for (const e of eventsOf('trove-18')) {
    const ex = exampleMessage(e)
    const findings = new Checker('trove-18').check(inspectDelivery(delivery(ex.body, {routingKey: ex.routing_key})))
    const neverSent = findings.filter((f) => /never sends/.test(f.problem))
    assert.deepEqual(findings.filter((f) => !neverSent.includes(f)), [], e.eventType)
    assert.equal(neverSent.length, e.emittedBy.length === 0 ? 1 : 0, `${e.eventType}: flagged as never sent by Trove 18`)
  }
  // The spec's own message, held against Trove 18.
  const specStart = exampleWith('dbaas.instance_create.start')
  const asTrove = trove(specStart)
  assert.ok(asTrove.some((f) => f.field === 'payload.flavor_id' && !f.note))
  assert.ok(asTrove.some((f) => f.field === 'payload.client_ip'))
  assert.deepEqual(asTrove.filter((f) => f.note).map((f) => f.field), ['dialect'])
  assert.match(asTrove.at(-1).problem, /valid in the spec dialect/)
  const specError = trove(exampleWith('dbaas.instance_restart.error'), {routingKey: 'notification.error'})
  assert.ok(specError.some((f) => f.field === 'priority' && /every notification at INFO/.test(f.problem)))
  assert.match(trove(exampleWith('dbaas.quotas'))[0].problem, /the spec's; Trove 18 never sends it \(its DBaaSQuotas is dbaas.quota\)/)
  // Trove 18's own message, held against the spec: its departures by name, then where it is valid.
  const troveEnd = exampleMessage(eventsOf('trove-18').find((e) => e.eventType === 'dbaas.instance_restart.end')).message
  const asSpec = check(troveEnd)
  assert.ok(asSpec.some((f) => f.departure === TROVE18.serverTypeTaskmanager))
  assert.ok(asSpec.some((f) => f.departure === TROVE18.clientIpWithoutPort))
  assert.match(asSpec.at(-1).problem, /valid in the trove-18 dialect/)
  assert.equal(asSpec.at(-1).note, true)
})

test('--check across messages: resize_volume without modify_volume, overlapping exists periods', () => {
  const checker = new Checker()
  const start = exampleWith('dbaas.instance_resize_volume.start')
  const end = exampleWith('dbaas.instance_resize_volume.end', {payload: {request_id: start.payload.request_id}, _context_request_id: start.payload.request_id})
  assert.deepEqual(checker.check(decoded(start)), [])
  assert.deepEqual(checker.check(decoded(end)).map((f) => f.departure), [TROVE18.noModifyVolume])
  // With the status notification in between, nothing to report.
  const c2 = new Checker()
  c2.check(decoded(start))
  c2.check(decoded(exampleWith('trove.instance.modify_volume', {payload: {instance_id: start.payload.instance_id}})))
  assert.deepEqual(c2.check(decoded(end)), [])

  const c3 = new Checker()
  const first = exampleWith('trove.instance.exists', {payload: {audit_period_beginning: '2026-11-24T09:00:00.000Z', audit_period_ending: '2026-11-24T10:00:00.000Z'}})
  const overlapping = exampleWith('trove.instance.exists', {payload: {audit_period_beginning: '2026-11-24T09:30:00.000Z', audit_period_ending: '2026-11-24T10:30:00.000Z'}})
  assert.deepEqual(c3.check(decoded(first)), [])
  assert.deepEqual(c3.check(decoded(overlapping)).map((f) => f.departure), [TROVE18.existsOverlap])
})

test('filters: globs on event type and publisher, tenant and request id from payload or context, priorities', () => {
  assert.ok(globToRegExp('dbaas.instance_*').test('dbaas.instance_create.start'))
  assert.ok(!globToRegExp('dbaas.instance_*').test('trove.instance.create'))
  assert.ok(globToRegExp('dbaas.*.e[nr]*').test('dbaas.user_create.error'))
  assert.ok(globToRegExp('a+b(c)').test('a+b(c)'))
  const m = exampleWith('dbaas.instance_create.start')
  assert.ok(buildFilter({})(m))
  assert.ok(buildFilter({events: ['trove.*', 'dbaas.instance_*']})(m))
  assert.ok(!buildFilter({events: ['*.end']})(m))
  assert.ok(buildFilter({priorities: ['info']})(m))
  assert.ok(!buildFilter({priorities: ['error', 'warn']})(m))
  assert.ok(buildFilter({tenant: m.payload.tenant_id, requestId: m.payload.request_id, publisher: 'api.*'})(m))
  assert.ok(!buildFilter({publisher: 'taskmanager.*'})(m))
  const status = exampleWith('trove.instance.create')
  assert.ok(buildFilter({requestId: status._context_request_id})(status), 'status events carry the request id in the context only')
})

test('lifecycle pairing: duration from the oslo timestamps, unpaired ends, overdue and open starts', () => {
  assert.ok(Math.abs(parseOsloTime('2026-11-24 10:00:05.123456') - parseOsloTime('2026-11-24 10:00:05.000000') - 123.456) < 0.001)
  const t = new LifecycleTracker()
  const start = exampleWith('dbaas.instance_create.start', {timestamp: '2026-11-24 10:00:00.000000'})
  const end = exampleWith('dbaas.instance_create.end', {timestamp: '2026-11-24 10:00:02.500000', payload: {request_id: start.payload.request_id}})
  assert.deepEqual(t.observe(start, 1000), {kind: 'start'})
  assert.equal(t.stillOpen().length, 1)
  const closed = t.observe(end, 1100)
  assert.equal(closed.kind, 'closed')
  assert.equal(closed.phase, 'end')
  assert.equal(closed.durationMs, 2500)
  assert.equal(t.stillOpen().length, 0)
  assert.deepEqual(t.observe(exampleWith('dbaas.instance_restart.error'), 1200), {kind: 'unpaired', phase: 'error'})
  const late = exampleWith('dbaas.backup_create.start')
  t.observe(late, 2000)
  assert.deepEqual(t.overdue(2500, 1000), [])
  assert.equal(t.overdue(3000, 1000)[0].requestId, late.payload.request_id)
  assert.deepEqual(t.overdue(9000, 1000), [], 'flagged once')
  assert.equal(t.stillOpen().length, 1)
  assert.equal(t.observe(exampleWith('trove.instance.create'), 1), undefined, 'status events are not lifecycles')
})

test('rendering: control sequences never reach a line; --json is one parseable line per message', () => {
  const evil = exampleWith('dbaas.instance_create.start', {
    publisher_id: 'api.\u001b]0;owned\u0007host',
    payload: {name: 'db\u001b[31m1\u009b2J\r\nX\u0007', tenant_id: 'ten\u001bPdcs\u001b\\ant'},
  })
  const d = decoded(evil)
  const line = messageLine(d)
  assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/)
  assert.match(line, /name=db1 X /)
  assert.match(line, /tenant=tenant/)
  assert.match(line, /api\.host/)
  const json = jsonLine(d)
  assert.doesNotMatch(json, /[\u0000-\u001f\u007f-\u009f\n]/)
  assert.deepEqual(JSON.parse(json), evil)
  const raw = JSON.parse(rawLine(d.delivery))
  assert.equal(raw.routing_key, 'notification.info')
  assert.equal(raw.properties.content_type, 'application/json')
  assert.equal(raw.body['oslo.version'], '2.0')
})
