// Replicas and the replication actions through the built CLI against
// RabbitMQ: create --replica-of, promote, eject, detach — what arrives on the
// queues on success and on a broken rule, exit codes, and how the replication
// set looks afterwards (instance show --json).
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {cliOk, runCli, testWorld} from '../helpers/cli.js'
import {expectLifecycle} from '../helpers/lifecycle.js'

const HOST = 'tn-repl-host'
const {args: world} = testWorld(HOST)
let bus

const cli = (args) => runCli([...args, ...world, ...bus.args, '--json'])
const show = (ref) => cliOk(...world)('instance', 'show', ref)
/** Every live instance: name → name of its source (null for a source or standalone instance). */
async function topology() {
  const rows = (await runCli(['instance', 'list', ...world, '--json'])).json
  const nameOf = Object.fromEntries(rows.map((r) => [r.id, r.name]))
  return Object.fromEntries(rows.map((r) => [r.name, r.replica_of ? nameOf[r.replica_of] ?? r.replica_of : null]))
}

before(async () => {
  bus = await privateBus('repl')
  const r = await runCli(['instance', 'create', 'db1', 'm1.medium', '--size', '3', '--datastore', 'mariadb', ...world, '--driver', 'noop'])
  assert.equal(r.code, 0, r.stderr)
})
after(() => bus.cleanup())

test('create --replica-of --replica-count 2: one lifecycle, a trove.instance.create per replica; replicas take flavor, datastore and size', async () => {
  const r = await cli(['instance', 'create', 'db1-replica', '--replica-of', 'db1', '--replica-count', '2'])
  assert.equal(r.code, 0, r.stderr)
  const got = await expectLifecycle(bus, {operation: 'instance_create', outcome: 'end', endedBy: 'task', host: HOST,
    status: ['trove.instance.create', 'trove.instance.create']})
  const source = await show('db1')
  assert.equal(got.start.payload.replica_of, 'db1')
  assert.equal(got.start.payload.replica_count, 2)
  assert.equal(got.start.payload.flavor, '3')
  assert.equal(got.start.payload.datastore, 'mariadb')
  assert.equal(got.start.payload.datastore_version, source.datastore_version)
  for (const name of ['db1-replica-1', 'db1-replica-2']) {
    const replica = await show(name)
    assert.deepEqual([replica.replica_of, replica.flavor_id, replica.datastore, replica.datastore_version, replica.volume_size],
      [source.id, '3', 'mariadb', source.datastore_version, 3])
  }
  assert.deepEqual(got.status.map((m) => [m.payload.instance_name, m.payload.volume_size, m.payload.instance_size]),
    [['db1-replica-1', 3, 4096], ['db1-replica-2', 3, 4096]])
  assert.deepEqual((await show('db1')).replicas.length, 2)
})

test('a replica of a replica is refused: .error, exit 1, nothing created', async () => {
  const r = await cli(['instance', 'create', 'chained', '--replica-of', 'db1-replica-1'])
  assert.equal(r.code, 1)
  assert.match(r.json.error, /is a replica; a replica of a replica is not supported/)
  await expectLifecycle(bus, {operation: 'instance_create', outcome: 'error', endedBy: 'api', host: HOST})
  const list = (await runCli(['instance', 'list', ...world, '--json'])).json
  assert.deepEqual(list.map((i) => i.name), ['db1', 'db1-replica-1', 'db1-replica-2'])
})

test('a replication source with replicas cannot be deleted', async () => {
  const r = await cli(['instance', 'delete', 'db1'])
  assert.equal(r.code, 1)
  assert.match(r.json.error, /is the replication source of .*; detach or delete its replicas first/)
  await expectLifecycle(bus, {operation: 'instance_delete', outcome: 'error', endedBy: 'api', host: HOST})
  assert.equal((await show('db1')).status, 'ACTIVE')
})

test('promote of an instance that is not a replica: .error from the api, exit 1, set unchanged', async () => {
  const before = await topology()
  const r = await cli(['promote-to-replica-source', 'db1'])
  assert.equal(r.code, 1)
  assert.match(r.json.error, /is not a replica; only a replica can be promoted/)
  const got = await expectLifecycle(bus, {operation: 'instance_promote', outcome: 'error', endedBy: 'api', host: HOST})
  assert.equal(got.start.payload.instance_id, (await show('db1')).id)
  assert.deepEqual(await topology(), before)
})

test('promote: the replica becomes the source, the old source and the other replica follow it', async () => {
  const r = await cli(['instance', 'promote', 'db1-replica-2'])
  assert.equal(r.code, 0, r.stderr)
  const got = await expectLifecycle(bus, {operation: 'instance_promote', outcome: 'end', endedBy: 'task', host: HOST})
  assert.equal(got.start.payload.instance_id, (await show('db1-replica-2')).id)
  assert.deepEqual(await topology(),
    {'db1': 'db1-replica-2', 'db1-replica-1': 'db1-replica-2', 'db1-replica-2': null})
  const list = (await runCli(['instance', 'list', ...world, '--json'])).json
  assert.deepEqual(list.map((i) => [i.status, i.task]), [['ACTIVE', null], ['ACTIVE', null], ['ACTIVE', null]])
})

test('eject of a replica (not a source): .error, exit 1, set unchanged', async () => {
  const before = await topology()
  const r = await cli(['instance', 'eject', 'db1'])
  assert.equal(r.code, 1)
  assert.match(r.json.error, /is a replica, not a replica source/)
  await expectLifecycle(bus, {operation: 'instance_eject', outcome: 'error', endedBy: 'api', host: HOST})
  assert.deepEqual(await topology(), before)
})

test('eject: the source leaves the set, its oldest replica is elected and the other follows it', async () => {
  const r = await cli(['eject-replica-source', 'db1-replica-2'])
  assert.equal(r.code, 0, r.stderr)
  await expectLifecycle(bus, {operation: 'instance_eject', outcome: 'end', endedBy: 'task', host: HOST})
  assert.equal(r.json.resource.new_replica_source, (await show('db1')).id)
  assert.deepEqual(await topology(),
    {'db1': null, 'db1-replica-1': 'db1', 'db1-replica-2': null})
})

test('detach of a standalone instance: .error, exit 1', async () => {
  const r = await cli(['instance', 'detach', 'db1-replica-2'])
  assert.equal(r.code, 1)
  assert.match(r.json.error, /is not a replica; only a replica can be detached/)
  await expectLifecycle(bus, {operation: 'instance_detach', outcome: 'error', endedBy: 'api', host: HOST})
})

test('detach: the replica becomes standalone; its old source can then be deleted', async () => {
  const r = await cli(['detach-replica', 'db1-replica-1'])
  assert.equal(r.code, 0, r.stderr)
  const got = await expectLifecycle(bus, {operation: 'instance_detach', outcome: 'end', endedBy: 'task', host: HOST})
  assert.equal(got.start.payload.instance_id, (await show('db1-replica-1')).id)
  assert.deepEqual(await topology(),
    {'db1': null, 'db1-replica-1': null, 'db1-replica-2': null})
  const del = await cli(['instance', 'delete', 'db1'])
  assert.equal(del.code, 0, del.stderr)
  await expectLifecycle(bus, {operation: 'instance_delete', outcome: 'end', endedBy: 'task', host: HOST, status: ['trove.instance.delete']})
})
