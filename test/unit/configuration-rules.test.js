// Configuration groups and attaching them, in-process against a :memory:
// world: the per-datastore parameter rules, update (replace) vs edit (merge),
// restart_required, one group per instance, and state untouched on refusal.
import assert from 'node:assert/strict'
import {after, before, describe, test} from 'node:test'
import {createInstance} from '../../dist/operations/instance.js'
import {
  attachConfiguration, createConfiguration, deleteConfiguration, detachConfiguration, editConfiguration, findConfiguration,
  updateConfiguration,
} from '../../dist/operations/configuration.js'
import {validateValues} from '../../dist/operations/configuration-parameters.js'
import {TroveError} from '../../dist/operations/errors.js'
import {expectError, expectSent, world} from '../helpers/world.js'

let w
const ids = {}

before(async () => {
  w = world()
  for (const [name, datastore, datastoreVersion] of [['db1', 'mysql', '8.0'], ['old', 'mysql', '5.7.29'], ['pg', 'postgresql', '16'], ['busy', 'mysql', '8.0']]) {
    const r = await createInstance(w.ctx(), {name, flavor: '2', datastore, datastoreVersion})
    assert.equal(r.outcome, 'end', r.error)
    ids[name] = r.resource.id
  }
  w.store.updateInstance(ids.busy, {status: 'ACTIVE', task: 'RESIZING'})
  w.reset()
})
after(() => w.store.close())

/** An operation the API refuses: .start then .error from the api, every table as it was, both messages right by the catalog. */
async function refused(run, {operation, cls, message}) {
  await expectError(w, () => run(w.ctx()), message, cls)
  expectSent(w, [{operation, outcome: 'error', endedBy: 'api'}])
  w.reset()
}

/** The one lifecycle sent since the last reset ended in the API: {start, end}. */
function endedInApi(operation) {
  const [lc] = expectSent(w, [{operation, outcome: 'end', endedBy: 'api'}])
  w.reset()
  return lc
}

const TENANT = 'tenant-a'
const values = (ref) => JSON.parse(findConfiguration(w.store, TENANT, ref).values_json)
const instance = (name) => w.store.instance(ids[name])

describe('parameter rules (per datastore family)', () => {
  const bad = (manager, vals, message) => assert.throws(() => validateValues(manager, manager, 'v', vals), (err) => {
    assert.ok(err instanceof TroveError)
    assert.equal(err.troveClass, 'UnprocessableEntity')
    assert.match(err.message, message)
    return true
  })

  test('known parameters of the right type pass, for each family', () => {
    validateValues('mysql', 'mysql', '8.0', {max_connections: 200, innodb_buffer_pool_size: 134217728, character_set_server: 'utf8mb4', performance_schema: true, long_query_time: 0.5})
    validateValues('mariadb', 'mariadb', '10.11', {wait_timeout: 60})
    validateValues('postgresql', 'postgresql', '16', {max_connections: 100, shared_buffers: '256MB', autovacuum: false, random_page_cost: 1.1})
    validateValues('redis', 'redis', '7.0', {'maxmemory-policy': 'allkeys-lru', 'timeout': 0})
    validateValues('cassandra', 'cassandra', '4.0', {num_tokens: 16})
  })

  test('unknown parameter, wrong type, out of bounds: an error naming the parameter', () => {
    bad('mysql', {max_connection: 1}, /configuration parameter max_connection is not supported for this datastore: mysql v/)
    bad('mysql', {max_connections: '200'}, /parameter max_connections is not of type integer/)
    bad('mysql', {max_connections: 2.5}, /max_connections is not of type integer/)
    bad('mysql', {character_set_server: 8}, /character_set_server is not of type string/)
    bad('mysql', {performance_schema: 1}, /performance_schema is not of type boolean/)
    bad('mysql', {long_query_time: 'slow'}, /long_query_time is not of type float/)
    bad('mysql', {max_connections: 0}, /max_connections is less than the minimum allowed: 1/)
    bad('mysql', {autocommit: 2}, /autocommit is greater than the maximum allowed: 1/)
    bad('postgresql', {innodb_buffer_pool_size: 1}, /innodb_buffer_pool_size is not supported for this datastore: postgresql/)
    bad('postgresql', {shared_buffers: 128}, /shared_buffers is not of type string/)
    bad('mongodb', {anything: 1}, /Configuration groups are not supported for datastore mongodb/)
  })
})

describe('configuration lifecycles', () => {
  test('create: datastore and version default, checked; .end carries configuration_id', async () => {
    w.reset()
    const r = await createConfiguration(w.ctx(), {name: 'tuned', values: {max_connections: 200}, description: 'first'})
    assert.equal(r.outcome, 'end', r.error)
    const lc = endedInApi('configuration_create')
    assert.deepEqual([lc.start.payload.name, lc.start.payload.datastore, lc.start.payload.datastore_version], ['tuned', 'mysql', '8.0'])
    assert.equal(lc.end.payload.configuration_id, r.resource.id)
    assert.equal(findConfiguration(w.store, TENANT, 'tuned').description, 'first')
    await refused((ctx) => createConfiguration(ctx, {name: 'x', values: {}, datastore: 'oracle'}), {operation: 'configuration_create', cls: 'DatastoreNotFound', message: /'oracle' cannot be found/})
    await refused((ctx) => createConfiguration(ctx, {name: 'x', values: {}, datastore: 'mysql', datastoreVersion: '9.9'}), {operation: 'configuration_create', cls: 'DatastoreVersionNotFound', message: /'9.9'/})
    await refused((ctx) => createConfiguration(ctx, {name: 'x', values: {max_connections: 'many'}}), {operation: 'configuration_create', cls: 'UnprocessableEntity', message: /max_connections is not of type integer/})
    await refused((ctx) => createConfiguration(ctx, {name: 'x', values: {}, datastore: 'mongodb'}), {operation: 'configuration_create', message: /not supported for datastore mongodb/})
    await refused((ctx) => createConfiguration(ctx, {name: '  ', values: {}}), {operation: 'configuration_create', message: /needs a name/})
  })

  test('update replaces the values (name, description in .start when given); edit merges them', async () => {
    w.reset()
    const r = await updateConfiguration(w.ctx(), {configuration: 'tuned', values: {wait_timeout: 60}, name: 'tuned2', description: 'second'})
    assert.equal(r.outcome, 'end', r.error)
    const id = r.resource.id
    let lc = endedInApi('configuration_update')
    assert.deepEqual([lc.start.payload.configuration_id, lc.start.payload.name, lc.start.payload.description], [id, 'tuned2', 'second'])
    assert.deepEqual(values(id), {wait_timeout: 60})
    assert.equal(findConfiguration(w.store, TENANT, id).name, 'tuned2')

    await updateConfiguration(w.ctx(), {configuration: id, values: {wait_timeout: 61}})
    lc = endedInApi('configuration_update')
    assert.deepEqual(Object.keys(lc.start.payload).filter((k) => ['name', 'description'].includes(k)), [], 'name/description absent when not given')
    assert.equal(findConfiguration(w.store, TENANT, id).description, 'second')

    assert.equal((await editConfiguration(w.ctx(), 'tuned2', {max_connections: 300})).outcome, 'end')
    lc = endedInApi('configuration_edit')
    assert.equal(lc.start.payload.configuration_id, id)
    assert.deepEqual(values(id), {wait_timeout: 61, max_connections: 300})

    await refused((ctx) => editConfiguration(ctx, 'tuned2', {nope: 1}), {operation: 'configuration_edit', message: /parameter nope is not supported/})
    await refused((ctx) => updateConfiguration(ctx, {configuration: 'tuned2', values: {wait_timeout: -5}}), {operation: 'configuration_update', message: /wait_timeout is less than the minimum/})
    await refused((ctx) => updateConfiguration(ctx, {configuration: 'ghost', values: {}}), {operation: 'configuration_update', cls: 'ConfigurationNotFound', message: /ghost could not be found/})
  })

  test('attach: one group per instance, same datastore and version, instance ACTIVE; then restart required', async () => {
    await createConfiguration(w.ctx(), {name: 'old57', values: {}, datastore: 'mysql', datastoreVersion: '5.7.29'})
    await createConfiguration(w.ctx(), {name: 'pgconf', values: {work_mem: '8MB'}, datastore: 'postgresql'})
    await refused((ctx) => attachConfiguration(ctx, 'db1', 'old57'), {operation: 'instance_attach_configuration', cls: 'BadRequest', message: /is for mysql 5.7.29, but instance db1 runs mysql 8.0/})
    await refused((ctx) => attachConfiguration(ctx, 'db1', 'pgconf'), {operation: 'instance_attach_configuration', message: /is for postgresql 16/})
    await refused((ctx) => attachConfiguration(ctx, 'busy', 'tuned2'), {operation: 'instance_attach_configuration', cls: 'UnprocessableEntity', message: /not currently available/})
    await refused((ctx) => attachConfiguration(ctx, 'db1', 'ghost'), {operation: 'instance_attach_configuration', cls: 'ConfigurationNotFound', message: /ghost/})
    await refused((ctx) => attachConfiguration(ctx, 'nobody', 'tuned2'), {operation: 'instance_attach_configuration', cls: 'NotFound', message: /Instance nobody/})

    w.reset()
    const r = await attachConfiguration(w.ctx(), 'db1', 'tuned2')
    assert.equal(r.outcome, 'end', r.error)
    const cfg = findConfiguration(w.store, TENANT, 'tuned2')
    const lc = endedInApi('instance_attach_configuration')
    assert.deepEqual([lc.start.payload.instance_id, lc.start.payload.configuration_id], [ids.db1, cfg.id])
    assert.equal(instance('db1').configuration_id, cfg.id)
    assert.equal(instance('db1').restart_required, 1)
    assert.equal((await attachConfiguration(w.ctx(), 'old', 'old57')).outcome, 'end')

    await refused((ctx) => attachConfiguration(ctx, 'db1', 'tuned2'), {operation: 'instance_attach_configuration', message: /already has a configuration group attached/})
    await refused((ctx) => deleteConfiguration(ctx, 'tuned2'), {operation: 'configuration_delete', cls: 'BadRequest', message: /is attached to db1/})
  })

  test('changing a non-dynamic parameter of a group in use: its instances need a restart; a dynamic one does not', async () => {
    w.store.updateInstance(ids.db1, {restart_required: 0}) // as after a restart
    await editConfiguration(w.ctx(), 'tuned2', {max_connections: 400}) // dynamic
    assert.equal(instance('db1').restart_required, 0)
    await editConfiguration(w.ctx(), 'tuned2', {innodb_buffer_pool_size: 268435456}) // restart_required in Trove's rules
    assert.equal(instance('db1').restart_required, 1)
    // ...and a failure undoes it
    w.store.updateInstance(ids.db1, {restart_required: 0})
    await refused(() => editConfiguration(w.ctx({fail: 'db down'}), 'tuned2', {innodb_log_file_size: 1073741824}), {operation: 'configuration_edit', cls: 'TroveError', message: /db down/})
    assert.equal(instance('db1').restart_required, 0)
    w.reset()
  })

  test('detach: needs a group; then restart required; then the group can be deleted', async () => {
    await refused((ctx) => detachConfiguration(ctx, 'pg'), {operation: 'instance_detach_configuration', cls: 'BadRequest', message: /has no configuration group attached/})
    await refused(() => detachConfiguration(w.ctx({fail: 'api crashed'}), 'db1'), {operation: 'instance_detach_configuration', message: /api crashed/})
    w.reset()
    const r = await detachConfiguration(w.ctx(), 'db1')
    assert.equal(r.outcome, 'end', r.error)
    assert.equal(endedInApi('instance_detach_configuration').start.payload.instance_id, ids.db1)
    assert.equal(instance('db1').configuration_id, null)
    assert.equal(instance('db1').restart_required, 1)

    await refused(() => deleteConfiguration(w.ctx({fail: 'nope'}), 'tuned2'), {operation: 'configuration_delete', message: /nope/})
    const id = findConfiguration(w.store, TENANT, 'tuned2').id
    w.reset()
    assert.equal((await deleteConfiguration(w.ctx(), 'tuned2')).outcome, 'end')
    assert.equal(endedInApi('configuration_delete').start.payload.configuration_id, id)
    assert.throws(() => findConfiguration(w.store, TENANT, id), /could not be found/)
    await refused((ctx) => deleteConfiguration(ctx, id), {operation: 'configuration_delete', cls: 'ConfigurationNotFound', message: /could not be found/})
  })

  test('groups are found by id or name within the tenant; a shared name is ambiguous', async () => {
    await createConfiguration(w.ctx(), {name: 'twin', values: {}})
    await createConfiguration(w.ctx(), {name: 'twin', values: {}})
    await refused((ctx) => deleteConfiguration(ctx, 'twin'), {operation: 'configuration_delete', cls: 'BadRequest', message: /Multiple configuration groups are named twin/})
    const other = w.ctx({caller: {tenantId: 'another-tenant', userId: 'u'}})
    w.reset()
    const r = await deleteConfiguration(other, 'old57')
    assert.equal(r.error_class, 'ConfigurationNotFound')
    w.reset()
  })

  test('create rolled back when it fails', async () => {
    await refused(() => createConfiguration(w.ctx({fail: 'db error'}), {name: 'lost', values: {}}), {operation: 'configuration_create', message: /db error/})
  })
})
