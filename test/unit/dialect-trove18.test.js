// The trove-18 dialect, per event and per quirk, without Python (the
// comparison with Trove 18's own classes is test/interop/trove18-dialect.test.js):
// every rendering passes the trove-18 catalog; the message counts and names
// Trove 18 has; its publisher ids, client_ip, context, exists window, quota.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {findEventIn} from '../../dist/events/catalogs.js'
import {getDialect} from '../../dist/events/dialect/index.js'
import {validatePayload} from '../../dist/events/payload.js'
import {troveHost} from '../../dist/events/trove18/status.js'
import {CID, IID, IID2, OPS, existsRun, instanceFacts, render, request} from '../helpers/trove18-cases.js'

const t18 = getDialect('trove-18')
const types = (list) => list.map((m) => m.eventType)

test('every operation, every case: each message is INFO, in the trove-18 catalog, and its payload valid there', () => {
  for (const op of Object.keys(OPS)) {
    for (const kase of ['end', 'error', 'api-error']) {
      for (const m of render('trove-18', op, kase)) {
        const e = findEventIn('trove-18', m.eventType)
        assert.ok(e, `${op}#${kase}: ${m.eventType}`)
        assert.equal(m.priority, 'INFO')
        assert.deepEqual(validatePayload(e, m.payload), [], `${op}#${kase} ${m.eventType}`)
      }
    }
  }
})

test('names as Trove 18 has them: promote and eject swapped, add_shard as cluster_grow, no modify_volume', () => {
  assert.deepEqual(types(render('trove-18', 'instance_promote', 'end')), ['dbaas.instance_eject.start', 'dbaas.instance_eject.end'])
  assert.deepEqual(types(render('trove-18', 'instance_eject', 'end')), ['dbaas.instance_promote.start', 'dbaas.instance_promote.end'])
  assert.deepEqual(types(render('trove-18', 'cluster_add_shard', 'end')), ['dbaas.cluster_grow.start'], 'and it never ends')
  const change = {event: 'modify_volume', instance: instanceFacts(), oldVolumeSize: 2, modifyAt: '2026-11-24T10:00:00.000Z'}
  assert.deepEqual(t18.status({operation: 'instance_resize_volume', request: request(), start: {instanceId: IID, newSize: 4}, change}), [])
})

test('message counts: refused before .start → nothing; one lifecycle per call; user delete starts twice; configuration create ends twice; upgrade never ends', () => {
  const base = {operation: 'instance_restart', phase: 'start', request: request(), start: {instanceId: 'ghost'}, error: {where: 'api', message: 'x', exceptionClass: 'NotFound'}}
  assert.deepEqual(t18.rejected(base), [])
  assert.deepEqual(types(render('trove-18', 'database_create', 'end')), ['dbaas.database_create.start', 'dbaas.database_create.end'])
  assert.equal(render('trove-18', 'database_create', 'end')[0].payload.dbname, 'shop.crm', 'names joined with "."')
  assert.equal(render('trove-18', 'user_create', 'end')[0].payload.username, 'app,report', 'names joined with ","')
  assert.deepEqual(render('trove-18', 'user_grant', 'end')[0].payload.database, ['shop', 'crm'], 'grant: a list')
  assert.deepEqual(render('trove-18', 'user_revoke', 'end')[0].payload.database, ['shop', 'crm'], 'revoke: every database the user could access')
  const failedFirst = {operation: 'user_create', phase: 'error', request: request(), start: {instanceId: IID, username: 'report'},
    error: {where: 'worker', message: 'x', exceptionClass: 'GuestError'}, batch: {index: 1, names: ['app', 'report'], earlierFailed: true}}
  assert.deepEqual(t18.lifecycle(failedFirst), [], 'only the call\'s first failure is sent')
  const del = render('trove-18', 'user_delete', 'end')
  assert.deepEqual(types(del), ['dbaas.user_delete.start', 'dbaas.user_delete.start', 'dbaas.user_delete.end'])
  assert.deepEqual(del[1].payload.username, {_name: 'app', _password: null, _host: '%', _databases: [], _is_root: false})
  assert.deepEqual(del[2].payload.username, del[1].payload.username, 'the guest ends it with the user as the second start left it')
  assert.deepEqual(types(render('trove-18', 'configuration_create', 'end')), ['dbaas.configuration_create.start', 'dbaas.configuration_create.end', 'dbaas.configuration_create.end'])
  assert.deepEqual(types(render('trove-18', 'upgrade', 'end')), ['dbaas.upgrade.start'])
  assert.deepEqual(types(render('trove-18', 'upgrade', 'error')), ['dbaas.upgrade.start'], 'the taskmanager catches the failure')
  assert.deepEqual(types(render('trove-18', 'instance_reboot', 'error')), ['dbaas.instance_reboot.start', 'dbaas.instance_reboot.end'], 'a failed reboot still ends')
})

test('rolling cluster operations: a lifecycle per member instead of the cluster\'s end', () => {
  assert.deepEqual(types(render('trove-18', 'cluster_restart', 'end')), ['dbaas.cluster_restart.start',
    ...[IID, IID2].flatMap(() => ['dbaas.instance_restart.start', 'dbaas.instance_restart.end', 'dbaas.instance_restart.end'])])
  const restart = render('trove-18', 'cluster_restart', 'end')
  assert.deepEqual([restart[1].payload.cluster_id, restart[1].payload.instance_id, restart[1].payload.server_type], [CID, IID, 'taskmanager'])
  assert.deepEqual(types(render('trove-18', 'cluster_upgrade', 'end')), ['dbaas.cluster_upgrade.start', 'dbaas.upgrade.start', 'dbaas.upgrade.start'])
  const attach = types(render('trove-18', 'cluster_attach_configuration', 'end'))
  assert.equal(attach.filter((t) => t === 'dbaas.instance_attach_configuration.end').length, 5, 'two per member, and a third for the last')
  assert.ok(!attach.includes('dbaas.cluster_attach_configuration.end'))
  const del = render('trove-18', 'cluster_delete', 'end')
  assert.deepEqual(types(del), ['dbaas.cluster_delete.start', 'trove.instance.delete', 'dbaas.cluster_delete.end', 'trove.instance.delete', 'dbaas.cluster_delete.end', 'dbaas.cluster_delete.end'])
  assert.equal(del[2].payload.notification_classname, 'trove.common.notification.DBaaSClusterDelete')
  assert.ok(!('notification_classname' in del[5].payload))
})

test('the wire: client_ip without port, Trove\'s server types and publishers, CONF.host an IP, the whole TroveContext', () => {
  const [start, end, status] = render('trove-18', 'instance_create', 'end')
  assert.equal(start.payload.client_ip, '10.0.0.5')
  assert.deepEqual(Object.keys(start.payload).slice(0, 5), ['request_id', 'server_type', 'client_ip', 'server_ip', 'tenant_id'])
  assert.equal(end.publisherId, 'guest.10.0.0.1')
  assert.equal(end.payload.server_type, 'guest')
  assert.equal(status.eventType, 'trove.instance.create', 'after the guest ended it, when the service is up')
  assert.equal(status.publisherId, '10.0.0.1', 'trove.instance.create: CONF.host alone')
  assert.equal(status.payload.state, 'active', 'state lower case')
  assert.ok(!('resource_id' in status.payload))
  assert.deepEqual(Object.keys(start.context), ['user', 'project_id', 'system_scope', 'project', 'domain', 'user_domain', 'project_domain',
    'is_admin', 'read_only', 'show_deleted', 'auth_token', 'request_id', 'global_request_id', 'resource_uuid', 'roles', 'user_identity',
    'is_admin_project', 'limit', 'marker', 'service_catalog'])
  assert.equal(start.context.auth_token, null)
  assert.equal(troveHost('trove-host'), '0.0.0.0', 'a host name: Trove\'s default')
  assert.equal(troveHost('192.0.2.7'), '192.0.2.7')
  assert.equal(render('trove-18', 'instance_restart', 'end', {...request(), host: 'trove-host'})[1].publisherId, 'taskmanager.0.0.0.0')
  assert.equal(render('trove-18', 'instance_restart', 'end', {...request(), roles: ['admin']})[0].context.is_admin, true)
})

test('exists: every 60 s a fixed window of the interval for each live instance (Nova\'s transformer skips SHUTDOWN); quotas: none', () => {
  const run = existsRun(new Date('2026-11-24T12:00:00.400Z'))
  const sent = t18.exists(run)
  assert.equal(sent.length, 1)
  assert.deepEqual([sent[0].payload.audit_period_beginning, sent[0].payload.audit_period_ending], ['2026-11-24T11:00:00Z', '2026-11-24T12:00:00Z'])
  assert.equal(sent[0].publisherId, 'taskmanager.10.0.0.1')
  assert.equal(sent[0].payload.created_at, '2026-11-24T09:00:05.000000')
  const base = t18.exists({...run, transformer: 'trove.extensions.mgmt.instances.models.NotificationTransformer'})
  assert.equal(base.length, 2, 'the plain transformer reports every live instance')
  assert.ok(!('instance_type' in base[0].payload) && !('user_id' in base[0].payload))
  assert.deepEqual(t18.existsSchedule(3600), {everySeconds: 60, firstAfterSeconds: 30, windows: 'fixed'})
  assert.deepEqual(getDialect('spec').existsSchedule(3600), {everySeconds: 3600, firstAfterSeconds: 0, windows: 'tiling'})
  assert.deepEqual(t18.quotas({periodic: run.periodic, publisherId: 'x', rows: [{tenantId: 't', resource: 'instances', inUse: 1, reserved: 0, limit: 10, updated: '2026-11-24T09:00:05.000Z'}]}), [])
  assert.match(t18.quotasSilentBecause, /tenants/)
})
