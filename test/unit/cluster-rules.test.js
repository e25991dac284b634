// Cluster operations in-process (no broker): Trove's rules, state changes,
// quota exactness, and the notifications each lifecycle emits.
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {addShard, createCluster, deleteCluster, growCluster, shrinkCluster} from '../../dist/operations/cluster.js'
import {createInstance} from '../../dist/operations/instance.js'
import {clusterMembers} from '../../dist/state/clusters.js'
import {assertLifecycle} from '../helpers/lifecycle-assert.js'
import {HOST, opWorld} from '../helpers/op-world.js'

const member = (flavor = '2', volume = 2) => ({flavor, volume})

/** A world with a cluster already created; returns {w, id}. */
async function withCluster(opts = {}, datastore = 'mongodb', members = [member('2', 2), member('2', 3), member('2', 2)]) {
  const w = opWorld(opts)
  const r = await createCluster(w.ctx(), {name: 'shop', datastore, datastoreVersion: undefined, instances: members})
  assert.equal(r.outcome, 'end', r.error)
  w.drain()
  return {w, id: r.resource.id}
}

const refused = (w, ...args) => w.refused(...args)

describe('cluster create', () => {
  test('members are instances with cluster_id and one shard, quota in use exactly, one trove.instance.create each', async () => {
    const w = opWorld()
    const r = await createCluster(w.ctx(), {name: 'shop', datastore: 'mongodb', datastoreVersion: '4.4', instances: [member('2', 2), member('3', 3), {flavor: 'm1.tiny', volume: 1, availabilityZone: 'az2'}]})
    assert.equal(r.outcome, 'end')
    assert.equal(r.ended_by, 'task')
    const id = r.resource.id
    const members = clusterMembers(w.store, id)
    assert.equal(members.length, 3)
    assert.deepEqual(members.map((m) => [m.name, m.flavor_id, m.volume_size, m.status, m.task, m.datastore, m.datastore_version]), [
      ['shop-member-1', '2', 2, 'ACTIVE', null, 'mongodb', '4.4'],
      ['shop-member-2', '3', 3, 'ACTIVE', null, 'mongodb', '4.4'],
      ['shop-member-3', '1', 1, 'ACTIVE', null, 'mongodb', '4.4'],
    ])
    assert.equal(members[2].availability_zone, 'az2')
    assert.equal(new Set(members.map((m) => m.shard_id)).size, 1, 'one shard')
    assert.ok(members[0].shard_id)
    assert.equal(w.store.db.prepare('SELECT task FROM clusters WHERE id = ?').get(id).task, null)
    assert.deepEqual(w.usage('instances'), {in_use: 3, reserved: 0})
    assert.deepEqual(w.usage('volumes'), {in_use: 6, reserved: 0})

    const msgs = assertLifecycle(w.drain(), [
      ['dbaas.cluster_create.start', 'api'],
      ['trove.instance.create', 'task'], ['trove.instance.create', 'task'], ['trove.instance.create', 'task'],
      ['dbaas.cluster_create.end', 'task'],
    ], {host: HOST})
    assert.deepEqual([msgs[0].payload.name, msgs[0].payload.datastore, msgs[0].payload.datastore_version], ['shop', 'mongodb', '4.4'])
    assert.equal(msgs[4].payload.cluster_id, id)
    assert.deepEqual(msgs.slice(1, 4).map((m) => [m.payload.cluster_id, m.payload.instance_id, m.payload.state]),
      members.map((m) => [id, m.id, 'ACTIVE']))
  })

  test('a datastore without clusters: .error from the API, nothing created', async () => {
    const w = opWorld()
    const {messages} = await refused(w, () => createCluster(w.ctx(), {name: 'x', datastore: 'mysql', datastoreVersion: '8.0', instances: [member()]}),
      /Clusters are not supported for datastore mysql; use one of cassandra, mariadb, mongodb, pxc, redis/, 'BadRequest')
    assertLifecycle(messages, [['dbaas.cluster_create.start', 'api'], ['dbaas.cluster_create.error', 'api']])
  })

  test('bad members, no members, unknown datastore/version: refused, nothing created', async () => {
    const w = opWorld()
    const create = (over) => () => createCluster(w.ctx(), {name: 'x', datastore: 'redis', datastoreVersion: '7.0', instances: [member()], ...over})
    await refused(w, create({instances: [member(), member('99', 2)]}), /Resource 99 cannot be found/, 'FlavorNotFound')
    await refused(w, create({instances: [member('2', 11)]}), /cannot exceed the maximum of 10 GB/, 'BadRequest')
    await refused(w, create({instances: [member('2', 0)]}), /Volume size 0 is not valid/, 'BadRequest')
    await refused(w, create({instances: []}), /at least one instance/, 'BadRequest')
    await refused(w, create({datastore: 'nosuch'}), /Datastore 'nosuch' cannot be found/, 'DatastoreNotFound')
    await refused(w, create({datastoreVersion: '1.0'}), /Datastore version '1.0' cannot be found/, 'DatastoreVersionNotFound')
  })

  test('quota: members count against instances and volumes; exceeding names the resource and changes nothing', async () => {
    const w = opWorld({limits: {instances: 4, volumes: 7}})
    await createInstance(w.ctx(), {name: 'solo', flavor: '2', size: 2})
    await refused(w, () => createCluster(w.ctx(), {name: 'c', datastore: 'cassandra', instances: [member('1', 1), member('1', 1), member('1', 1), member('1', 1)]}),
      /Quota exceeded for resources: \['instances'\]/, 'QuotaExceeded')
    await refused(w, () => createCluster(w.ctx(), {name: 'c', datastore: 'cassandra', instances: [member('2', 3), member('2', 3)]}),
      /Quota exceeded for resources: \['volumes'\]/, 'QuotaExceeded')
    const ok = await createCluster(w.ctx(), {name: 'c', datastore: 'cassandra', instances: [member('2', 2), member('2', 3)]})
    assert.equal(ok.outcome, 'end')
    assert.deepEqual([w.usage('instances'), w.usage('volumes')], [{in_use: 3, reserved: 0}, {in_use: 7, reserved: 0}])
  })

  test('while building, the members are BUILD, the cluster BUILDING_INITIAL and the quota reserved; --fail undoes it all', async () => {
    const w = opWorld()
    const before = w.snapshot()
    let seen
    const r = await createCluster(w.ctx({delay: 0.01, fail: 'nova: no valid host', onStatus: () => {
      seen ??= {
        members: w.store.db.prepare('SELECT status, task, cluster_id FROM instances').all(),
        task: w.store.db.prepare('SELECT task FROM clusters').get().task,
        instances: w.usage('instances'), volumes: w.usage('volumes'),
      }
    }}), {name: 'c', datastore: 'redis', instances: [member('2', 2), member('2', 4)]})
    assert.equal(seen.task, 'BUILDING_INITIAL')
    assert.deepEqual(seen.members.map((m) => [m.status, m.task]), [['BUILD', 'BUILDING'], ['BUILD', 'BUILDING']])
    assert.deepEqual([seen.instances, seen.volumes], [{in_use: 0, reserved: 2}, {in_use: 0, reserved: 6}])
    assert.equal(r.outcome, 'error')
    assert.equal(r.error, 'nova: no valid host')
    const after = w.snapshot()
    assert.deepEqual([after.instances, after.clusters], [before.instances, before.clusters])
    assert.deepEqual([w.usage('instances'), w.usage('volumes')], [{in_use: 0, reserved: 0}, {in_use: 0, reserved: 0}])
    assertLifecycle(w.drain(), [['dbaas.cluster_create.start', 'api'], ['dbaas.cluster_create.error', 'task']])
  })
})

describe('cluster grow', () => {
  test('adds members (joining the newest shard), quota exact, trove.instance.create each with cluster_id', async () => {
    const {w, id} = await withCluster()
    const r = await growCluster(w.ctx(), 'shop', [member('3', 4), member('1', 1)])
    assert.equal(r.outcome, 'end')
    const members = clusterMembers(w.store, id)
    assert.deepEqual(members.map((m) => m.name), ['shop-member-1', 'shop-member-2', 'shop-member-3', 'shop-member-4', 'shop-member-5'])
    assert.equal(new Set(members.map((m) => m.shard_id)).size, 1)
    assert.deepEqual(r.resource.added, members.slice(3).map((m) => m.id))
    assert.deepEqual([w.usage('instances'), w.usage('volumes')], [{in_use: 5, reserved: 0}, {in_use: 12, reserved: 0}])
    const msgs = assertLifecycle(w.drain(), [
      ['dbaas.cluster_grow.start', 'api'], ['trove.instance.create', 'task'], ['trove.instance.create', 'task'], ['dbaas.cluster_grow.end', 'task'],
    ])
    assert.equal(msgs[0].payload.cluster_id, id)
    assert.deepEqual(msgs.slice(1, 3).map((m) => [m.payload.cluster_id, m.payload.name, m.payload.instance_size, m.payload.volume_size]),
      [[id, 'shop-member-4', 4096, 4], [id, 'shop-member-5', 512, 1]])
  })

  test('refused: quota, unknown cluster, a busy cluster, a member not ACTIVE, no members', async () => {
    const {w, id} = await withCluster({limits: {volumes: 10}})
    await refused(w, () => growCluster(w.ctx(), id, [member('2', 4)]), /Quota exceeded for resources: \['volumes'\]/, 'QuotaExceeded')
    const {messages} = await refused(w, () => growCluster(w.ctx(), 'nope', [member()]), /Cluster nope could not be found/, 'ClusterNotFound')
    assertLifecycle(messages, [['dbaas.cluster_grow.start', 'api'], ['dbaas.cluster_grow.error', 'api']])
    assert.equal(messages[0].message.payload.cluster_id, 'nope')
    await refused(w, () => growCluster(w.ctx(), id, []), /at least one instance/)
    w.store.db.prepare("UPDATE clusters SET task = 'SHRINKING_CLUSTER'").run()
    await refused(w, () => growCluster(w.ctx(), id, [member()]), /current cluster task is 'SHRINKING_CLUSTER'/, 'UnprocessableEntity')
    w.store.db.prepare('UPDATE clusters SET task = NULL').run()
    w.store.db.prepare("UPDATE instances SET status = 'ERROR' WHERE name = 'shop-member-2'").run()
    await refused(w, () => growCluster(w.ctx(), id, [member()]), /not ready: member shop-member-2 is ERROR/, 'UnprocessableEntity')
  })

  test('a cluster action while another runs is refused (the cluster is not idle)', async () => {
    const {w, id} = await withCluster()
    let concurrent
    const r = await growCluster(w.ctx({delay: 0.02, onStatus: () => {
      concurrent ??= shrinkCluster(w.ctx(), id, ['shop-member-1'])
    }}), id, [member()])
    assert.equal(r.outcome, 'end')
    const c = await concurrent
    assert.equal(c.outcome, 'error')
    assert.match(c.error, /current cluster task is 'GROWING_CLUSTER'/)
    assert.equal(clusterMembers(w.store, id).length, 4)
  })
})

describe('cluster shrink', () => {
  test('removes the named members (by name or id), frees their quota, trove.instance.delete each with cluster_id and deleted_at', async () => {
    const {w, id} = await withCluster()
    const [, second, third] = clusterMembers(w.store, id)
    const r = await shrinkCluster(w.ctx(), 'shop', ['shop-member-2', third.id, 'shop-member-2'])
    assert.equal(r.outcome, 'end')
    assert.deepEqual(clusterMembers(w.store, id).map((m) => m.name), ['shop-member-1'])
    assert.deepEqual(r.resource.removed, [second.id, third.id])
    assert.deepEqual([w.usage('instances'), w.usage('volumes')], [{in_use: 1, reserved: 0}, {in_use: 2, reserved: 0}])
    const msgs = assertLifecycle(w.drain(), [
      ['dbaas.cluster_shrink.start', 'api'], ['trove.instance.delete', 'task'], ['trove.instance.delete', 'task'], ['dbaas.cluster_shrink.end', 'task'],
    ])
    for (const m of msgs.slice(1, 3)) {
      assert.equal(m.payload.cluster_id, id)
      assert.match(m.payload.deleted_at, /Z$/)
    }
    assert.deepEqual(msgs.slice(1, 3).map((m) => m.payload.instance_id), [second.id, third.id])
    // A new member never reuses a removed member's name.
    await growCluster(w.ctx(), id, [member()])
    assert.deepEqual(clusterMembers(w.store, id).map((m) => m.name), ['shop-member-1', 'shop-member-4'])
  })

  test('refused: every member, a non-member, an unknown name, nothing named', async () => {
    const {w, id} = await withCluster()
    await createInstance(w.ctx(), {name: 'solo', flavor: '2', size: 1})
    const {messages} = await refused(w, () => shrinkCluster(w.ctx(), id, ['shop-member-1', 'shop-member-2', 'shop-member-3']),
      /Cannot remove every member of cluster shop: a cluster keeps at least one/, 'BadRequest')
    assertLifecycle(messages, [['dbaas.cluster_shrink.start', 'api'], ['dbaas.cluster_shrink.error', 'api']])
    await refused(w, () => shrinkCluster(w.ctx(), id, ['shop-member-1', 'solo', 'ghost']), /solo, ghost are not members of cluster shop .*its members are shop-member-1, shop-member-2, shop-member-3/)
    await refused(w, () => shrinkCluster(w.ctx(), id, []), /Name the member instances/)
  })
})

describe('cluster add-shard', () => {
  test('MongoDB: a new shard like the first (size, flavor, volume), ended by the API, members built by the taskmanager', async () => {
    const {w, id} = await withCluster()
    const firstShard = clusterMembers(w.store, id)[0].shard_id
    const r = await addShard(w.ctx(), 'shop')
    assert.equal(r.outcome, 'end')
    assert.equal(r.ended_by, 'api')
    const added = clusterMembers(w.store, id).slice(3)
    assert.equal(added.length, 3)
    assert.equal(new Set(added.map((m) => m.shard_id)).size, 1)
    assert.notEqual(added[0].shard_id, firstShard)
    assert.deepEqual(added.map((m) => [m.flavor_id, m.volume_size, m.status]), [['2', 2, 'ACTIVE'], ['2', 2, 'ACTIVE'], ['2', 2, 'ACTIVE']])
    assert.deepEqual([w.usage('instances'), w.usage('volumes')], [{in_use: 6, reserved: 0}, {in_use: 13, reserved: 0}])
    const msgs = assertLifecycle(w.drain(), [
      ['dbaas.cluster_add_shard.start', 'api'],
      ['trove.instance.create', 'task'], ['trove.instance.create', 'task'], ['trove.instance.create', 'task'],
      ['dbaas.cluster_add_shard.end', 'api'],
    ])
    assert.deepEqual(msgs.slice(1, 4).map((m) => m.payload.cluster_id), [id, id, id])
  })

  test('refused: not MongoDB, quota', async () => {
    const {w: redis, id: redisId} = await withCluster({}, 'redis', [member()])
    const {messages} = await refused(redis, () => addShard(redis.ctx(), redisId), /supported only for MongoDB clusters; cluster shop is redis/, 'BadRequest')
    assertLifecycle(messages, [['dbaas.cluster_add_shard.start', 'api'], ['dbaas.cluster_add_shard.error', 'api']])

    const {w, id} = await withCluster({limits: {instances: 5}})
    await refused(w, () => addShard(w.ctx(), id), /Quota exceeded for resources: \['instances'\]/, 'QuotaExceeded')
  })

  test('--fail strikes in the API: .error from api, members and quota undone', async () => {
    const {w, id} = await withCluster()
    const {messages} = await refused(w, () => addShard(w.ctx({fail: 'mongos unreachable'}), id), /mongos unreachable/, 'TroveError')
    assertLifecycle(messages, [['dbaas.cluster_add_shard.start', 'api'], ['dbaas.cluster_add_shard.error', 'api']])
  })
})

describe('cluster delete', () => {
  test('every member gets trove.instance.delete with cluster_id and deleted_at; quota back to zero; cluster gone', async () => {
    const {w, id} = await withCluster()
    await growCluster(w.ctx(), id, [member('1', 1)])
    w.drain()
    const members = clusterMembers(w.store, id)
    const r = await deleteCluster(w.ctx(), 'shop')
    assert.equal(r.outcome, 'end')
    assert.equal(r.resource.status, 'DELETED')
    assert.notEqual(w.store.db.prepare('SELECT deleted_at FROM clusters WHERE id = ?').get(id).deleted_at, null)
    assert.equal(clusterMembers(w.store, id).length, 0)
    assert.deepEqual([w.usage('instances'), w.usage('volumes')], [{in_use: 0, reserved: 0}, {in_use: 0, reserved: 0}])
    const msgs = assertLifecycle(w.drain(), [
      ['dbaas.cluster_delete.start', 'api'], ...members.map(() => ['trove.instance.delete', 'task']), ['dbaas.cluster_delete.end', 'task'],
    ])
    assert.equal(msgs[0].payload.cluster_id, id)
    assert.deepEqual(msgs.slice(1, -1).map((m) => [m.payload.instance_id, m.payload.cluster_id, typeof m.payload.deleted_at]),
      members.map((m) => [m.id, id, 'string']))
    // Gone: a second delete does not find it.
    const again = await deleteCluster(w.ctx(), id)
    assert.equal(again.error_class, 'ClusterNotFound')
  })

  test('refused while the cluster is busy; --fail in the taskmanager restores every member', async () => {
    const {w, id} = await withCluster()
    w.store.db.prepare("UPDATE clusters SET task = 'ADDING_SHARD'").run()
    await refused(w, () => deleteCluster(w.ctx(), id), /current cluster task is 'ADDING_SHARD'/)
    w.store.db.prepare('UPDATE clusters SET task = NULL').run()
    const {messages} = await refused(w, () => deleteCluster(w.ctx({fail: 'cinder: volume stuck'}), id), /cinder: volume stuck/)
    assertLifecycle(messages, [['dbaas.cluster_delete.start', 'api'], ['dbaas.cluster_delete.error', 'task']])
    assert.deepEqual([w.usage('instances'), w.usage('volumes')], [{in_use: 3, reserved: 0}, {in_use: 7, reserved: 0}])
  })
})
