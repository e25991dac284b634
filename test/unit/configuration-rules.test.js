// Configuration groups and attaching them, in-process against a :memory:
// world: the per-datastore parameter rules, update (replace) vs edit (merge),
// restart_required, one group per instance, and state untouched on refusal.
import assert from 'node:assert/strict'
import {after, before, describe, test} from 'node:test'
import {createInstance} from '../../dist/operations/instance.js'
import {
  attachConfiguration, createConfiguration, deleteConfiguration, detachConfiguration, editConfiguration, updateConfiguration,
} from '../../dist/operations/configuration.js'
import {findConfiguration} from '../../dist/operations/resolve.js'
import {validateValues} from '../../dist/operations/configuration-parameters.js'
import {TroveError} from '../../dist/operations/errors.js'
import {eachBackend, expectSent, refused} from '../helpers/world.js'

eachBackend(({world}) => {
  let w
  const ids = {}

  before(async () => {
    w = world()
    for (const [name, datastore, datastoreVersion] of [['db1', 'mysql', '8.0'], ['old', 'mysql', '5.7.29'], ['pg', 'postgresql', '16'], ['busy', 'mysql', '8.0']]) {
      const r = await createInstance(w.ctx(), {name, flavor: '2', datastore, datastoreVersion})
      assert.equal(r.outcome, 'end', r.error)
      ids[name] = r.resource.id
    }
    w.world.instances.update(ids.busy, {status: 'ACTIVE', task: 'RESIZING'})
    w.reset()
  })
  after(() => w.world.close())

  /** The one lifecycle sent since the last reset ended in the API: {start, end}. */
  function endedInApi(operation) {
    const [lc] = expectSent(w, [{operation, outcome: 'end', endedBy: 'api'}])
    w.reset()
    return lc
  }

  const TENANT = 'tenant-a'
  const values = (ref) => JSON.parse(findConfiguration(w.world, TENANT, ref).values_json)
  const instance = (name) => w.world.instances.get(ids[name])

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
      assert.equal(findConfiguration(w.world, TENANT, 'tuned').description, 'first')
      await refused(w, (ctx) => createConfiguration(ctx, {name: 'x', values: {}, datastore: 'oracle'}), /'oracle' cannot be found/, 'DatastoreNotFound', {operation: 'configuration_create'})
      await refused(w, (ctx) => createConfiguration(ctx, {name: 'x', values: {}, datastore: 'mysql', datastoreVersion: '9.9'}), /'9.9'/, 'DatastoreVersionNotFound', {operation: 'configuration_create'})
      await refused(w, (ctx) => createConfiguration(ctx, {name: 'x', values: {max_connections: 'many'}}), /max_connections is not of type integer/, 'UnprocessableEntity', {operation: 'configuration_create'})
      await refused(w, (ctx) => createConfiguration(ctx, {name: 'x', values: {}, datastore: 'mongodb'}), /not supported for datastore mongodb/, undefined, {operation: 'configuration_create'})
      await refused(w, (ctx) => createConfiguration(ctx, {name: '  ', values: {}}), /needs a name/, undefined, {operation: 'configuration_create'})
    })

    test('update replaces the values (name, description in .start when given); edit merges them', async () => {
      w.reset()
      const r = await updateConfiguration(w.ctx(), {configuration: 'tuned', values: {wait_timeout: 60}, name: 'tuned2', description: 'second'})
      assert.equal(r.outcome, 'end', r.error)
      const id = r.resource.id
      let lc = endedInApi('configuration_update')
      assert.deepEqual([lc.start.payload.configuration_id, lc.start.payload.name, lc.start.payload.description], [id, 'tuned2', 'second'])
      assert.deepEqual(values(id), {wait_timeout: 60})
      assert.equal(findConfiguration(w.world, TENANT, id).name, 'tuned2')

      await updateConfiguration(w.ctx(), {configuration: id, values: {wait_timeout: 61}})
      lc = endedInApi('configuration_update')
      assert.deepEqual(Object.keys(lc.start.payload).filter((k) => ['name', 'description'].includes(k)), [], 'name/description absent when not given')
      assert.equal(findConfiguration(w.world, TENANT, id).description, 'second')

      assert.equal((await editConfiguration(w.ctx(), 'tuned2', {max_connections: 300})).outcome, 'end')
      lc = endedInApi('configuration_edit')
      assert.equal(lc.start.payload.configuration_id, id)
      assert.deepEqual(values(id), {wait_timeout: 61, max_connections: 300})

      await refused(w, (ctx) => editConfiguration(ctx, 'tuned2', {nope: 1}), /parameter nope is not supported/, undefined, {operation: 'configuration_edit'})
      await refused(w, (ctx) => updateConfiguration(ctx, {configuration: 'tuned2', values: {wait_timeout: -5}}), /wait_timeout is less than the minimum/, undefined, {operation: 'configuration_update'})
      await refused(w, (ctx) => updateConfiguration(ctx, {configuration: 'ghost', values: {}}), /ghost could not be found/, 'ConfigurationNotFound', {operation: 'configuration_update'})
    })

    test('attach: one group per instance, same datastore and version, instance ACTIVE; then restart required', async () => {
      await createConfiguration(w.ctx(), {name: 'old57', values: {}, datastore: 'mysql', datastoreVersion: '5.7.29'})
      await createConfiguration(w.ctx(), {name: 'pgconf', values: {work_mem: '8MB'}, datastore: 'postgresql'})
      await refused(w, (ctx) => attachConfiguration(ctx, 'db1', 'old57'), /is for mysql 5.7.29, but instance db1 runs mysql 8.0/, 'BadRequest', {operation: 'instance_attach_configuration'})
      await refused(w, (ctx) => attachConfiguration(ctx, 'db1', 'pgconf'), /is for postgresql 16/, undefined, {operation: 'instance_attach_configuration'})
      await refused(w, (ctx) => attachConfiguration(ctx, 'busy', 'tuned2'), /not currently available/, 'UnprocessableEntity', {operation: 'instance_attach_configuration'})
      await refused(w, (ctx) => attachConfiguration(ctx, 'db1', 'ghost'), /ghost/, 'ConfigurationNotFound', {operation: 'instance_attach_configuration'})
      await refused(w, (ctx) => attachConfiguration(ctx, 'nobody', 'tuned2'), /Instance nobody/, 'NotFound', {operation: 'instance_attach_configuration'})

      w.reset()
      const r = await attachConfiguration(w.ctx(), 'db1', 'tuned2')
      assert.equal(r.outcome, 'end', r.error)
      const cfg = findConfiguration(w.world, TENANT, 'tuned2')
      const lc = endedInApi('instance_attach_configuration')
      assert.deepEqual([lc.start.payload.instance_id, lc.start.payload.configuration_id], [ids.db1, cfg.id])
      assert.equal(instance('db1').configuration_id, cfg.id)
      assert.equal(instance('db1').restart_required, 1)
      assert.equal((await attachConfiguration(w.ctx(), 'old', 'old57')).outcome, 'end')

      await refused(w, (ctx) => attachConfiguration(ctx, 'db1', 'tuned2'), /already has a configuration group attached/, undefined, {operation: 'instance_attach_configuration'})
      await refused(w, (ctx) => deleteConfiguration(ctx, 'tuned2'), /is attached to db1/, 'BadRequest', {operation: 'configuration_delete'})
    })

    test('changing a non-dynamic parameter of a group in use: its instances need a restart; a dynamic one does not', async () => {
      w.world.instances.update(ids.db1, {restart_required: 0}) // as after a restart
      await editConfiguration(w.ctx(), 'tuned2', {max_connections: 400}) // dynamic
      assert.equal(instance('db1').restart_required, 0)
      await editConfiguration(w.ctx(), 'tuned2', {innodb_buffer_pool_size: 268435456}) // restart_required in Trove's rules
      assert.equal(instance('db1').restart_required, 1)
      // ...and a failure undoes it
      w.world.instances.update(ids.db1, {restart_required: 0})
      await refused(w, () => editConfiguration(w.ctx({fail: 'db down'}), 'tuned2', {innodb_log_file_size: 1073741824}), /db down/, 'TroveError', {operation: 'configuration_edit'})
      assert.equal(instance('db1').restart_required, 0)
      w.reset()
    })

    test('detach: needs a group; then restart required; then the group can be deleted', async () => {
      await refused(w, (ctx) => detachConfiguration(ctx, 'pg'), /has no configuration group attached/, 'BadRequest', {operation: 'instance_detach_configuration'})
      await refused(w, () => detachConfiguration(w.ctx({fail: 'api crashed'}), 'db1'), /api crashed/, undefined, {operation: 'instance_detach_configuration'})
      w.reset()
      const r = await detachConfiguration(w.ctx(), 'db1')
      assert.equal(r.outcome, 'end', r.error)
      assert.equal(endedInApi('instance_detach_configuration').start.payload.instance_id, ids.db1)
      assert.equal(instance('db1').configuration_id, null)
      assert.equal(instance('db1').restart_required, 1)

      await refused(w, () => deleteConfiguration(w.ctx({fail: 'nope'}), 'tuned2'), /nope/, undefined, {operation: 'configuration_delete'})
      const id = findConfiguration(w.world, TENANT, 'tuned2').id
      w.reset()
      assert.equal((await deleteConfiguration(w.ctx(), 'tuned2')).outcome, 'end')
      assert.equal(endedInApi('configuration_delete').start.payload.configuration_id, id)
      assert.throws(() => findConfiguration(w.world, TENANT, id), /could not be found/)
      await refused(w, (ctx) => deleteConfiguration(ctx, id), /could not be found/, 'ConfigurationNotFound', {operation: 'configuration_delete'})
    })

    test('groups are found by id or name within the tenant; a shared name is ambiguous', async () => {
      await createConfiguration(w.ctx(), {name: 'twin', values: {}})
      await createConfiguration(w.ctx(), {name: 'twin', values: {}})
      await refused(w, (ctx) => deleteConfiguration(ctx, 'twin'), /Multiple configuration groups are named twin/, 'BadRequest', {operation: 'configuration_delete'})
      const other = w.ctx({caller: {tenantId: 'another-tenant', userId: 'u'}})
      w.reset()
      const r = await deleteConfiguration(other, 'old57')
      assert.equal(r.error_class, 'ConfigurationNotFound')
      w.reset()
    })

    test('create rolled back when it fails', async () => {
      await refused(w, () => createConfiguration(w.ctx({fail: 'db error'}), {name: 'lost', values: {}}), /db error/, undefined, {operation: 'configuration_create'})
    })
  })
})
