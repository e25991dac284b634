// trove.instance.exists windows tile, in-process on a virtual clock so the
// billing invariant can be checked to the millisecond: summed, Ceilometer's
// meter (audit_period_ending − audit_period_beginning) per instance equals
// the time it lived (deleted_at or the last run, minus launched_at). Also the
// dbaas.quotas `updated` rule for resources never allocated.
import assert from 'node:assert/strict'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {Notifier} from '../../dist/messaging/notifier.js'
import {createInstance, deleteInstance} from '../../dist/operations/instance.js'
import {publishExists} from '../../dist/periodic/exists.js'
import {publishQuotas} from '../../dist/periodic/quotas.js'
import {DEFAULT_SERVICE_IDS, DEFAULTS} from '../../dist/settings/settings.js'
import {SqliteWorld} from '../../dist/state/sqlite-world.js'
import {seededIds} from '../../dist/util/runtime.js'
import {assertTiling as assertTiles, windowsByInstance} from '../helpers/windows.js'
import {eachBackend, openBackend, RecordingDriver} from '../helpers/world.js'

const T0 = Date.parse('2026-11-24T00:00:00.000Z')

/** A world (of `backend`, or the SQLite file at `statePath`) on a virtual clock whose notifier records the messages it would send. */
function world({backend = 'sqlite', statePath, start = T0} = {}) {
  let now = start
  const clock = {now: () => new Date(now), sleep: async (ms) => { now += ms }}
  const ids = seededIds(`w${start}${statePath ?? backend}`)
  const driver = new RecordingDriver()
  const notifier = new Notifier({driver, topics: ['notification'], clock, ids})
  const sent = (type) => driver.sent.map((s) => s.message).filter((m) => m.event_type === type)
  const state = statePath === undefined ? openBackend(backend) : SqliteWorld.open(statePath)
  const ctx = {
    world: state, notifier, clock, ids, delay: 0,
    settings: {region: 'LOCAL_DEV', host: 'h', serviceIds: DEFAULT_SERVICE_IDS, clientIp: DEFAULTS.clientIp, serverIp: DEFAULTS.serverIp,
      limits: {instances: 10, volumes: 40, backups: 50, maxAcceptedVolumeSize: 10}},
    caller: {tenantId: 'tenant-a', userId: 'user-a'},
  }
  return {
    ctx, world: state,
    at: (seconds) => { now = start + seconds * 1000 },
    exists: () => sent('trove.instance.exists'),
    quotas: () => sent('dbaas.quotas'),
  }
}

// The world file is what a restart continues from: SQLite only.
test('a restart of the command continues each instance exactly where its last window ended', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tn-exists-')), 'state.db')
  const first = world({statePath: path})
  const id = (await createInstance(first.ctx, {name: 'x', flavor: '2'})).resource.id
  first.at(5); await publishExists(first.ctx)
  first.at(7); await publishExists(first.ctx)
  first.world.close()

  const second = world({statePath: path}) // a new process: new store handle, new notifier
  second.at(19); await publishExists(second.ctx)
  const all = windowsByInstance([...first.exists(), ...second.exists()])
  assertTiles(all.get(id), T0, T0 + 19_000, 'x across restart')
  second.world.close()
})

eachBackend(({backend}) => {
  test('billing invariant: summed windows == seconds each instance lived, to the millisecond', async () => {
    const w = world({backend})
    const {ctx} = w
    const a = (await createInstance(ctx, {name: 'a', flavor: '2'})).resource.id
    w.at(1.5)
    const b = (await createInstance(ctx, {name: 'b', flavor: '1'})).resource.id
    w.at(10); await publishExists(ctx)
    w.at(20.25)
    const c = (await createInstance(ctx, {name: 'c', flavor: '3', size: 2})).resource.id
    w.at(30); await publishExists(ctx)
    w.at(35.125); await deleteInstance(ctx, 'b')
    w.at(40)
    const d = (await createInstance(ctx, {name: 'd', flavor: '1'})).resource.id // lives and dies between two runs
    w.at(45.5); await deleteInstance(ctx, 'd')
    w.at(50); const third = await publishExists(ctx)
    assert.equal(third.final, 2, 'b and d get their final window')
    w.at(60); await publishExists(ctx)

    const by = windowsByInstance(w.exists())
    const s = (x) => T0 + x * 1000
    assertTiles(by.get(a), s(0), s(60), 'a')
    assertTiles(by.get(b), s(1.5), s(35.125), 'b (deleted)')
    assertTiles(by.get(c), s(20.25), s(60), 'c')
    assertTiles(by.get(d), s(40), s(45.5), 'd (created and deleted between runs)')
    assert.equal(by.get(b).length, 3, 'nothing for b after its final window')
    assert.equal(by.get(d).length, 1)
    // Every message carries the spec's status fields (instance_type is the flavor name).
    const last = by.get(c).at(-1)[2]
    assert.equal(last.instance_type, 'm1.medium')
    assert.equal(last.user_id, 'user-a')
    assert.equal(last.display_name, 'c')
    assert.equal(last.tenant_id, 'tenant-a')
    w.world.close()
  })

  test('a run whose confirms fail records nothing: the next run covers that time again (no gap)', async () => {
    const w = world({backend})
    const id = (await createInstance(w.ctx, {name: 'y', flavor: '2'})).resource.id
    w.at(5); await publishExists(w.ctx)
    const broken = {
      stats: {published: 0, confirmed: 0, republished: 0, reconnects: 0},
      async open() {}, send() {}, flush: () => Promise.reject(new Error('broker gone')), async capacity() {}, async close() {},
    }
    const failing = {...w.ctx, notifier: new Notifier({driver: broken, topics: ['notification'], clock: w.ctx.clock, ids: w.ctx.ids})}
    w.at(8); await assert.rejects(publishExists(failing), /broker gone/)
    w.at(12); const run = await publishExists(w.ctx)
    assert.deepEqual(run.windows.map((x) => [x.audit_period_beginning, x.audit_period_ending]),
      [['2026-11-24T00:00:05.000Z', '2026-11-24T00:00:12.000Z']])
    assertTiles(windowsByInstance(w.exists()).get(id), T0, T0 + 12_000, 'y')
    w.world.close()
  })

  test('an instance being deleted (SHUTDOWN) is skipped; its final window covers that time', async () => {
    const w = world({backend})
    const id = (await createInstance(w.ctx, {name: 'z', flavor: '2'})).resource.id
    w.at(5); await publishExists(w.ctx)
    w.world.instances.update(id, {status: 'SHUTDOWN', task: 'DELETING'})
    w.at(8); assert.equal((await publishExists(w.ctx)).instances, 0)
    w.world.instances.update(id, {deleted_at: new Date(T0 + 9_000).toISOString(), task: null})
    w.at(10); await publishExists(w.ctx)
    w.at(11); assert.equal((await publishExists(w.ctx)).instances, 0)
    assertTiles(windowsByInstance(w.exists()).get(id), T0, T0 + 9_000, 'z')
    w.world.close()
  })

  test('dbaas.quotas: updated is the last allocation; a resource never allocated keeps the time it was first reported', async () => {
    const w = world({backend})
    w.at(3); await createInstance(w.ctx, {name: 'q', flavor: '2', size: 2})
    w.at(10); await publishQuotas(w.ctx, undefined, 2)
    w.at(20); await publishQuotas(w.ctx)
    const msgs = w.quotas()
    assert.equal(msgs.length, 6 + 3)
    assert.deepEqual([...new Set(msgs.map((m) => m.publisher_id))], ['taskmanager.h-1', 'taskmanager.h-2', 'taskmanager.h'])
    const at = (iso) => (Date.parse(iso) - T0) / 1000
    for (const m of msgs) {
      const p = m.payload
      if (p.resource === 'backups') assert.deepEqual([p.in_use, p.reserved, at(p.updated)], [0, 0, 10], 'never allocated: first report, then stable')
      else assert.equal(at(p.updated), 3, `${p.resource}: the create's allocation`)
    }
    assert.deepEqual(msgs.slice(-3).map((m) => [m.payload.resource, m.payload.in_use, m.payload.limit]),
      [['instances', 1, 10], ['volumes', 2, 40], ['backups', 0, 50]])
    w.world.close()
  })
})
