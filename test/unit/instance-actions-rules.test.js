// Trove's rules for the instance actions (restart, resize-volume,
// resize-instance, promote, eject, detach) and for replicas, in-process on a
// :memory: world: each broken rule is .start then .error from the api and
// leaves every table as it was; the status during the work is the action's;
// quota usage stays exact.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {createInstance, deleteInstance} from '../../dist/operations/instance.js'
import {resizeInstance, resizeVolume, restartInstance} from '../../dist/operations/instance-actions.js'
import {detachReplica, ejectReplicaSource, promoteToReplicaSource} from '../../dist/operations/replication.js'
import {gatedClock} from '../helpers/clock.js'
import {eachBackend, refused, usage} from '../helpers/world.js'

eachBackend(({world}) => {
  /** A clock whose sleep (the taskmanager's work) records what `look()` sees meanwhile. */
  function watching(look) {
    const seen = []
    return {seen, clock: {now: () => new Date(), sleep: async () => { seen.push(look()) }}}
  }

  async function create(w, input, extra = {}) {
    const r = await createInstance(w.ctx(extra), input)
    assert.equal(r.outcome, 'end', r.error)
    return r.resource
  }

  const inst = (w, ref) => w.world.instances.byRef(ref)[0]
  const sourceName = (w, ref) => {
    const of = inst(w, ref).replica_of
    return of ? w.world.instances.get(of).name : null
  }

  /** A source and `n` replicas (mysql, flavor 2, 2 GB). */
  async function replicationSet(w, n = 2) {
    await create(w, {name: 'src', flavor: '2', size: 2})
    await create(w, {name: 'rep', replicaOf: 'src', replicaCount: n})
    w.reset()
  }

  const ACTIONS = [
    ['restart', (w, ref) => restartInstance(w.ctx(), ref)],
    ['resize-volume', (w, ref) => resizeVolume(w.ctx(), ref, 5)],
    ['resize-instance', (w, ref) => resizeInstance(w.ctx(), ref, '3')],
    ['promote', (w, ref) => promoteToReplicaSource(w.ctx(), ref)],
    ['eject', (w, ref) => ejectReplicaSource(w.ctx(), ref)],
    ['detach', (w, ref) => detachReplica(w.ctx(), ref)],
  ]

  test('every action: unknown instance → NotFound, and .start carries the reference as given', async () => {
    const w = world()
    for (const [name, run] of ACTIONS) {
      const {start, error: err} = await refused(w, () => run(w, 'ghost'), /Instance ghost could not be found/, 'NotFound')
      assert.equal(start.payload.instance_id, 'ghost', name)
      assert.match(err.payload.exception.at(-1), /^trove\.common\.exception\.NotFound: /)
    }
  })

  test('every action needs the instance ACTIVE, with no task and no backup running', async () => {
    const w = world()
    await replicationSet(w, 1)
    const targets = {promote: 'rep', detach: 'rep', eject: 'src'}
    for (const [name, run] of ACTIONS) {
      const ref = targets[name] ?? 'rep'
      const row = inst(w, ref)
      w.world.instances.update(row.id, {status: 'ERROR'})
      await refused(w, () => run(w, ref), /is not currently available for an action to be performed \(status was ERROR\)/, 'UnprocessableEntity')
      w.world.instances.update(row.id, {status: 'ACTIVE', task: 'BACKING_UP'})
      await refused(w, () => run(w, ref), /status was BACKING_UP/, 'UnprocessableEntity')
      w.world.instances.update(row.id, {task: null})
      w.world.backups.insert({
        id: 'b1', name: 'b', tenant_id: 'tenant-a', instance_id: row.id, parent_id: null, description: null, status: 'NEW', size: null,
        datastore: 'mysql', datastore_version: '8.0', created_at: 'x', updated_at: 'x', deleted_at: null,
      })
      await refused(w, () => run(w, ref), /has a backup running \(b1\)/, 'UnprocessableEntity')
      w.world.backups.remove('b1')
    }
  })

  test('an action in progress makes the instance unavailable to another one until it ends', async () => {
    const w = world()
    await create(w, {name: 'db1', flavor: '2', size: 2})
    const gate = gatedClock()
    const slow = resizeVolume(w.ctx({delay: 1, clock: gate.clock}), 'db1', 4)
    await gate.sleeping() // the taskmanager is at work
    await refused(w, () => restartInstance(w.ctx(), 'db1'), /status was RESIZING/, 'UnprocessableEntity')
    gate.release()
    assert.equal((await slow).outcome, 'end')
    assert.equal((await restartInstance(w.ctx(), 'db1')).outcome, 'end')
  })

  test('restart: REBOOT during the work, then ACTIVE with restart_required cleared', async () => {
    const w = world()
    await create(w, {name: 'db1', flavor: '2', size: 2})
    w.world.instances.update(inst(w, 'db1').id, {restart_required: 1})
    const watch = watching(() => [inst(w, 'db1').status, inst(w, 'db1').task])
    w.reset()
    const r = await restartInstance(w.ctx({delay: 1, clock: watch.clock}), 'db1')
    assert.equal(r.outcome, 'end')
    assert.deepEqual(watch.seen, [['REBOOT', 'REBOOTING']])
    assert.deepEqual(w.events(), ['dbaas.instance_restart.start', 'dbaas.instance_restart.end'])
    const [start, end] = w.messages()
    assert.equal(start.payload.instance_id, r.resource.id)
    assert.equal(end.payload.server_type, 'task')
    assert.match(end.publisher_id, /^taskmanager\./)
    assert.deepEqual([inst(w, 'db1').status, inst(w, 'db1').task, inst(w, 'db1').restart_required], ['ACTIVE', null, 0])
  })

  test('resize-volume rules: larger than now, ≤ max_accepted_volume_size, not a cluster member, within the volumes quota', async () => {
    const w = world()
    await create(w, {name: 'db1', flavor: '2', size: 4})
    await refused(w, () => resizeVolume(w.ctx(), 'db1', 4), /must be larger than the current volume size of 4 GB/, 'BadRequest')
    await refused(w, () => resizeVolume(w.ctx(), 'db1', 2), /must be larger than the current volume size of 4 GB/, 'BadRequest')
    await refused(w, () => resizeVolume(w.ctx(), 'db1', 11), /cannot exceed the maximum of 10 GB \(max_accepted_volume_size\)/, 'BadRequest')
    w.world.quotas.setLimit('tenant-a', 'volumes', 6)
    await refused(w, () => resizeVolume(w.ctx(), 'db1', 7), /Quota exceeded for resources: \['volumes'\]/, 'QuotaExceeded')
    assert.equal((await resizeVolume(w.ctx(), 'db1', 6)).outcome, 'end')
    w.world.instances.update(inst(w, 'db1').id, {cluster_id: 'c1'})
    await refused(w, () => resizeVolume(w.ctx(), 'db1', 8), /member of cluster c1; resize-volume is not supported/, 'BadRequest')
  })

  test('resize-volume: RESIZE during the work; modify_volume; quota reserved for the difference then committed', async () => {
    const w = world()
    await create(w, {name: 'db1', flavor: '2', size: 2})
    await create(w, {name: 'db2', flavor: '2', size: 3})
    const volumes = () => usage(w, 'volumes')
    const watch = watching(() => [inst(w, 'db1').status, volumes().in_use, volumes().reserved])
    w.reset()
    const r = await resizeVolume(w.ctx({delay: 1, clock: watch.clock}), 'db1', 7)
    assert.equal(r.outcome, 'end')
    assert.deepEqual(watch.seen, [['RESIZE', 5, 5]])
    assert.deepEqual(volumes(), {in_use: 10, reserved: 0})
    assert.equal(usage(w, 'instances').in_use, 2)
    assert.deepEqual(w.events(), ['dbaas.instance_resize_volume.start', 'trove.instance.modify_volume', 'dbaas.instance_resize_volume.end'])
    const [start, modify] = w.messages()
    assert.equal(start.payload.new_size, 7)
    assert.deepEqual([modify.payload.old_volume_size, modify.payload.volume_size, modify.payload.state], [2, 7, 'ACTIVE'])
    assert.match(modify.publisher_id, /^taskmanager\./)
    assert.equal(inst(w, 'db1').volume_size, 7)
  })

  test('resize-volume --fail: .error from the taskmanager, size back, reservation released', async () => {
    const w = world()
    await create(w, {name: 'db1', flavor: '2', size: 2})
    const before = w.snapshot()
    w.reset()
    const r = await resizeVolume(w.ctx({fail: 'cinder: extend failed'}), 'db1', 5)
    assert.equal(r.outcome, 'error')
    assert.deepEqual(w.events(), ['dbaas.instance_resize_volume.start', 'dbaas.instance_resize_volume.error'])
    assert.equal(w.messages()[1].payload.server_type, 'task')
    assert.deepEqual(w.snapshot().instances, before.instances)
    assert.deepEqual([usage(w, 'volumes').in_use, usage(w, 'volumes').reserved], [2, 0])
  })

  test('resize-instance rules: the flavor exists and differs; not a cluster member', async () => {
    const w = world()
    await create(w, {name: 'db1', flavor: '2', size: 2})
    await refused(w, () => resizeInstance(w.ctx(), 'db1', '42'), /Resource 42 cannot be found/, 'FlavorNotFound')
    await refused(w, () => resizeInstance(w.ctx(), 'db1', 'm1.small'), /new flavor m1\.small \(2\) must be different from the current flavor/, 'BadRequest')
    await refused(w, () => resizeInstance(w.ctx(), 'db1', '2'), /must be different/, 'BadRequest')
    w.world.instances.update(inst(w, 'db1').id, {cluster_id: 'c1'})
    await refused(w, () => resizeInstance(w.ctx(), 'db1', '3'), /member of cluster c1; resize-instance is not supported/, 'BadRequest')
  })

  test('resize-instance: RESIZE during the work; modify_flavor with the old RAM; .start names the flavor by id', async () => {
    const w = world()
    await create(w, {name: 'db1', flavor: 'm1.tiny', size: 2})
    const watch = watching(() => inst(w, 'db1').status)
    w.reset()
    const r = await resizeInstance(w.ctx({delay: 1, clock: watch.clock}), 'db1', 'm1.xlarge')
    assert.equal(r.outcome, 'end')
    assert.deepEqual(watch.seen, ['RESIZE'])
    const [start, modify, end] = w.messages()
    assert.equal(start.payload.new_flavor_id, '5')
    assert.equal(modify.event_type, 'trove.instance.modify_flavor')
    assert.deepEqual([modify.payload.old_instance_size, modify.payload.instance_size, modify.payload.instance_type], [512, 16384, 'm1.xlarge'])
    assert.equal(end.event_type, 'dbaas.instance_resize_instance.end')
    assert.equal(inst(w, 'db1').flavor_id, '5')
    assert.equal(usage(w, 'volumes').in_use, 2, 'a flavor change does not touch the volumes quota')
  })

  test('replicas take flavor, datastore, version and size from the source; quota counts each', async () => {
    const w = world()
    const src = await create(w, {name: 'src', flavor: '3', size: 4, datastore: 'mysql', datastoreVersion: '5.7.29'})
    const r = await create(w, {name: 'rep', replicaOf: 'src', replicaCount: 2})
    assert.equal(r.replicas.length, 2)
    for (const id of r.replicas) {
      const row = w.world.instances.get(id)
      assert.deepEqual([row.replica_of, row.flavor_id, row.datastore, row.datastore_version, row.volume_size], [src.id, '3', 'mysql', '5.7.29', 4])
    }
    assert.equal(usage(w, 'instances').in_use, 3)
    assert.equal(usage(w, 'volumes').in_use, 12)
    // a flavor or a larger volume may be asked for explicitly
    const big = await create(w, {name: 'big', replicaOf: 'src', flavor: 'm1.large', size: 6})
    assert.deepEqual([w.world.instances.get(big.id).flavor_id, w.world.instances.get(big.id).volume_size], ['4', 6])
  })

  test('replica rules: no replica of a replica, no smaller volume, same datastore, a datastore that replicates', async () => {
    const w = world()
    await replicationSet(w, 1)
    await refused(w, () => createInstance(w.ctx(), {name: 'x', replicaOf: 'rep'}), /is a replica; a replica of a replica is not supported/, 'BadRequest')
    await refused(w, () => createInstance(w.ctx(), {name: 'x', replicaOf: 'src', size: 1}), /should not be smaller than the source's/, 'BadRequest')
    await refused(w, () => createInstance(w.ctx(), {name: 'x', replicaOf: 'src', datastore: 'postgresql'}), /has the datastore of its source: mysql/, 'BadRequest')
    await refused(w, () => createInstance(w.ctx(), {name: 'x', replicaOf: 'nope'}), /Instance nope could not be found/, 'NotFound')
    await create(w, {name: 'mongo', flavor: '2', size: 1, datastore: 'mongodb'})
    await refused(w, () => createInstance(w.ctx(), {name: 'x', replicaOf: 'mongo'}), /Replication is not supported for datastore mongodb/, 'BadRequest')
  })

  test('a replication source with replicas cannot be deleted; once its replica is gone it can', async () => {
    const w = world()
    await replicationSet(w, 1)
    await refused(w, () => deleteInstance(w.ctx(), 'src'), /is the replication source of .*detach or delete its replicas first/, 'BadRequest')
    assert.equal((await deleteInstance(w.ctx(), 'rep')).outcome, 'end')
    assert.equal((await deleteInstance(w.ctx(), 'src')).outcome, 'end')
    assert.deepEqual([usage(w, 'instances').in_use, usage(w, 'volumes').in_use], [0, 0])
  })

  test('promote: needs a replica; the whole set shows PROMOTE; the replica becomes the source and the rest follow it', async () => {
    const w = world()
    await replicationSet(w, 3)
    await refused(w, () => promoteToReplicaSource(w.ctx(), 'src'), /Instance src .* is not a replica; only a replica can be promoted/, 'BadRequest')
    const names = ['src', 'rep-1', 'rep-2', 'rep-3']
    const watch = watching(() => names.map((n) => inst(w, n).status))
    w.reset()
    const r = await promoteToReplicaSource(w.ctx({delay: 1, clock: watch.clock}), 'rep-2')
    assert.equal(r.outcome, 'end')
    assert.deepEqual(watch.seen, [['PROMOTE', 'PROMOTE', 'PROMOTE', 'PROMOTE']])
    assert.deepEqual(names.map((n) => sourceName(w, n)), ['rep-2', 'rep-2', null, 'rep-2'])
    assert.deepEqual(names.map((n) => [inst(w, n).status, inst(w, n).task]), names.map(() => ['ACTIVE', null]))
    assert.deepEqual(w.events(), ['dbaas.instance_promote.start', 'dbaas.instance_promote.end'])
    assert.equal(w.messages()[0].payload.instance_id, inst(w, 'rep-2').id)
  })

  test('promote is refused while another member of the set is busy; --fail restores the set', async () => {
    const w = world()
    await replicationSet(w, 2)
    w.world.instances.update(inst(w, 'rep-2').id, {status: 'RESIZE', task: 'RESIZING'})
    await refused(w, () => promoteToReplicaSource(w.ctx(), 'rep-1'), /Replica rep-2 .* is not currently available .*status was RESIZING/, 'UnprocessableEntity')
    w.world.instances.update(inst(w, 'rep-2').id, {status: 'ACTIVE', task: null})
    w.world.instances.update(inst(w, 'src').id, {status: 'REBOOT', task: 'REBOOTING'})
    await refused(w, () => promoteToReplicaSource(w.ctx(), 'rep-1'), /Replication source src .*status was REBOOTING/, 'UnprocessableEntity')
    w.world.instances.update(inst(w, 'src').id, {status: 'ACTIVE', task: null})
    const before = w.snapshot()
    w.reset()
    const r = await promoteToReplicaSource(w.ctx({fail: 'guest timeout'}), 'rep-1')
    assert.equal(r.outcome, 'error')
    assert.equal(w.messages()[1].payload.server_type, 'task')
    assert.deepEqual(w.snapshot(), before)
  })

  test('eject: needs a source with replicas; the set shows EJECT; the oldest replica is elected, the others follow it', async () => {
    const w = world()
    await replicationSet(w, 3)
    await refused(w, () => ejectReplicaSource(w.ctx(), 'rep-1'), /is a replica, not a replica source/, 'BadRequest')
    await create(w, {name: 'alone', flavor: '1', size: 1})
    await refused(w, () => ejectReplicaSource(w.ctx(), 'alone'), /is not a replica source: it has no replicas/, 'BadRequest')
    w.world.instances.update(inst(w, 'rep-3').id, {status: 'BUILD', task: 'BUILDING'})
    await refused(w, () => ejectReplicaSource(w.ctx(), 'src'), /Replica rep-3 .*status was BUILDING/, 'UnprocessableEntity')
    w.world.instances.update(inst(w, 'rep-3').id, {status: 'ACTIVE', task: null})
    const names = ['src', 'rep-1', 'rep-2', 'rep-3']
    const watch = watching(() => names.map((n) => inst(w, n).status))
    w.reset()
    const r = await ejectReplicaSource(w.ctx({delay: 1, clock: watch.clock}), 'src')
    assert.equal(r.outcome, 'end')
    assert.deepEqual(watch.seen, [['EJECT', 'EJECT', 'EJECT', 'EJECT']])
    assert.deepEqual(names.map((n) => sourceName(w, n)), [null, null, 'rep-1', 'rep-1'])
    assert.equal(r.resource.new_replica_source, inst(w, 'rep-1').id)
    assert.deepEqual(w.events(), ['dbaas.instance_eject.start', 'dbaas.instance_eject.end'])
    assert.equal(w.messages()[1].payload.server_type, 'task')
  })

  test('detach: needs a replica; only the replica shows DETACH; it becomes standalone', async () => {
    const w = world()
    await replicationSet(w, 2)
    await refused(w, () => detachReplica(w.ctx(), 'src'), /is not a replica; only a replica can be detached/, 'BadRequest')
    const watch = watching(() => ['src', 'rep-1', 'rep-2'].map((n) => inst(w, n).status))
    w.reset()
    const r = await detachReplica(w.ctx({delay: 1, clock: watch.clock}), 'rep-1')
    assert.equal(r.outcome, 'end')
    assert.deepEqual(watch.seen, [['ACTIVE', 'DETACH', 'ACTIVE']])
    assert.deepEqual(['src', 'rep-1', 'rep-2'].map((n) => sourceName(w, n)), [null, null, 'src'])
    assert.deepEqual(w.events(), ['dbaas.instance_detach.start', 'dbaas.instance_detach.end'])
    await refused(w, () => detachReplica(w.ctx(), 'rep-1'), /is not a replica/, 'BadRequest')
  })
})
