// restart, resize-volume and resize-instance through the built CLI against
// RabbitMQ: what arrives on the queues (types, routing keys, priorities,
// components, fields) on the success path and on a broken rule, exit codes,
// the state afterwards (instance show --json, quota_usages), and a status
// visible to another process during --delay.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {withWorld} from '../helpers/state.js'
import {privateBus} from '../helpers/broker.js'
import {BIN, cliOk, isolatedEnv, runCli, testWorld} from '../helpers/cli.js'
import {expectLifecycle} from '../helpers/lifecycle.js'

const HOST = 'tn-ops-host'
const {state, args: world} = testWorld(HOST, 'max_accepted_volume_size = 10\n')
let bus

/** Run the CLI on this file's world; `bus` routes it to the private bus, otherwise nothing is published. */
const cli = (args, {onBus = true} = {}) => runCli([...args, ...world, ...(onBus ? bus.args : ['--driver', 'noop']), '--json'])
const show = (ref) => cliOk(...world)('instance', 'show', ref)
const inWorld = (fn) => withWorld(state, fn)
/** The volumes usage of this file's (only) tenant. */
const volumesUsage = () => inWorld((w) => {
  const {in_use, reserved} = w.dump().quota_usages.find((u) => u.resource === 'volumes')
  return {in_use, reserved}
})

before(async () => {
  bus = await privateBus('actions')
  const r = await cli(['instance', 'create', 'db1', '2', '--size', '2'], {onBus: false})
  assert.equal(r.code, 0, r.stderr)
})
after(() => bus.cleanup())

test('restart: .start from the api, .end from the taskmanager; restart_required is cleared', async () => {
  const id = (await show('db1')).id
  inWorld((w) => w.instances.update(id, {restart_required: 1}))
  const r = await cli(['instance', 'restart', 'db1'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.json.outcome, 'end')
  assert.equal(r.json.ended_by, 'task')
  const got = await expectLifecycle(bus, {operation: 'instance_restart', outcome: 'end', endedBy: 'task', host: HOST})
  assert.equal(got.start.payload.instance_id, id)
  assert.equal(got.end.payload.request_id, r.json.request_id)
  const after = await show('db1')
  assert.equal(after.status, 'ACTIVE')
  assert.equal(after.restart_required, false)
})

test('restart refused while a backup runs: .error from the api on the error queue, exit 1, state unchanged', async () => {
  const {id, tenant_id: tenant} = await show('db1')
  inWorld((w) => w.backups.insert({
    id: 'bk-running', name: 'nightly', tenant_id: tenant, instance_id: id, parent_id: null, description: null, status: 'BUILDING', size: null,
    datastore: 'mysql', datastore_version: '8.0', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', deleted_at: null,
  }))
  try {
    const before = await show('db1')
    const r = await cli(['restart', 'db1'])
    assert.equal(r.code, 1)
    assert.equal(r.json.outcome, 'error')
    assert.match(r.json.error, /has a backup running \(bk-running\)/)
    const got = await expectLifecycle(bus, {operation: 'instance_restart', outcome: 'error', endedBy: 'api', host: HOST})
    assert.equal(got.error.payload.message, r.json.error)
    assert.match(got.error.payload.exception.at(-1), /^trove\.common\.exception\.UnprocessableEntity: .*backup running/)
    assert.deepEqual(await show('db1'), before)
  } finally {
    inWorld((w) => w.backups.remove('bk-running'))
  }
})

test('resize-volume: trove.instance.modify_volume with old_volume_size and modify_at; quota usage exact', async () => {
  const r = await cli(['instance', 'resize-volume', 'db1', '4'])
  assert.equal(r.code, 0, r.stderr)
  const got = await expectLifecycle(bus, {operation: 'instance_resize_volume', outcome: 'end', endedBy: 'task', host: HOST, status: ['trove.instance.modify_volume']})
  const inst = await show('db1')
  assert.equal(got.start.payload.instance_id, inst.id)
  assert.equal(got.start.payload.new_size, 4)
  const [modify] = got.status
  assert.equal(modify.payload.old_volume_size, 2)
  assert.equal(modify.payload.volume_size, 4)
  assert.equal(modify.payload.instance_id, inst.id)
  assert.equal(modify.payload.state, 'ACTIVE')
  assert.match(modify.payload.modify_at, /^\d{4}-\d\d-\d\dT.*Z$/)
  assert.equal(inst.volume_size, 4)
  assert.equal(inst.status, 'ACTIVE')
  const usage = inWorld((w) => ['instances', 'volumes'].map((resource) => {
    const {in_use, reserved} = w.quotas.usage(inst.tenant_id, resource)
    return {resource, in_use, reserved}
  }))
  assert.deepEqual(usage, [{resource: 'instances', in_use: 1, reserved: 0}, {resource: 'volumes', in_use: 4, reserved: 0}])
})

test('resize-volume to a smaller size is refused: .error, exit 1, size and quota unchanged', async () => {
  const before = await show('db1')
  const r = await cli(['resize-volume', 'db1', '3'])
  assert.equal(r.code, 1)
  assert.match(r.json.error, /must be larger than the current volume size of 4 GB/)
  const got = await expectLifecycle(bus, {operation: 'instance_resize_volume', outcome: 'error', endedBy: 'api', host: HOST})
  assert.equal(got.start.payload.new_size, 3)
  assert.match(got.error.payload.exception.at(-1), /BadRequest: The new volume size 3 GB/)
  assert.deepEqual(await show('db1'), before)
  assert.deepEqual(volumesUsage(), {in_use: 4, reserved: 0})
})

test('resize-volume failing in the taskmanager (--fail): .error from task, reservation released, size unchanged', async () => {
  const r = await cli(['instance', 'resize-volume', 'db1', '6', '--fail', 'cinder: volume extend failed'])
  assert.equal(r.code, 1)
  assert.equal(r.json.ended_by, 'task')
  const got = await expectLifecycle(bus, {operation: 'instance_resize_volume', outcome: 'error', endedBy: 'task', host: HOST})
  assert.equal(got.error.payload.message, 'cinder: volume extend failed')
  const inst = await show('db1')
  assert.equal(inst.volume_size, 4)
  assert.equal(inst.status, 'ACTIVE')
  assert.equal(inst.task, null)
  assert.deepEqual(volumesUsage(), {in_use: 4, reserved: 0})
})

test('resize-instance: trove.instance.modify_flavor with old_instance_size (the old flavor RAM)', async () => {
  const r = await cli(['instance', 'resize-instance', 'db1', 'm1.large'])
  assert.equal(r.code, 0, r.stderr)
  const got = await expectLifecycle(bus, {operation: 'instance_resize_instance', outcome: 'end', endedBy: 'task', host: HOST, status: ['trove.instance.modify_flavor']})
  assert.equal(got.start.payload.new_flavor_id, '4')
  const [modify] = got.status
  assert.equal(modify.payload.old_instance_size, 2048)
  assert.equal(modify.payload.instance_size, 8192)
  assert.equal(modify.payload.instance_type_id, '4')
  assert.equal(modify.payload.instance_type, 'm1.large')
  assert.match(modify.payload.modify_at, /Z$/)
  assert.equal((await show('db1')).flavor_id, '4')
})

test('resize-instance to an unknown flavor is refused: FlavorNotFound, exit 1, flavor unchanged', async () => {
  const before = await show('db1')
  const r = await cli(['resize-instance', 'db1', 'm9.huge'])
  assert.equal(r.code, 1)
  assert.equal(r.json.error_class, 'FlavorNotFound')
  const got = await expectLifecycle(bus, {operation: 'instance_resize_instance', outcome: 'error', endedBy: 'api', host: HOST})
  assert.equal(got.start.payload.new_flavor_id, 'm9.huge')
  assert.match(got.error.payload.message, /m9\.huge cannot be found/)
  assert.deepEqual(await show('db1'), before)
})

test('a missing argument is a usage error: exit 2, nothing published', async () => {
  const r = await runCli(['instance', 'resize-volume', 'db1', ...world, ...bus.args])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /missing argument SIZE/)
  const r2 = await runCli(['instance', 'resize-volume', 'db1', 'big', ...world, ...bus.args])
  assert.equal(r2.code, 2)
  assert.match(r2.stderr, /SIZE must be a whole number, got "big"/)
  const {all} = await bus.takeAll()
  assert.equal(all.length, 0)
})

test('with --delay another process sees RESIZE while the taskmanager works, then ACTIVE', async () => {
  const child = spawn(process.execPath, [BIN, 'instance', 'resize-volume', 'db1', '5', '--delay', '2', ...world, ...bus.args],
    {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  const exited = new Promise((resolve) => child.on('close', resolve))
  const seen = new Set()
  const deadline = Date.now() + 10_000
  while (!seen.has('RESIZE') && Date.now() < deadline) {
    const inst = await show('db1')
    seen.add(inst.status)
    if (inst.status === 'RESIZE') assert.equal(inst.task, 'RESIZING')
  }
  assert.ok(seen.has('RESIZE'), `statuses seen: ${[...seen].join(', ')}`)
  assert.equal(await exited, 0)
  const inst = await show('db1')
  assert.equal(inst.status, 'ACTIVE')
  assert.equal(inst.volume_size, 5)
  await expectLifecycle(bus, {operation: 'instance_resize_volume', outcome: 'end', endedBy: 'task', host: HOST, status: ['trove.instance.modify_volume']})
})
