// Trove's rules for instance create/delete, in-process: each broken rule is
// .start then .error (ERROR priority, message, traceback, instance_id where
// known) and leaves the world exactly as it was.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {createInstance, deleteInstance} from '../../dist/operations/instance.js'
import {gatedClock} from '../helpers/clock.js'
import {eachBackend, expectError, usage} from '../helpers/world.js'

eachBackend(({world}) => {
  test('create: start (api) → trove.instance.create → end (task) with instance_id; quota committed', async () => {
    const w = world()
    const r = await createInstance(w.ctx(), {name: 'db1', flavor: '2', size: 2, datastore: 'mysql'})
    assert.equal(r.outcome, 'end')
    assert.deepEqual(w.events(), ['dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end'])
    const [start, status, end] = w.messages()
    assert.equal(start.payload.server_type, 'api')
    assert.equal(start.publisher_id.split('.')[0], 'api')
    assert.deepEqual([start.payload.name, start.payload.flavor, start.payload.datastore, start.payload.datastore_version, start.payload.volume_size], ['db1', '2', 'mysql', '8.0', 2])
    assert.equal(end.payload.server_type, 'task')
    assert.equal(end.publisher_id.split('.')[0], 'taskmanager')
    assert.equal(end.payload.instance_id, r.resource.id)
    assert.equal(status.payload.instance_id, r.resource.id)
    assert.equal(status.payload.resource_id, r.resource.id)
    assert.equal(status.payload.instance_type, 'm1.small')
    assert.equal(status.payload.instance_size, 2048)
    assert.equal(status.payload.service_id, '2f3ff068-2bfb-4f70-9a9d-a6bb65bc084b')
    assert.equal(status.payload.state, 'ACTIVE')
    assert.equal(status.payload.cluster_id, null, 'not in a cluster: cluster_id present and null (the spec lists it)')
    assert.equal(usage(w, 'instances').in_use, 1)
    assert.equal(usage(w, 'volumes').in_use, 2)
    assert.equal(usage(w, 'volumes').reserved, 0)
  })

  test('create: unknown flavor, datastore, version → .error, nothing changed', async () => {
    const w = world()
    await expectError(w, () => createInstance(w.ctx(), {name: 'x', flavor: '99'}), /Resource 99 cannot be found/, 'FlavorNotFound')
    await expectError(w, () => createInstance(w.ctx(), {name: 'x', flavor: '2', datastore: 'oracle'}), /Datastore 'oracle'/, 'DatastoreNotFound')
    await expectError(w, () => createInstance(w.ctx(), {name: 'x', flavor: '2', datastore: 'mysql', datastoreVersion: '3.1'}), /version '3.1'/, 'DatastoreVersionNotFound')
  })

  test('create: volume size ≤ 0 or above max_accepted_volume_size → .error', async () => {
    const w = world()
    await expectError(w, () => createInstance(w.ctx(), {name: 'x', flavor: '2', size: 0}), /greater than 0/, 'BadRequest')
    await expectError(w, () => createInstance(w.ctx(), {name: 'x', flavor: '2', size: -3}), /greater than 0/, 'BadRequest')
    await expectError(w, () => createInstance(w.ctx(), {name: 'x', flavor: '2', size: 11}), /max_accepted_volume_size/, 'BadRequest')
  })

  test('create: instances and volumes quotas, naming the resource', async () => {
    const w = world()
    w.world.quotas.setLimit('tenant-a', 'instances', 1)
    assert.equal((await createInstance(w.ctx(), {name: 'a', flavor: '1', size: 1})).outcome, 'end')
    await expectError(w, () => createInstance(w.ctx(), {name: 'b', flavor: '1', size: 1}), /Quota exceeded for resources: \['instances'\]/, 'QuotaExceeded')
    w.world.quotas.setLimit('tenant-a', 'instances', 10)
    w.world.quotas.setLimit('tenant-a', 'volumes', 5)
    await expectError(w, () => createInstance(w.ctx(), {name: 'b', flavor: '1', size: 5}), /\['volumes'\]/, 'QuotaExceeded')
    // another tenant is not affected
    assert.equal((await createInstance(w.ctx({caller: {tenantId: 'tenant-b', userId: 'u'}}), {name: 'b', flavor: '1', size: 5})).outcome, 'end')
  })

  test('--fail: the taskmanager fails; .error from task with instance_id; instance and reservation gone', async () => {
    const w = world()
    const before = w.snapshot()
    const r = await createInstance(w.ctx({fail: 'nova: no valid host'}), {name: 'x', flavor: '2', size: 1})
    assert.equal(r.outcome, 'error')
    const err = w.messages().at(-1)
    assert.equal(err.event_type, 'dbaas.instance_create.error')
    assert.equal(err.payload.server_type, 'task')
    assert.equal(err.payload.message, 'nova: no valid host')
    assert.match(err.payload.instance_id, /^[0-9a-f-]{36}$/)
    assert.deepEqual(w.snapshot().instances, before.instances)
    assert.equal(usage(w, 'instances').reserved, 0)
  })

  test('delete: unknown, ambiguous, still building → .error; success frees quota', async () => {
    const w = world()
    await expectError(w, () => deleteInstance(w.ctx(), 'nope'), /Instance nope could not be found/, 'NotFound')
    await createInstance(w.ctx(), {name: 'twin', flavor: '1', size: 1})
    await createInstance(w.ctx(), {name: 'twin', flavor: '1', size: 1})
    await expectError(w, () => deleteInstance(w.ctx(), 'twin'), /Multiple instances are named twin/, 'BadRequest')
    assert.equal((await createInstance(w.ctx(), {name: 'slow', flavor: '1', size: 1})).outcome, 'end')
    const gate = gatedClock()
    const pending = createInstance(w.ctx({delay: 1, clock: gate.clock}), {name: 'slow2', flavor: '1', size: 1})
    await gate.sleeping() // the taskmanager is building it
    await expectError(w, () => deleteInstance(w.ctx(), 'slow2'), /still building/, 'UnprocessableEntity')
    gate.release()
    await pending
    w.reset()
    const id = w.world.instances.byRef('slow2')[0].id
    const r = await deleteInstance(w.ctx(), id)
    assert.equal(r.outcome, 'end')
    assert.deepEqual(w.events(), ['dbaas.instance_delete.start', 'trove.instance.delete', 'dbaas.instance_delete.end'])
    const status = w.messages()[1]
    assert.match(status.payload.deleted_at, /Z$/)
    assert.equal(w.messages()[2].payload.server_type, 'task')
    assert.equal(usage(w, 'instances').in_use, 3)
  })

  test('another tenant cannot see or delete the instance', async () => {
    const w = world()
    await createInstance(w.ctx(), {name: 'mine', flavor: '1', size: 1})
    await expectError(w, () => deleteInstance(w.ctx({caller: {tenantId: 'other', userId: 'u'}}), 'mine'), /could not be found/)
  })
})
