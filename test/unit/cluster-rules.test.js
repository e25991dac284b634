// Cluster operations in-process on a :memory: world: Trove's rules (each
// broken rule is .start then .error with every table as it was), the statuses
// during the work, quota usage exact after create/grow/shrink/add-shard/delete,
// and who publishes each notification.
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {addShard, createCluster, deleteCluster, growCluster, shrinkCluster} from '../../dist/operations/cluster.js'
import {createInstance} from '../../dist/operations/instance.js'
import {eachBackend, refused, usage} from '../helpers/world.js'

eachBackend(({world}) => {
  const member = (flavor = '2', volume = 2) => ({flavor, volume})

  /** {in_use, reserved} of the tenant's instances and volumes. */
  const quota = (w) => [usage(w, 'instances'), usage(w, 'volumes')]

  /** What was published: [event_type, service of publisher_id, server_type (dbaas.* only)]. */
  const trail = (w) => w.messages().map((m) => [m.event_type, m.publisher_id.split('.')[0], m.payload.server_type])

  const START = (op) => [`dbaas.${op}.start`, 'api', 'api']
  const CREATED = ['trove.instance.create', 'taskmanager', undefined]
  const DELETED = ['trove.instance.delete', 'taskmanager', undefined]

  /** A world with a 3-member MongoDB cluster `shop` (2+3+2 GB), messages reset. */
  async function withCluster(datastore = 'mongodb', members = [member('2', 2), member('2', 3), member('2', 2)]) {
    const w = world()
    const r = await createCluster(w.ctx(), {name: 'shop', datastore, instances: members})
    assert.equal(r.outcome, 'end', r.error)
    w.reset()
    return {w, id: r.resource.id}
  }


  describe('cluster create', () => {
    test('members are instances with cluster_id and one shard; quota in use exactly; one trove.instance.create each', async () => {
      const w = world()
      const r = await createCluster(w.ctx(), {name: 'shop', datastore: 'mongodb', datastoreVersion: '4.4',
        instances: [member('2', 2), member('3', 3), {flavor: 'm1.tiny', volume: 1, availabilityZone: 'az2'}]})
      assert.equal(r.outcome, 'end')
      assert.equal(r.ended_by, 'task')
      const id = r.resource.id
      const members = w.world.clusters.members(id)
      assert.deepEqual(members.map((m) => [m.name, m.flavor_id, m.volume_size, m.availability_zone, m.status, m.task, m.datastore_version]), [
        ['shop-member-1', '2', 2, 'nova', 'ACTIVE', null, '4.4'],
        ['shop-member-2', '3', 3, 'nova', 'ACTIVE', null, '4.4'],
        ['shop-member-3', '1', 1, 'az2', 'ACTIVE', null, '4.4'],
      ])
      assert.ok(members[0].shard_id)
      assert.equal(new Set(members.map((m) => m.shard_id)).size, 1, 'one shard')
      assert.equal(w.world.clusters.get(id).task, null)
      assert.deepEqual(quota(w), [{in_use: 3, reserved: 0}, {in_use: 6, reserved: 0}])

      assert.deepEqual(trail(w), [START('cluster_create'), CREATED, CREATED, CREATED, ['dbaas.cluster_create.end', 'taskmanager', 'task']])
      const msgs = w.messages()
      assert.deepEqual([msgs[0].payload.name, msgs[0].payload.datastore, msgs[0].payload.datastore_version], ['shop', 'mongodb', '4.4'])
      assert.equal(msgs[4].payload.cluster_id, id)
      assert.deepEqual(msgs.slice(1, 4).map((m) => [m.payload.cluster_id, m.payload.instance_id, m.payload.state]), members.map((m) => [id, m.id, 'ACTIVE']))
    })

    test('refused: a datastore without clusters, bad members, no members, unknown datastore or version', async () => {
      const w = world()
      const create = (over) => () => createCluster(w.ctx(), {name: 'x', datastore: 'redis', datastoreVersion: '7.0', instances: [member()], ...over})
      await refused(w, create({datastore: 'mysql', datastoreVersion: '8.0'}),
        /Clusters are not supported for datastore mysql; use one of cassandra, mariadb, mongodb, pxc, redis/, 'BadRequest')
      await refused(w, create({instances: [member(), member('99', 2)]}), /Resource 99 cannot be found/, 'FlavorNotFound')
      await refused(w, create({instances: [member('2', 11)]}), /cannot exceed the maximum of 10 GB/, 'BadRequest')
      await refused(w, create({instances: [member('2', 0)]}), /Volume size 0 is not valid/, 'BadRequest')
      await refused(w, create({instances: []}), /at least one instance/, 'BadRequest')
      await refused(w, create({datastore: 'nosuch'}), /Datastore 'nosuch' cannot be found/, 'DatastoreNotFound')
      await refused(w, create({datastoreVersion: '1.0'}), /Datastore version '1.0' cannot be found/, 'DatastoreVersionNotFound')
    })

    test('quota: members count against instances and volumes; going over names the resource', async () => {
      const w = world()
      w.world.quotas.setLimit('tenant-a', 'instances', 4)
      w.world.quotas.setLimit('tenant-a', 'volumes', 7)
      await createInstance(w.ctx(), {name: 'solo', flavor: '2', size: 2})
      await refused(w, () => createCluster(w.ctx(), {name: 'c', datastore: 'cassandra', instances: [member('1', 1), member('1', 1), member('1', 1), member('1', 1)]}),
        /Quota exceeded for resources: \['instances'\]/, 'QuotaExceeded')
      await refused(w, () => createCluster(w.ctx(), {name: 'c', datastore: 'cassandra', instances: [member('2', 3), member('2', 3)]}),
        /Quota exceeded for resources: \['volumes'\]/, 'QuotaExceeded')
      const ok = await createCluster(w.ctx(), {name: 'c', datastore: 'cassandra', instances: [member('2', 2), member('2', 3)]})
      assert.equal(ok.outcome, 'end')
      assert.deepEqual(quota(w), [{in_use: 3, reserved: 0}, {in_use: 7, reserved: 0}])
    })

    test('while building: members BUILD, cluster BUILDING_INITIAL, quota reserved; --fail in the taskmanager undoes it all', async () => {
      const w = world()
      let seen
      const r = await createCluster(w.ctx({delay: 0.01, fail: 'nova: no valid host', onStatus: () => {
        seen ??= {
          members: w.world.dump().instances.map(({status, task}) => ({status, task})),
          task: w.world.dump().clusters[0].task,
          usage: quota(w),
        }
      }}), {name: 'c', datastore: 'redis', instances: [member('2', 2), member('2', 4)]})
      assert.deepEqual(seen, {
        members: [{status: 'BUILD', task: 'BUILDING'}, {status: 'BUILD', task: 'BUILDING'}],
        task: 'BUILDING_INITIAL',
        usage: [{in_use: 0, reserved: 2}, {in_use: 0, reserved: 6}],
      })
      assert.equal(r.outcome, 'error')
      assert.equal(r.error, 'nova: no valid host')
      assert.deepEqual([w.snapshot().instances, w.snapshot().clusters], [[], []])
      assert.deepEqual(quota(w), [{in_use: 0, reserved: 0}, {in_use: 0, reserved: 0}])
      assert.deepEqual(trail(w), [START('cluster_create'), ['dbaas.cluster_create.error', 'taskmanager', 'task']])
    })
  })

  describe('cluster grow', () => {
    test('adds members (joining the newest shard); quota exact; trove.instance.create each with cluster_id', async () => {
      const {w, id} = await withCluster()
      const r = await growCluster(w.ctx(), 'shop', [member('3', 4), member('1', 1)])
      assert.equal(r.outcome, 'end')
      const members = w.world.clusters.members(id)
      assert.deepEqual(members.map((m) => m.name), ['shop-member-1', 'shop-member-2', 'shop-member-3', 'shop-member-4', 'shop-member-5'])
      assert.equal(new Set(members.map((m) => m.shard_id)).size, 1)
      assert.deepEqual(r.resource.added, members.slice(3).map((m) => m.id))
      assert.deepEqual(quota(w), [{in_use: 5, reserved: 0}, {in_use: 12, reserved: 0}])
      assert.deepEqual(trail(w), [START('cluster_grow'), CREATED, CREATED, ['dbaas.cluster_grow.end', 'taskmanager', 'task']])
      const msgs = w.messages()
      assert.equal(msgs[0].payload.cluster_id, id)
      assert.deepEqual(msgs.slice(1, 3).map((m) => [m.payload.cluster_id, m.payload.name, m.payload.instance_size, m.payload.volume_size]),
        [[id, 'shop-member-4', 4096, 4], [id, 'shop-member-5', 512, 1]])
    })

    test('refused: quota, unknown cluster, a busy cluster, a member not ACTIVE, no members', async () => {
      const {w, id} = await withCluster()
      w.world.quotas.setLimit('tenant-a', 'volumes', 10)
      await refused(w, () => growCluster(w.ctx(), id, [member('2', 4)]), /Quota exceeded for resources: \['volumes'\]/, 'QuotaExceeded')
      const {start} = await refused(w, () => growCluster(w.ctx(), 'nope', [member()]), /Cluster nope could not be found/, 'ClusterNotFound')
      assert.equal(start.payload.cluster_id, 'nope')
      await refused(w, () => growCluster(w.ctx(), id, []), /at least one instance/)
      w.world.clusters.update(id, {task: 'SHRINKING_CLUSTER'})
      await refused(w, () => growCluster(w.ctx(), id, [member()]), /current cluster task is 'SHRINKING_CLUSTER'/, 'UnprocessableEntity')
      w.world.clusters.update(id, {task: null})
      w.world.instances.update(w.world.instances.byRef('shop-member-2')[0].id, {status: 'ERROR'})
      await refused(w, () => growCluster(w.ctx(), id, [member()]), /not ready: member shop-member-2 is ERROR/, 'UnprocessableEntity')
    })

    test('a cluster action while another runs is refused: the cluster is not idle', async () => {
      const {w, id} = await withCluster()
      let concurrent
      const r = await growCluster(w.ctx({delay: 0.02, onStatus: () => {
        concurrent ??= shrinkCluster(w.ctx(), id, ['shop-member-1'])
      }}), id, [member()])
      assert.equal(r.outcome, 'end')
      const c = await concurrent
      assert.equal(c.outcome, 'error')
      assert.match(c.error, /current cluster task is 'GROWING_CLUSTER'/)
      assert.equal(w.world.clusters.members(id).length, 4)
    })
  })

  describe('cluster shrink', () => {
    test('removes the named members (name or id); frees their quota; trove.instance.delete each with cluster_id and deleted_at', async () => {
      const {w, id} = await withCluster()
      const [, second, third] = w.world.clusters.members(id)
      const r = await shrinkCluster(w.ctx(), 'shop', ['shop-member-2', third.id, 'shop-member-2'])
      assert.equal(r.outcome, 'end')
      assert.deepEqual(w.world.clusters.members(id).map((m) => m.name), ['shop-member-1'])
      assert.deepEqual(r.resource.removed, [second.id, third.id])
      assert.deepEqual(quota(w), [{in_use: 1, reserved: 0}, {in_use: 2, reserved: 0}])
      assert.deepEqual(trail(w), [START('cluster_shrink'), DELETED, DELETED, ['dbaas.cluster_shrink.end', 'taskmanager', 'task']])
      const deletes = w.messages().slice(1, 3)
      assert.deepEqual(deletes.map((m) => [m.payload.instance_id, m.payload.cluster_id]), [[second.id, id], [third.id, id]])
      for (const m of deletes) assert.match(m.payload.deleted_at, /Z$/)
      // A new member never reuses a removed member's name.
      await growCluster(w.ctx(), id, [member()])
      assert.deepEqual(w.world.clusters.members(id).map((m) => m.name), ['shop-member-1', 'shop-member-4'])
    })

    test('refused: every member, a non-member, an unknown name, nothing named', async () => {
      const {w, id} = await withCluster()
      await createInstance(w.ctx(), {name: 'solo', flavor: '2', size: 1})
      await refused(w, () => shrinkCluster(w.ctx(), id, ['shop-member-1', 'shop-member-2', 'shop-member-3']),
        /Cannot remove every member of cluster shop: a cluster keeps at least one/, 'BadRequest')
      await refused(w, () => shrinkCluster(w.ctx(), id, ['shop-member-1', 'solo', 'ghost']),
        /solo, ghost are not members of cluster shop .*its members are shop-member-1, shop-member-2, shop-member-3/)
      await refused(w, () => shrinkCluster(w.ctx(), id, []), /Name the member instances/)
    })
  })

  describe('cluster add-shard', () => {
    test('MongoDB: a new shard like the first (size, flavor, volume); members built by the taskmanager, .end from the API', async () => {
      const {w, id} = await withCluster()
      const firstShard = w.world.clusters.members(id)[0].shard_id
      const r = await addShard(w.ctx(), 'shop')
      assert.equal(r.outcome, 'end')
      assert.equal(r.ended_by, 'api')
      const added = w.world.clusters.members(id).slice(3)
      assert.deepEqual(added.map((m) => [m.flavor_id, m.volume_size, m.status]), [['2', 2, 'ACTIVE'], ['2', 2, 'ACTIVE'], ['2', 2, 'ACTIVE']])
      assert.equal(new Set(added.map((m) => m.shard_id)).size, 1)
      assert.notEqual(added[0].shard_id, firstShard)
      assert.deepEqual(quota(w), [{in_use: 6, reserved: 0}, {in_use: 13, reserved: 0}])
      assert.deepEqual(trail(w), [START('cluster_add_shard'), CREATED, CREATED, CREATED, ['dbaas.cluster_add_shard.end', 'api', 'api']])
      assert.deepEqual(w.messages().slice(1, 4).map((m) => m.payload.cluster_id), [id, id, id])
    })

    test('refused: not MongoDB, quota', async () => {
      const {w: redis, id: redisId} = await withCluster('redis', [member()])
      await refused(redis, () => addShard(redis.ctx(), redisId), /supported only for MongoDB clusters; cluster shop is redis/, 'BadRequest')
      const {w, id} = await withCluster()
      w.world.quotas.setLimit('tenant-a', 'instances', 5)
      await refused(w, () => addShard(w.ctx(), id), /Quota exceeded for resources: \['instances'\]/, 'QuotaExceeded')
    })

    test('--fail strikes in the API: .error from api, the shard and its reservation undone', async () => {
      const {w, id} = await withCluster()
      const before = w.snapshot()
      const r = await addShard(w.ctx({fail: 'mongos unreachable'}), id)
      assert.equal(r.error, 'mongos unreachable')
      assert.deepEqual([w.snapshot().instances, w.snapshot().clusters], [before.instances, before.clusters])
      assert.deepEqual(quota(w), [{in_use: 3, reserved: 0}, {in_use: 7, reserved: 0}])
      assert.deepEqual(trail(w), [START('cluster_add_shard'), ['dbaas.cluster_add_shard.error', 'api', 'api']])
    })
  })

  describe('cluster delete', () => {
    test('every member gets trove.instance.delete with cluster_id and deleted_at; quota back to zero; the cluster is gone', async () => {
      const {w, id} = await withCluster()
      await growCluster(w.ctx(), id, [member('1', 1)])
      w.reset()
      const members = w.world.clusters.members(id)
      const r = await deleteCluster(w.ctx(), 'shop')
      assert.equal(r.outcome, 'end')
      assert.equal(r.resource.status, 'DELETED')
      assert.notEqual(w.world.clusters.get(id).deleted_at, null)
      assert.equal(w.world.clusters.members(id).length, 0)
      assert.deepEqual(quota(w), [{in_use: 0, reserved: 0}, {in_use: 0, reserved: 0}])
      assert.deepEqual(trail(w), [START('cluster_delete'), DELETED, DELETED, DELETED, DELETED, ['dbaas.cluster_delete.end', 'taskmanager', 'task']])
      const msgs = w.messages()
      assert.equal(msgs[0].payload.cluster_id, id)
      assert.deepEqual(msgs.slice(1, -1).map((m) => [m.payload.instance_id, m.payload.cluster_id, typeof m.payload.deleted_at]),
        members.map((m) => [m.id, id, 'string']))
      await refused(w, () => deleteCluster(w.ctx(), id), /could not be found/, 'ClusterNotFound')
    })

    test('refused while the cluster is busy; --fail in the taskmanager restores every member', async () => {
      const {w, id} = await withCluster()
      w.world.clusters.update(id, {task: 'ADDING_SHARD'})
      await refused(w, () => deleteCluster(w.ctx(), id), /current cluster task is 'ADDING_SHARD'/)
      w.world.clusters.update(id, {task: null})
      const before = w.snapshot()
      w.reset()
      const r = await deleteCluster(w.ctx({fail: 'cinder: volume stuck'}), id)
      assert.equal(r.error, 'cinder: volume stuck')
      assert.deepEqual(w.snapshot(), before)
      assert.deepEqual(trail(w), [START('cluster_delete'), ['dbaas.cluster_delete.error', 'taskmanager', 'task']])
    })
  })
})
