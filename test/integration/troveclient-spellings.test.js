// troveclient's spellings and Trove's input rules as a user meets them: the
// built CLI against the real RabbitMQ (a private exchange), reading what
// arrived. openstack command words run their operation (never a misread
// lifecycle); troveclient's lists and several targets give one lifecycle per
// target; what Trove's API schema refuses is a usage error that publishes
// nothing and changes nothing; passwords given without argv (stdin, the
// environment) are the ones set, and never appear anywhere.
import assert from 'node:assert/strict'
import {after, before, describe, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {runCli, testWorld} from '../helpers/cli.js'
import {expectLifecycle, expectLifecycles} from '../helpers/lifecycle.js'
import {passwordIs} from '../helpers/passwords.js'

const HOST = 'tn-spell-host'
const {state, args: world} = testWorld(HOST)
let bus
const printed = []
const published = []

async function run(args, opts = {}) {
  const r = await runCli([...args, ...world, ...bus.args], opts)
  printed.push(r.stdout, r.stderr)
  return r
}

async function view(...args) {
  const r = await runCli([...args, '--json', ...world])
  assert.equal(r.code, 0, r.stderr)
  return r.json
}

const arrived = (operation, outcome, endedBy) => expectLifecycle(bus, {operation, outcome, endedBy, host: HOST})

/** A usage error: exit 2, one line naming the problem, nothing published. */
async function refused(args, message, opts) {
  const r = await run(args, opts)
  assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
  assert.match(r.stderr, message)
  assert.equal(r.stderr.trim().split('\n').length, 2, `one line and its fix: ${r.stderr}`)
  assert.deepEqual((await bus.takeAll()).all, [], 'nothing published')
}

/** What usage errors must leave as it was: the instances, databases and users of db1. */
const worldNow = async () => [await view('instance', 'list'), await view('user', 'list', 'db1'), await view('database', 'list', 'db1')]

let db1
before(async () => {
  const b = await privateBus('spell')
  bus = {...b, async takeAll() {
    const got = await b.takeAll()
    published.push(...got.all.map((m) => m.body))
    return got
  }}
  const r = await runCli(['instance', 'create', 'db1', '2', '--databases', 'shop', 'crm', '--users', 'app:Start-pw1', '--driver', 'noop', '--json', ...world])
  assert.equal(r.code, 0, r.stderr)
  db1 = r.json.resource.id
})
after(() => bus?.cleanup())

describe('openstack command words run their operation', () => {
  test('user grant access / revoke access / update attributes: the user operations, with the instance as the first argument', async () => {
    let r = await run(['user', 'grant', 'access', 'db1', 'app', 'shop', 'crm', '--json'])
    assert.equal(r.code, 0, r.stderr)
    const grants = await expectLifecycles(bus, [
      {operation: 'user_grant', outcome: 'end', endedBy: 'api'}, {operation: 'user_grant', outcome: 'end', endedBy: 'api'},
    ], {host: HOST})
    assert.deepEqual(grants.map((g) => [g.start.payload.instance_id, g.start.payload.username, g.start.payload.database]), [[db1, 'app', 'shop'], [db1, 'app', 'crm']])

    r = await run(['user', 'revoke', 'access', 'db1', 'app', 'crm'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal((await arrived('user_revoke', 'end', 'api')).start.payload.database, 'crm')
    assert.deepEqual((await view('user', 'list', 'db1')).map((u) => [u.name, u.databases]), [['app', ['shop']]])

    r = await run(['user', 'update', 'attributes', 'db1', 'app', '--new_name', 'app2', '--new_host', '10.0.0.%'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal((await arrived('user_update_attributes', 'end', 'conductor')).start.payload.username, 'app')
    assert.deepEqual((await view('user', 'list', 'db1')).map((u) => [u.name, u.host]), [['app2', '10.0.0.%']])
  })

  test('instance resize volume|flavor, configuration attach|detach|set|parameter set, db create|delete', async () => {
    for (const [args, operation, endedBy] of [
      [['instance', 'resize', 'volume', 'db1', '3'], 'instance_resize_volume', 'task'],
      [['instance', 'resize', 'flavor', 'db1', '3'], 'instance_resize_instance', 'task'],
      [['configuration', 'create', 'tuned', '{"max_connections": 200}'], 'configuration_create', 'api'],
      [['configuration', 'attach', 'db1', 'tuned'], 'instance_attach_configuration', 'api'],
      [['configuration', 'set', 'tuned', '{"max_connections": 300}'], 'configuration_update', 'api'],
      [['configuration', 'parameter', 'set', 'tuned', '{"wait_timeout": 120}'], 'configuration_edit', 'api'],
      [['configuration', 'detach', 'db1'], 'instance_detach_configuration', 'api'],
      [['db', 'create', 'db1', 'shop3', '--character_set', 'utf8mb4'], 'database_create', 'conductor'],
      [['db', 'delete', 'db1', 'shop3'], 'database_delete', 'conductor'],
    ]) {
      const r = await run(args)
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
      const status = operation === 'instance_resize_volume' ? ['trove.instance.modify_volume'] : operation === 'instance_resize_instance' ? ['trove.instance.modify_flavor'] : []
      const got = await expectLifecycle(bus, {operation, outcome: 'end', endedBy, host: HOST, status})
      if (operation === 'database_create') assert.equal(got.start.payload.dbname, 'shop3')
    }
    const cfg = await view('configuration', 'show', 'tuned')
    assert.deepEqual(cfg.values, {max_connections: 300, wait_timeout: 120})
    const inst = await view('instance', 'show', 'db1')
    assert.deepEqual([inst.volume_size, inst.flavor_id, inst.configuration_id], [3, '3', null])
  })
})

describe("troveclient's spellings of Trove 18's own operations (beyond the spec)", () => {
  test('reset-status, instance reset status, upgrade, instance upgrade, instance reboot: each its lifecycle, the world changed', async () => {
    for (const [args, operation, endedBy, check] of [
      [['reset-status', 'db1'], 'instance_reset_status', 'api'],
      [['instance', 'reset', 'status', 'db1'], 'instance_reset_status', 'api'],
      [['upgrade', 'db1', '5.7.29'], 'upgrade', 'task', (i) => assert.equal(i.datastore_version, '5.7.29')],
      [['instance', 'upgrade', 'db1', '8.0'], 'upgrade', 'task', (i) => assert.equal(i.datastore_version, '8.0')],
      [['instance', 'reboot', 'db1'], 'instance_reboot', 'task', (i) => assert.equal(i.status, 'ACTIVE')],
    ]) {
      const r = await run(args)
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
      const got = await expectLifecycle(bus, {operation, outcome: 'end', endedBy, host: HOST})
      assert.equal(got.start.payload.instance_id, db1)
      check?.(await view('instance', 'show', 'db1'))
    }
  })

  test('cluster-upgrade, cluster upgrade, cluster-reset-status, cluster reset status; force-delete resets the status first', async () => {
    assert.equal((await runCli(['cluster', 'create', 'r1', 'redis', '7.0', '--instance', 'flavor=2,volume=1', '--driver', 'noop', ...world])).code, 0)
    for (const [args, operation, endedBy, version] of [
      [['cluster-upgrade', 'r1', '6.2'], 'cluster_upgrade', 'task', '6.2'],
      [['cluster', 'upgrade', 'r1', '7.0'], 'cluster_upgrade', 'task', '7.0'],
      [['cluster-reset-status', 'r1'], 'cluster_reset_status', 'api', '7.0'],
      [['cluster', 'reset', 'status', 'r1'], 'cluster_reset_status', 'api', '7.0'],
    ]) {
      const r = await run(args)
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
      await expectLifecycle(bus, {operation, outcome: 'end', endedBy, host: HOST})
      assert.equal((await view('cluster', 'show', 'r1')).datastore_version, version)
    }
    assert.equal((await runCli(['instance', 'create', 'tmp9', '2', '--driver', 'noop', ...world])).code, 0)
    const r = await run(['force-delete', 'tmp9', '--json'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(r.json.results.map((x) => [x.operation, x.outcome]), [['instance_reset_status', 'end'], ['instance_delete', 'end']])
    const {info} = await bus.takeAll()
    assert.deepEqual(info.map((m) => m.message.event_type), ['dbaas.instance_reset_status.start', 'dbaas.instance_reset_status.end',
      'dbaas.instance_delete.start', 'trove.instance.delete', 'dbaas.instance_delete.end'])
    // the cluster leaves the shared world as the other tests expect it (no clusters)
    assert.equal((await runCli(['cluster', 'force-delete', 'r1', '--driver', 'noop', ...world])).code, 0)
  })
})

describe("troveclient's lists and several targets", () => {
  test('instance create --flavor, --databases d1 d2, --users u1:p1 u2:p2 and the underscore flags', async () => {
    const r = await run(['instance', 'create', 'db2', '--flavor', '2', '--databases', 'd1', 'd2', '--users', 'u1:First-pw1', 'u2:Second-pw2',
      '--volume_type', 'ssd', '--availability_zone', 'az1', '--datastore_version', '8.0', '--json'])
    assert.equal(r.code, 0, r.stderr)
    const {start} = await expectLifecycle(bus, {operation: 'instance_create', outcome: 'end', endedBy: 'task', host: HOST, status: ['trove.instance.create']})
    assert.deepEqual([start.payload.databases, start.payload.users, start.payload.availability_zone, start.payload.datastore_version], ['d1,d2', 'u1,u2', 'az1', '8.0'])
    const id = r.json.resource.id
    assert.deepEqual((await view('database', 'list', 'db2')).map((d) => d.name).sort(), ['d1', 'd2'])
    assert.ok(passwordIs(state, 'u1', 'First-pw1', id) && passwordIs(state, 'u2', 'Second-pw2', id), 'each user has its own password')
  })

  test('instance delete a b, backup delete b1 b2, cluster-delete c1 c2: one lifecycle each', async () => {
    for (const name of ['tmp1', 'tmp2']) assert.equal((await runCli(['instance', 'create', name, '2', '--driver', 'noop', ...world])).code, 0)
    let r = await run(['instance', 'delete', 'tmp1', 'tmp2', '--json'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(r.json.results.map((x) => x.resource.name), ['tmp1', 'tmp2'])
    const deletes = (await bus.takeAll()).info.filter((m) => m.message.event_type === 'dbaas.instance_delete.end')
    assert.equal(deletes.length, 2)

    for (const b of ['b1', 'b2']) assert.equal((await runCli(['backup', 'create', b, '-i', 'db1', '--driver', 'noop', ...world])).code, 0)
    r = await run(['backup', 'delete', 'b1', 'b2'])
    assert.equal(r.code, 0, r.stderr)
    await expectLifecycles(bus, [{operation: 'backup_delete', outcome: 'end', endedBy: 'task'}, {operation: 'backup_delete', outcome: 'end', endedBy: 'task'}], {host: HOST})

    for (const c of ['c1', 'c2']) {
      assert.equal((await runCli(['cluster', 'create', c, 'redis', '7.0', '--instance', 'flavor=2,volume=1', '--driver', 'noop', ...world])).code, 0)
    }
    r = await run(['cluster-delete', 'c1', 'c2'])
    assert.equal(r.code, 0, r.stderr)
    const ends = (await bus.takeAll()).info.filter((m) => m.message.event_type === 'dbaas.cluster_delete.end')
    assert.equal(ends.length, 2)
    assert.deepEqual(await view('cluster', 'list'), [])
  })

  test('backup create NAME -i INSTANCE (openstack) backs up that instance', async () => {
    const r = await run(['backup', 'create', 'osc-nightly', '-i', 'db1', '--description', 'from openstack', '--json'])
    assert.equal(r.code, 0, r.stderr)
    const {start} = await arrived('backup_create', 'end', 'conductor')
    assert.deepEqual([start.payload.name, start.payload.instance_id, start.payload.description], ['osc-nightly', db1, 'from openstack'])
  })
})

describe("Trove's input rules: usage errors, nothing published", () => {
  test("names Trove's API schema refuses, and --users/--databases names the MySQL guest refuses", async () => {
    const before = await worldNow()
    await refused(['instance', 'create', 'x'.repeat(100_000), '2'], /NAME is 100000 characters long; Trove accepts at most 255/)
    await refused(['instance', 'create', '   ', '2'], /NAME must contain a letter or a digit/)
    await refused(['instance', 'create', 'db9', '2', '--users', 'bad name!:pw1'], /--users: User name 'bad name!' is not valid: use letters, digits/)
    await refused(['instance', 'create', 'db9', '2', '--users', 'a_very_long_user_name:pw1'], /is 21 characters long; the maximum is 16/)
    await refused(['instance', 'create', 'db9', '2', '--databases', 'mysql'], /--databases: Database name 'mysql' is reserved/)
    await refused(['backup', 'create', 'db1', '   '], /NAME must contain a letter or a digit/)
    await refused(['configuration', 'create', 'x'.repeat(256), '{}'], /NAME is 256 characters long; Trove accepts at most 255/)
    assert.deepEqual(await worldNow(), before, 'the world unchanged')
  })

  test("troveclient's and Trove's value rules: --nic keys, --locality, sizes, replica counts", async () => {
    const before = await worldNow()
    await refused(['instance', 'create', 'db9', '2', '--nic', 'foo=bar'], /--nic: unknown key "foo" \(use net-id, subnet-id, ip-address, port-id, v4-fixed-ip\)/)
    await refused(['instance', 'create', 'db9', '2', '--nic', 'net-id=private'], /"private" is not a UUID/)
    await refused(['instance', 'create', 'db9', '2', '--locality', 'near'], /--locality=near to be one of: affinity, anti-affinity/)
    await refused(['instance', 'create', 'db9', '--replica-of', 'db1', '--locality', 'affinity'], /cannot specify locality when adding replicas/)
    await refused(['instance', 'create', 'db9', '2', '--size', '0'], /--size must be at least 1, got 0/)
    await refused(['instance', 'create', 'db9', '--replica_of', 'db1', '--replica_count', '4'], /--replica-count must be 1 to 3, got 4/)
    await refused(['backup', 'create', 'db1', 'n1', '--swift-container', 'a b'], /"a b" is not a valid value/)
    assert.deepEqual(await worldNow(), before, 'the world unchanged')
  })

  test("a flag troveclient has that has no effect yet is taken, and the request still runs (locality, modules, is-public)", async () => {
    const r = await run(['instance', 'create', 'db3', '2', '--locality', 'anti-affinity', '--module', 'm1', '--is-public', '--allowed-cidr', '10.0.0.0/24'])
    assert.equal(r.code, 0, r.stderr)
    await expectLifecycle(bus, {operation: 'instance_create', outcome: 'end', endedBy: 'task', host: HOST, status: ['trove.instance.create']})
  })
})

describe('passwords off the command line', () => {
  test('user create PASSWORD as -: read from stdin; instance create --users NAME: from TROVE_NOTIFY_PASSWORD', async () => {
    let r = await run(['user', 'create', 'db1', 'piped', '-'], {input: 'Piped-pw-9\n'})
    assert.equal(r.code, 0, r.stderr)
    await arrived('user_create', 'end', 'conductor')
    assert.ok(passwordIs(state, 'piped', 'Piped-pw-9', db1))

    r = await run(['instance', 'create', 'db4', '2', '--users', 'envuser', '--json'], {env: {TROVE_NOTIFY_PASSWORD: 'Env-pw-7'}})
    assert.equal(r.code, 0, r.stderr)
    await expectLifecycle(bus, {operation: 'instance_create', outcome: 'end', endedBy: 'task', host: HOST, status: ['trove.instance.create']})
    assert.ok(passwordIs(state, 'envuser', 'Env-pw-7', r.json.resource.id))
  })

  test('change-password NAME:- (one stdin line per user) and update-attributes --new_password -', async () => {
    // app2 is on host 10.0.0.% (renamed above), so only piped changes; app2@% is unknown (exit 1).
    let r = await run(['user', 'change-password', 'db1', 'piped:-', 'app2:-', '--host', '%'], {input: 'Changed-pw-1\nChanged-pw-2\n'})
    assert.equal(r.code, 1, r.stderr)
    await expectLifecycles(bus, [{operation: 'user_change_password', outcome: 'end', endedBy: 'conductor'}, {operation: 'user_change_password', outcome: 'error', endedBy: 'api'}], {host: HOST})
    assert.ok(passwordIs(state, 'piped', 'Changed-pw-1', db1))

    r = await run(['user', 'update', 'attributes', 'db1', 'piped', '--new_password', '-'], {input: 'Updated-pw-3\n'})
    assert.equal(r.code, 0, r.stderr)
    await arrived('user_update_attributes', 'end', 'conductor')
    assert.ok(passwordIs(state, 'piped', 'Updated-pw-3', db1))

    r = await run(['user', 'update-attributes', 'db1', 'piped'], {env: {TROVE_NOTIFY_NEW_PASSWORD: 'Updated-pw-4'}})
    assert.equal(r.code, 0, r.stderr)
    await arrived('user_update_attributes', 'end', 'conductor')
    assert.ok(passwordIs(state, 'piped', 'Updated-pw-4', db1))
  })

  test('without a terminal, stdin or the environment a password is a usage error saying the three ways', async () => {
    const before = await worldNow()
    await refused(['user', 'create', 'db1', 'nopw'], /missing argument PASSWORD/)
    await refused(['user', 'change-password', 'db1', 'piped'], /"piped" needs a password: write NAME:PASSWORD, or NAME:- to read it from stdin, or set TROVE_NOTIFY_PASSWORD/)
    await refused(['user', 'create', 'db1', 'two', '-', '--databases', 'shop'], /stdin ended before the password/, {input: ''})
    await refused(['user', 'create', 'db1', 'weak', '!!!!'], /the password must contain a letter or a digit/)
    assert.deepEqual(await worldNow(), before, 'the world unchanged')
  })

  test('no password given any of these ways reaches the wire, the output or the state file in clear text', () => {
    for (const pw of ['Start-pw1', 'First-pw1', 'Second-pw2', 'Piped-pw-9', 'Env-pw-7', 'Changed-pw-1', 'Changed-pw-2', 'Updated-pw-3', 'Updated-pw-4', '!!!!']) {
      for (const text of [...published, ...printed]) assert.ok(!text.includes(pw), `password ${pw} leaked: ${text.slice(0, 200)}`)
    }
  })
})
