// The periodic jobs in the trove-18 dialect, in-process on a virtual clock:
// exists reports every live instance for the fixed window [now − interval,
// now] (so consecutive runs overlap), with the taskmanager's one admin
// request id for every run; quotas sends nothing; the tiling windows are
// still recorded (the world is the same in both dialects).
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {Notifier} from '../../dist/messaging/notifier.js'
import {createInstance} from '../../dist/operations/instance.js'
import {publishExists} from '../../dist/periodic/exists.js'
import {publishQuotas} from '../../dist/periodic/quotas.js'
import {DEFAULT_SERVICE_IDS, DEFAULTS} from '../../dist/settings/settings.js'
import {seededIds} from '../../dist/util/runtime.js'
import {openBackend, RecordingDriver} from '../helpers/world.js'

const T0 = Date.parse('2026-11-24T00:00:00.000Z')

function world(dialect) {
  let now = T0
  const clock = {now: () => new Date(now), sleep: async (ms) => { now += ms }}
  const ids = seededIds(`periodic-${dialect}`)
  const driver = new RecordingDriver()
  const notifier = new Notifier({driver, topics: ['notifications'], clock, ids})
  const ctx = {
    world: openBackend('memory'), notifier, clock, ids, delay: 0,
    settings: {dialect, region: 'RegionOne', host: '10.0.0.3', serviceIds: DEFAULT_SERVICE_IDS, clientIp: DEFAULTS.clientIp, serverIp: DEFAULTS.serverIp,
      limits: {instances: 10, volumes: 40, backups: 50, maxAcceptedVolumeSize: 10}, serviceCredentials: {username: 'trove', projectId: 'svc-project', regionName: 'RegionOne'}},
    caller: {tenantId: 'tenant-a', userId: 'user-a'},
  }
  return {ctx, at: (s) => { now = T0 + s * 1000 }, sent: (type) => driver.sent.map((s) => s.message).filter((m) => m.event_type === type)}
}

test('trove-18 exists: every live instance, window [now − interval, now], overlapping; one admin request id per process', async () => {
  const w = world('trove-18')
  await createInstance(w.ctx, {name: 'a', flavor: '2'})
  await createInstance(w.ctx, {name: 'b', flavor: '2'})
  const options = {interval: 3600, transformer: 'trove.extensions.mgmt.instances.models.NovaNotificationTransformer'}
  w.at(60); const first = await publishExists(w.ctx, undefined, options)
  w.at(120); await publishExists(w.ctx, undefined, options)
  const sent = w.sent('trove.instance.exists')
  assert.equal(first.instances, 2)
  assert.equal(sent.length, 4)
  assert.deepEqual(sent.map((m) => [m.payload.audit_period_beginning, m.payload.audit_period_ending]), [
    ['2026-11-23T23:01:00Z', '2026-11-24T00:01:00Z'], ['2026-11-23T23:01:00Z', '2026-11-24T00:01:00Z'],
    ['2026-11-23T23:02:00Z', '2026-11-24T00:02:00Z'], ['2026-11-23T23:02:00Z', '2026-11-24T00:02:00Z'],
  ])
  assert.ok(sent.every((m) => m.priority === 'INFO' && m.publisher_id === 'taskmanager.10.0.0.3'))
  assert.equal(new Set(sent.map((m) => m._context_request_id)).size, 1, "the taskmanager's admin context keeps its request id")
  assert.ok(sent.every((m) => m._context_user === 'trove' && m._context_project_id === 'svc-project'))
})

test('spec exists in the same world: tiling windows, one request id per run', async () => {
  const w = world('spec')
  await createInstance(w.ctx, {name: 'a', flavor: '2'})
  w.at(60); await publishExists(w.ctx)
  w.at(120); await publishExists(w.ctx)
  const sent = w.sent('trove.instance.exists')
  assert.equal(sent.length, 2)
  assert.equal(sent[1].payload.audit_period_beginning, sent[0].payload.audit_period_ending)
  assert.equal(new Set(sent.map((m) => m._context_request_id)).size, 2)
})

test('trove-18 quotas: nothing is sent (Trove 18\'s task fails before sending); spec: one dbaas.quotas per tenant and resource', async () => {
  for (const [dialect, count] of [['trove-18', 0], ['spec', 3]]) {
    const w = world(dialect)
    await createInstance(w.ctx, {name: 'a', flavor: '2'})
    const run = await publishQuotas(w.ctx)
    assert.equal(run.notifications, count, dialect)
    assert.equal(w.sent('dbaas.quota').length + w.sent('dbaas.quotas').length, count, dialect)
  }
})
