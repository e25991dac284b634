// The cluster commands as a user runs them: the built CLI against the real
// RabbitMQ, each lifecycle read back from the queues — event types in order,
// routing keys, priorities, publisher/server_type, the fields that matter
// (cluster_id on every member's trove.instance.*) — and the exit codes.
import assert from 'node:assert/strict'
import {hostname} from 'node:os'
import {after, before, describe, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {cliWith, tempState} from '../helpers/cli.js'
import {expectLifecycle} from '../helpers/lifecycle.js'

describe('cluster commands against RabbitMQ', () => {
  let bus
  const state = tempState()
  let cli
  /** Read-only commands: the same world, no broker flags. */
  const world = cliWith('--state', state)
  /** Exactly one lifecycle of `operation` arrived (see expectLifecycle). */
  const arrived = (operation, outcome, endedBy, more = {}) => expectLifecycle(bus, {operation, outcome, endedBy, host: hostname(), ...more})
  let clusterId

  before(async () => {
    bus = await privateBus('cluster')
    cli = cliWith('--state', state, ...bus.args)
  })
  after(async () => {
    await bus.cleanup()
  })

  const CREATES = (n) => Array(n).fill('trove.instance.create')
  const DELETES = (n) => Array(n).fill('trove.instance.delete')

  test('create: .start from the API, one trove.instance.create per member with cluster_id, .end with cluster_id from the taskmanager', async () => {
    const r = await cli('cluster', 'create', 'shop', 'mongodb', '5.0', '--instance', 'flavor=2,volume=2', '--instance', 'flavor=m1.small,volume=3,availability_zone=az2', '--json')
    assert.equal(r.code, 0, r.stderr)
    clusterId = r.json.resource.id
    const {start, status, end} = await arrived('cluster_create', 'end', 'task', {status: CREATES(2)})
    assert.deepEqual([start.payload.name, start.payload.datastore, start.payload.datastore_version], ['shop', 'mongodb', '5.0'])
    assert.equal(end.payload.cluster_id, clusterId)
    assert.deepEqual(status.map((m) => [m.payload.cluster_id, m.payload.instance_name, m.payload.volume_size, m.payload.availability_zone, m.payload.state]),
      [[clusterId, 'shop-member-1', 2, 'nova', 'ACTIVE'], [clusterId, 'shop-member-2', 3, 'az2', 'ACTIVE']])
    assert.deepEqual(r.json.resource.instances, status.map((m) => m.payload.instance_id))
    assert.deepEqual(r.json.notifications.map((n) => n.message_id), [start, ...status, end].map((m) => m.message_id), '--json lists what was published')
  })

  test('create refused (datastore without clusters; alias cluster-create): .error, exit 1, nothing created', async () => {
    const r = await cli('cluster-create', 'x', 'mysql', '8.0', '--instance', 'flavor=2,volume=1')
    assert.equal(r.code, 1)
    assert.match(r.stdout, /Clusters are not supported for datastore mysql/)
    const {error} = await arrived('cluster_create', 'error', 'api')
    assert.match(error.payload.message, /Clusters are not supported for datastore mysql/)
    assert.match(error.payload.exception.at(-1), /^trove\.common\.exception\.BadRequest: /)
    const list = await world('cluster', 'list', '--json')
    assert.deepEqual(list.json.map((c) => c.name), ['shop'])
  })

  test('bad --instance or none at all: one-line usage error, exit 2, nothing published', async () => {
    const bad = await cli('cluster', 'create', 'x', 'redis', '7.0', '--instance', 'flavor=2')
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /needs volume=GB as a whole number/)
    assert.doesNotMatch(bad.stderr, /at .*\.js:\d+/, 'no stack trace')
    const none = await cli('cluster', 'grow', 'shop')
    assert.equal(none.code, 2)
    assert.match(none.stderr, /missing --instance/)
    const {all} = await bus.takeAll()
    assert.equal(all.length, 0)
  })

  test('grow: one trove.instance.create per new member with cluster_id; refused for an unknown flavor', async () => {
    const r = await cli('cluster', 'grow', 'shop', '--instance', 'flavor=1,volume=1')
    assert.equal(r.code, 0, r.stderr)
    const {start, status} = await arrived('cluster_grow', 'end', 'task', {status: CREATES(1)})
    assert.equal(start.payload.cluster_id, clusterId)
    assert.deepEqual([status[0].payload.cluster_id, status[0].payload.instance_name, status[0].payload.instance_type], [clusterId, 'shop-member-3', 'm1.tiny'])

    const bad = await cli('cluster-grow', 'shop', '--instance', 'flavor=99,volume=1')
    assert.equal(bad.code, 1)
    const {error} = await arrived('cluster_grow', 'error', 'api')
    assert.match(error.payload.message, /Resource 99 cannot be found/)
  })

  test('show lists the member instances', async () => {
    const r = await world('cluster', 'show', 'shop', '--json')
    assert.equal(r.code, 0)
    assert.deepEqual(r.json.instances.map((i) => [i.name, i.status]), [['shop-member-1', 'ACTIVE'], ['shop-member-2', 'ACTIVE'], ['shop-member-3', 'ACTIVE']])
    const human = await world('cluster-show', 'shop')
    assert.match(human.stdout, /shop-member-3/)
  })

  test('shrink: trove.instance.delete with cluster_id and deleted_at; refused for a name that is not a member', async () => {
    const r = await cli('cluster', 'shrink', 'shop', 'shop-member-3')
    assert.equal(r.code, 0, r.stderr)
    const {status} = await arrived('cluster_shrink', 'end', 'task', {status: DELETES(1)})
    assert.deepEqual([status[0].payload.cluster_id, status[0].payload.instance_name], [clusterId, 'shop-member-3'])
    assert.match(status[0].payload.deleted_at, /^\d{4}-\d\d-\d\dT.*Z$/)

    const bad = await cli('cluster-shrink', 'shop', 'ghost')
    assert.equal(bad.code, 1)
    assert.match(bad.stdout, /ghost is not a member of cluster shop/)
    await arrived('cluster_shrink', 'error', 'api')
  })

  test('add-shard: members built by the taskmanager (cluster_id), .end from the API; refused for a redis cluster', async () => {
    const r = await cli('cluster', 'add-shard', 'shop')
    assert.equal(r.code, 0, r.stderr)
    const {start, status} = await arrived('cluster_add_shard', 'end', 'api', {status: CREATES(2), statusBy: 'task'})
    assert.equal(start.payload.cluster_id, clusterId)
    assert.deepEqual(status.map((m) => [m.payload.cluster_id, m.payload.instance_type_id, m.payload.volume_size]), [[clusterId, '2', 2], [clusterId, '2', 2]])

    assert.equal((await cli('cluster', 'create', 'cache', 'redis', '7.0', '--instance', 'flavor=2,volume=1')).code, 0)
    await bus.takeAll()
    const bad = await cli('cluster-add-shard', 'cache')
    assert.equal(bad.code, 1)
    const {error} = await arrived('cluster_add_shard', 'error', 'api')
    assert.match(error.payload.message, /supported only for MongoDB clusters/)
  })

  test('delete: every member gets trove.instance.delete with cluster_id; refused for an unknown cluster', async () => {
    const bad = await cli('cluster-delete', 'ghost')
    assert.equal(bad.code, 1)
    const refused = await arrived('cluster_delete', 'error', 'api')
    assert.equal(refused.start.payload.cluster_id, 'ghost')
    assert.match(refused.error.payload.exception.at(-1), /ClusterNotFound: Cluster ghost could not be found/)

    const r = await cli('cluster', 'delete', 'shop')
    assert.equal(r.code, 0, r.stderr)
    const {start, status} = await arrived('cluster_delete', 'end', 'task', {status: DELETES(4)})
    assert.equal(start.payload.cluster_id, clusterId)
    assert.deepEqual(status.map((m) => [m.payload.cluster_id, m.payload.instance_name]),
      ['shop-member-1', 'shop-member-2', 'shop-member-4', 'shop-member-5'].map((name) => [clusterId, name]))
    assert.equal((await world('cluster', 'show', 'shop')).code, 2)
  })
})
