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
