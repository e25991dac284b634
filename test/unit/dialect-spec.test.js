// The spec dialect is what trove-notify sends today: a story run through the
// real operations (in-process world) and, for every message it published, the
// spec dialect's rendering of the same facts — taken from the operation's
// inputs and the ids the world made — must be the same message (event type,
// priority, publisher id, payload key for key and in order, context). Plus:
// every field of the catalog has its value's source, and nothing else.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {BEYOND_SPEC_OPERATIONS, DBAAS_BASE_FIELDS, OPERATIONS, findEvent} from '../../dist/events/catalog.js'
import {getDialect} from '../../dist/events/dialect/index.js'
import {SPEC_VALUES} from '../../dist/events/dialect/spec.js'
import {validatePayload} from '../../dist/events/payload.js'
import {createBackup} from '../../dist/operations/backup.js'
import {createConfiguration, updateConfiguration} from '../../dist/operations/configuration.js'
import {createDatabase} from '../../dist/operations/database.js'
import {resizeInstance, resizeVolume, restartInstance} from '../../dist/operations/instance-actions.js'
import {createInstance, deleteInstance} from '../../dist/operations/instance.js'
import {createUser, grantAccess} from '../../dist/operations/user.js'
import {world} from '../helpers/world.js'
import {OPS, render} from '../helpers/trove18-cases.js'

const spec = getDialect('spec')
const BASE = new Set(DBAAS_BASE_FIELDS.map(([n]) => n))

test('SPEC_VALUES names exactly the catalog\'s own fields of every .start and .end, for the 38 operations', () => {
  for (const op of [...OPERATIONS, ...BEYOND_SPEC_OPERATIONS]) {
    for (const phase of ['start', 'end']) {
      const own = findEvent(`dbaas.${op.name}.${phase}`).fields.map((f) => f.name).filter((n) => !BASE.has(n))
      assert.deepEqual(Object.keys(SPEC_VALUES[op.name][phase] ?? {}).sort(), [...own].sort(), `${op.name}.${phase}`)
    }
  }
})

test('every operation, every phase: the spec dialect renders a payload its catalog accepts, at the spec\'s priority and publisher', () => {
  for (const op of Object.keys(OPS)) {
    for (const kase of ['end', 'error', 'api-error']) {
      for (const m of render('spec', op, kase)) {
        const e = findEvent(m.eventType)
        assert.ok(e, m.eventType)
        assert.deepEqual(validatePayload(e, m.payload), [], `${op}#${kase} ${m.eventType}`)
        assert.equal(m.priority, e.priority)
        assert.match(m.publisherId, /^(api|taskmanager|conductor)\.10\.0\.0\.1$/)
        assert.deepEqual(Object.keys(m.context), ['user_id', 'project_id', 'request_id', 'roles', 'is_admin'])
      }
    }
  }
  // one lifecycle per item; a request refused before Trove's .start is still .start + .error in the spec
  assert.deepEqual(render('spec', 'user_create', 'end').map((m) => m.eventType),
    ['dbaas.user_create.start', 'dbaas.user_create.start', 'dbaas.user_create.end', 'dbaas.user_create.end'])
  const refused = spec.rejected({operation: 'instance_restart', phase: 'start', request: {requestId: 'req-1', tenantId: 't', userId: 'u', roles: ['member'], clientIp: '10.0.0.5', clientPort: 5, serverIp: '10.0.0.1:8779', host: 'h'},
    start: {instanceId: 'ghost'}, error: {where: 'api', message: 'Instance ghost could not be found.', exceptionClass: 'NotFound'}})
  assert.deepEqual(refused.map((m) => [m.eventType, m.priority, m.payload.server_type]), [['dbaas.instance_restart.start', 'INFO', 'api'], ['dbaas.instance_restart.error', 'ERROR', 'api']])
  assert.equal(refused[1].payload.exception.at(-1), 'trove.common.exception.NotFound: Instance ghost could not be found.\n')
})

/** The facts of the request a captured message belongs to (its random parts: request id, client port). */
function requestOf(w, m) {
  return {
    requestId: m._context_request_id, tenantId: 'tenant-a', userId: 'user-1', roles: ['member'],
    clientIp: w.settings.clientIp, clientPort: m.payload.client_ip ? Number(m.payload.client_ip.split(':')[1]) : 0,
    serverIp: w.settings.serverIp, host: w.settings.host,
  }
}

/** An instance of the world as the status notifications report it. */
function instanceOf(w, id) {
  const i = w.world.instances.get(id)
  const f = w.world.catalogue.flavor(i.flavor_id)
  return {
    id: i.id, name: i.name, tenantId: i.tenant_id, userId: i.user_id, flavorId: i.flavor_id, flavorName: f?.name ?? i.flavor_id,
    flavorRam: f?.ram ?? 0, status: i.status, novaInstanceId: i.nova_instance_id, novaVolumeId: i.nova_volume_id, volumeSize: i.volume_size,
    availabilityZone: i.availability_zone, clusterId: i.cluster_id, createdAt: i.created_at, launchedAt: i.launched_at, region: i.region,
    serviceId: w.settings.serviceIds.mysql, volumeSupport: true,
  }
}

const wire = (m) => ({eventType: m.event_type, priority: m.priority, publisherId: m.publisher_id, payload: m.payload,
  context: Object.fromEntries(Object.entries(m).filter(([k]) => k.startsWith('_context_')).map(([k, v]) => [k.slice(9), v]))})

test('the spec dialect equals what the operations publish today (a story: create, resize, restart, backup, databases, users, configurations, delete, a failure)', async () => {
  const w = world()
  const checks = []
  /** Run an operation, then render each of its messages from facts and compare. */
  const step = async (run, facts) => {
    w.reset()
    const r = await run()
    const msgs = w.messages()
    const ours = facts(r, msgs)
    assert.equal(ours.length, msgs.length, `${msgs[0]?.event_type}: ${ours.length} rendered, ${msgs.length} published`)
    msgs.forEach((m, i) => {
      assert.deepEqual(ours[i], wire(m), m.event_type)
      checks.push(m.event_type)
    })
    return r
  }
  const lc = (operation, m, phase, start, more = {}) => spec.lifecycle({operation, phase, request: requestOf(w, m), start, ...more})[0]
  const status = (operation, m, change) => spec.status({operation, request: requestOf(w, m), start: {}, change})[0]

  const created = await step(() => createInstance(w.ctx(), {name: 'db1', flavor: '2', size: 2, datastore: 'mysql', databases: ['shop'], availabilityZone: 'nova'}), (r, [s, st, e]) => {
    const start = {name: 'db1', flavorId: '2', datastore: 'mysql', datastoreVersion: '8.0', imageId: 'img', databases: ['shop'], volumeSize: 2, volumeSupport: true, availabilityZone: 'nova', regionName: 'RegionOne'}
    return [lc('instance_create', s, 'start', start), status('instance_create', st, {event: 'create', instance: instanceOf(w, r.resource.id)}),
      lc('instance_create', e, 'end', start, {end: {instanceId: r.resource.id}})]
  })
  const id = created.resource.id
  await step(() => resizeVolume(w.ctx(), 'db1', 4), (_r, [s, st, e]) => [
    lc('instance_resize_volume', s, 'start', {instanceId: id, newSize: 4}),
    status('instance_resize_volume', st, {event: 'modify_volume', instance: instanceOf(w, id), oldVolumeSize: 2, modifyAt: st.payload.modify_at}),
    lc('instance_resize_volume', e, 'end', {instanceId: id, newSize: 4}),
  ])
  await step(() => resizeInstance(w.ctx(), 'db1', '3'), (_r, [s, st, e]) => [
    lc('instance_resize_instance', s, 'start', {instanceId: id, newFlavorId: '3'}),
    status('instance_resize_instance', st, {event: 'modify_flavor', instance: instanceOf(w, id), oldInstanceSize: 2048, modifyAt: st.payload.modify_at}),
    lc('instance_resize_instance', e, 'end', {instanceId: id, newFlavorId: '3'}),
  ])
  await step(() => restartInstance(w.ctx(), id), (_r, [s, e]) => [lc('instance_restart', s, 'start', {instanceId: id}), lc('instance_restart', e, 'end', {instanceId: id})])
  await step(() => createBackup(w.ctx(), {instance: 'db1', name: 'full'}), (r, [s, e]) => {
    const start = {instanceId: id, name: 'full'}
    assert.equal(s.payload.parent_id, null, 'a full backup sends parent_id: null')
    assert.equal(s.payload.description, null, 'and description: null')
    return [lc('backup_create', s, 'start', start), lc('backup_create', e, 'end', start, {end: {backupId: r.resource.id}})]
  })
  await step(() => createDatabase(w.ctx(), {instance: 'db1', name: 'crm'}), (_r, [s, e]) => [
    lc('database_create', s, 'start', {instanceId: id, dbname: 'crm'}), lc('database_create', e, 'end', {instanceId: id, dbname: 'crm'})])
  await step(() => createUser(w.ctx(), {instance: 'db1', name: 'app', password: 'pw-Secret1'}), (_r, [s, e]) => [
    lc('user_create', s, 'start', {instanceId: id, username: 'app'}), lc('user_create', e, 'end', {instanceId: id, username: 'app'})])
  await step(() => grantAccess(w.ctx(), {instance: 'db1', name: 'app', database: 'crm'}), (_r, [s, e]) => [
    lc('user_grant', s, 'start', {instanceId: id, username: 'app', database: 'crm'}), lc('user_grant', e, 'end', {instanceId: id, username: 'app', database: 'crm'})])
  const cfg = await step(() => createConfiguration(w.ctx(), {name: 'cfg1', values: {max_connections: 200}}), (r, [s, e]) => {
    const start = {name: 'cfg1', datastore: 'mysql', datastoreVersion: '8.0'}
    return [lc('configuration_create', s, 'start', start), lc('configuration_create', e, 'end', start, {end: {configurationId: r.resource.id}})]
  })
  await step(() => updateConfiguration(w.ctx(), {configuration: cfg.resource.id, values: {max_connections: 300}, description: 'more'}), (_r, [s, e]) => {
    const start = {configurationId: cfg.resource.id, newDescription: 'more', name: 'cfg1', description: 'more'}
    assert.ok(!('name' in s.payload), 'name "if specified": left out')
    return [lc('configuration_update', s, 'start', start), lc('configuration_update', e, 'end', start)]
  })
  await step(() => createInstance(w.ctx(), {name: 'db2', flavor: '99', datastore: 'mysql'}), (_r, [s, e]) => {
    const start = {name: 'db2', flavorId: '99', datastore: 'mysql', datastoreVersion: '8.0', imageId: 'img', volumeSupport: true, regionName: 'RegionOne'}
    assert.equal(e.payload.instance_id, null, 'failed before an id: instance_id null')
    return [lc('instance_create', s, 'start', start),
      lc('instance_create', e, 'error', start, {error: {where: 'api', message: e.payload.message, exceptionClass: e.payload.exception.at(-1).split(':')[0].split('.').at(-1)}})]
  })
  await step(() => deleteInstance(w.ctx(), id), (_r, [s, st, e]) => [
    lc('instance_delete', s, 'start', {instanceId: id}),
    status('instance_delete', st, {event: 'delete', instance: instanceOf(w, id), deletedAt: st.payload.deleted_at}),
    lc('instance_delete', e, 'end', {instanceId: id}),
  ])
  assert.equal(checks.length, 28)
})
