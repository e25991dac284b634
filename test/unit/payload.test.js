import assert from 'node:assert/strict'
import {test} from 'node:test'
import {findEvent} from '../../dist/events/catalog.js'
import {assertPayload, validatePayload} from '../../dist/events/payload.js'

const base = {tenant_id: 't', client_ip: '10.0.0.5:51234', server_ip: '10.0.0.1:8779', server_type: 'api', request_id: 'req-3f1e0a2b-1c2d-4e5f-8a9b-0c1d2e3f4a5b'}

test('a complete payload is valid', () => {
  assert.deepEqual(validatePayload(findEvent('dbaas.instance_restart.start'), {...base, instance_id: 'i'}), [])
})

test('missing required fields are named', () => {
  const v = validatePayload(findEvent('dbaas.instance_create.start'), {...base, name: 'db1'})
  assert.deepEqual(v.map((x) => x.field).sort(), ['datastore', 'datastore_version', 'flavor'])
  assert.ok(v.every((x) => x.problem === 'required field is missing'))
})

test('optional fields may be absent, but must have the right type when present', () => {
  const spec = findEvent('dbaas.instance_create.start')
  const ok = {...base, name: 'db1', flavor: '2', datastore: 'mysql', datastore_version: '8.0'}
  assert.deepEqual(validatePayload(spec, ok), [])
  assert.deepEqual(validatePayload(spec, {...ok, volume_size: '2'}).map((v) => v.field), ['volume_size'])
})

test('base field formats: ip:port, req-<uuid>, server_type, traceback list', () => {
  const spec = findEvent('dbaas.instance_restart.error')
  const bad = validatePayload(spec, {tenant_id: 't', client_ip: '10.0.0.5', server_ip: '10.0.0.1:8779', server_type: 'taskmanager', request_id: 'abc', message: 'm', exception: 'trace'})
  assert.deepEqual(bad.map((v) => v.field).sort(), ['client_ip', 'exception', 'request_id', 'server_type'])
})

test('status timestamps must be ISO 8601 with Z', () => {
  const spec = findEvent('trove.instance.delete')
  const v = validatePayload(spec, {deleted_at: '2026-11-24 10:00:00'})
  assert.ok(v.some((x) => x.field === 'deleted_at' && /ISO 8601/.test(x.problem)))
})

test('assertPayload refuses a bad payload before anything is published (a bug)', () => {
  assert.throws(() => assertPayload('dbaas.instance_restart.start', {...base}), /bug: dbaas.instance_restart.start payload refused: instance_id/)
  assert.throws(() => assertPayload('dbaas.nonsense.start', {}), /not in the catalog/)
})

test('a field the spec lists without "(if specified)" is always present: null where nullable, missing otherwise', () => {
  const spec = findEvent('dbaas.backup_create.start')
  const full = {...base, name: 'b1', instance_id: 'i1', description: null, parent_id: null}
  assert.deepEqual(validatePayload(spec, full), [])
  const {parent_id: _p, ...withoutParent} = full
  assert.deepEqual(validatePayload(spec, withoutParent), [{field: 'parent_id', problem: 'required field is missing'}])
  assert.deepEqual(validatePayload(spec, {...full, name: null}), [{field: 'name', problem: 'required field is null'}])
  // optional ("(if specified)") fields are absent when not given; null is not a value for them
  const create = findEvent('dbaas.instance_create.start')
  const ok = {...base, name: 'db1', flavor: '2', datastore: 'mysql', datastore_version: '8.0'}
  assert.match(validatePayload(create, {...ok, volume_size: null})[0].problem, /an integer or absent, got null/)
})

test('settle: required fields without a value become null in place, optional ones are left out', async () => {
  const {settle} = await import('../../dist/events/payload.js')
  const spec = findEvent('dbaas.backup_create.start')
  const out = settle(spec, {...base, name: 'b1', instance_id: 'i1', description: undefined, parent_id: undefined})
  assert.deepEqual(Object.entries(out).slice(5), [['name', 'b1'], ['instance_id', 'i1'], ['description', null], ['parent_id', null]])
  const error = settle(findEvent('dbaas.instance_create.error'), {...base, message: 'm', exception: ['x']})
  assert.deepEqual(Object.keys(error).slice(5), ['instance_id', 'message', 'exception'], 'a missing nullable field goes where the catalog has it')
  assert.equal(error.instance_id, null)
  const create = settle(findEvent('dbaas.instance_create.start'), {...base, name: 'db1', flavor: '2', datastore: 'mysql', datastore_version: '8.0', volume_size: undefined})
  assert.ok(!('volume_size' in create))
  const same = {...base, instance_id: 'i'}
  assert.equal(settle(findEvent('dbaas.instance_restart.start'), same), same, 'nothing to settle: the payload itself')
})

test('the trove-18 catalog checks Trove 18\'s own shapes', async () => {
  const {findEventIn} = await import('../../dist/events/catalogs.js')
  const spec = findEventIn('trove-18', 'dbaas.instance_restart.error')
  const trove = {request_id: base.request_id, server_type: 'taskmanager', client_ip: '10.0.0.5', server_ip: '10.0.0.1:8779', tenant_id: 't', instance_id: 'i', message: 'm', exception: ['x']}
  assert.deepEqual(validatePayload(spec, trove), [])
  assert.deepEqual(validatePayload(spec, {...trove, server_type: 'task', client_ip: '10.0.0.5:1'}).map((v) => v.field).sort(), ['client_ip', 'server_type'])
  assert.throws(() => assertPayload('dbaas.quotas', {}, 'trove-18'), /not in the catalog \(trove-18 dialect\)/)
})
