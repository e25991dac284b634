// `trove-notify quotas` through the built CLI against RabbitMQ: dbaas.quotas
// values after a series of operations (including work in flight), one full set
// per simulated taskmanager, the interval from flag or config (< 0 disables,
// unset is a usage error), and `quotas show` / `quotas update`.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {test} from 'node:test'
import {findEvent} from '../../dist/events/catalog.js'
import {validatePayload} from '../../dist/events/payload.js'
import {withWorld} from '../helpers/state.js'
import {privateBus} from '../helpers/broker.js'
import {BIN, cliOk, cliWith, isolatedEnv, runCli, tempState, testWorld} from '../helpers/cli.js'
import {until} from '../helpers/tail.js'

const TENANT_A = 'aaaaaaaaaaaa4aaaaaaaaaaaaaaaaaaa'
const TENANT_B = 'bbbbbbbbbbbb4bbbbbbbbbbbbbbbbbbb'

/** The dbaas.quotas messages among what arrived, as {publisher, payload}. */
async function quotaMessages(bus) {
  return (await bus.take()).map((m) => m.message).filter((m) => m.event_type === 'dbaas.quotas')
}

const usageRow = (state, tenant, resource) => withWorld(state, (w) => w.quotas.usage(tenant, resource))

test('in_use and reserved are exactly what operations consumed and hold in flight; limits and updated per tenant', async (t) => {
  const bus = await privateBus('quotas')
  t.after(() => bus.cleanup())
  const {state, config} = testWorld('qhost')
  const cli = (args, tenant = TENANT_A) => runCli([...args, '--state', state, '--config-file', config, '--tenant', tenant, ...bus.args, '--json'])
  const ok = async (args, tenant = TENANT_A) => ({json: await cliOk('--state', state, '--config-file', config, '--tenant', tenant, ...bus.args)(args)})
  await ok(['instance', 'create', 'db1', '2', '--size', '3'])
  await ok(['instance', 'create', 'db2', '2', '--size', '2'])
  await ok(['instance', 'create', 'db3', '1'])
  await ok(['instance', 'delete', 'db2'])
  assert.equal((await cli(['instance', 'create', 'db-x', '2', '--size', '5', '--fail', 'nova: no valid host'])).code, 1) // released
  await ok(['instance', 'create', 'b1', '1', '--size', '4'], TENANT_B)
  assert.equal((await runCli(['quotas', 'update', TENANT_B, 'volumes', '100', '--state', state])).code, 0)
  // Work in flight: a create the taskmanager takes 3 s over holds its reservation meanwhile.
  const inflight = spawn(process.execPath, [BIN, 'instance', 'create', 'db4', '2', '--size', '2', '--delay', '3',
    '--state', state, '--config-file', config, '--tenant', TENANT_A, ...bus.args], {env: isolatedEnv(), stdio: 'ignore'})
  const inflightDone = new Promise((resolve) => inflight.on('close', resolve))
  await until(() => usageRow(state, TENANT_A, 'instances')?.reserved === 1, 10_000, 'the in-flight reservation')

  const r = await ok(['quotas', '--once'])
  assert.equal(r.json.runs.length, 1)
  assert.equal(r.json.published, 6)
  assert.equal(r.json.confirmed, 6)
  const got = await quotaMessages(bus)
  assert.equal(got.length, 6, '2 tenants × 3 resources')
  const spec = findEvent('dbaas.quotas')
  for (const m of got) {
    assert.deepEqual(validatePayload(spec, m.payload), [])
    assert.equal(m.priority, 'INFO')
    assert.equal(m.publisher_id, 'taskmanager.qhost')
    assert.equal(m.payload.updated, new Date(usageRow(state, m.payload.tenant_id, m.payload.resource).updated_at).toISOString())
  }
  const values = got.map((m) => [m.payload.tenant_id, m.payload.resource, m.payload.in_use, m.payload.reserved, m.payload.limit])
  assert.deepEqual(values.sort(), [
    [TENANT_A, 'backups', 0, 0, 50],
    [TENANT_A, 'instances', 2, 1, 10],
    [TENANT_A, 'volumes', 4, 2, 40],
    [TENANT_B, 'backups', 0, 0, 50],
    [TENANT_B, 'instances', 1, 0, 10],
    [TENANT_B, 'volumes', 4, 0, 100],
  ].sort())
  assert.equal(got.find((m) => m.payload.tenant_id === TENANT_A && m.payload.resource === 'backups').payload.updated,
    r.json.runs[0].at, 'never allocated: the time of its first report')

  assert.equal(await inflightDone, 0)
  await ok(['quotas', '--once'])
  const later = await quotaMessages(bus)
  const a = Object.fromEntries(later.filter((m) => m.payload.tenant_id === TENANT_A).map((m) => [m.payload.resource, m.payload]))
  assert.deepEqual([a.instances.in_use, a.instances.reserved, a.volumes.in_use, a.volumes.reserved], [3, 0, 6, 0], 'committed')
  assert.equal(a.backups.updated, r.json.runs[0].at, 'still the first report: nothing was allocated since')

  const shown = await runCli(['quotas', 'show', '--state', state, '--tenant', TENANT_A, '--json'])
  assert.deepEqual(shown.json.map((q) => [q.resource, q.in_use, q.reserved, q.limit]), [['instances', 3, 0, 10], ['volumes', 6, 0, 40], ['backups', 0, 0, 50]])
})

test('--taskmanagers N: each taskmanager.<host>-<i> publishes its own full set, every run; interval from the config file', async (t) => {
  const bus = await privateBus('quotas_tm')
  t.after(() => bus.cleanup())
  const {state, config} = testWorld('qhost', 'quota_notification_interval = 0.2\n')
  const world = ['--state', state, '--config-file', config, ...bus.args]
  assert.equal((await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', state])).code, 0)
  const r = await runCli(['quotas', '--count', '2', '--taskmanagers', '3', ...world, '--json'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.json.interval, 0.2)
  assert.deepEqual(r.json.runs.map((x) => [x.notifications, x.confirmed, x.taskmanagers]), [[9, 9, 3], [9, 9, 3]])
  const got = await quotaMessages(bus)
  assert.equal(got.length, 18)
  for (const tm of ['taskmanager.qhost-1', 'taskmanager.qhost-2', 'taskmanager.qhost-3']) {
    const mine = got.filter((m) => m.publisher_id === tm)
    assert.equal(mine.length, 6, `${tm}: 3 resources × 2 runs`)
    assert.deepEqual(mine.slice(0, 3).map((m) => m.payload.resource), ['instances', 'volumes', 'backups'])
  }
  const human = await runCli(['quotas', '--count', '2', '--interval', '0.1', ...world])
  assert.equal(human.code, 0, human.stderr)
  assert.match(human.stdout, /run 1\/2 .*dbaas\.quotas +3 published, 3 confirmed, took [\d.]+ ms/)
  assert.match(human.stdout, /run 2\/2 /)
})

test('more tenants than a page (500): each taskmanager reads them a page at a time, every tenant once, in order, and all confirmed', async (t) => {
  const bus = await privateBus('quotas_pages')
  t.after(() => bus.cleanup())
  const {state, config} = testWorld('qhost')
  // A world of over 1,000 tenants, made by simulate on the state file.
  const made = await runCli(['simulate', '--driver', 'noop', '--state', state, '--tenants', '1500', '--operations', '2500', '--seed', 'pages'], {timeoutMs: 120_000})
  assert.equal(made.code, 0, made.stderr)
  const tenants = withWorld(state, (w) => w.tenants())
  assert.ok(tenants.length > 2 * 500, `${tenants.length} tenants: more than two pages`)
  const r = await runCli(['quotas', '--once', '--taskmanagers', '2', '--state', state, '--config-file', config, ...bus.args, '--json'], {timeoutMs: 120_000})
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual([r.json.runs[0].tenants, r.json.runs[0].notifications, r.json.runs[0].confirmed], [tenants.length, 6 * tenants.length, 6 * tenants.length])
  const got = await quotaMessages(bus)
  assert.equal(got.length, 6 * tenants.length)
  for (const tm of ['taskmanager.qhost-1', 'taskmanager.qhost-2']) {
    const mine = got.filter((m) => m.publisher_id === tm)
    assert.deepEqual(mine.filter((m) => m.payload.resource === 'instances').map((m) => m.payload.tenant_id), tenants, `${tm}: every tenant once, in order`)
  }
  withWorld(state, (w) => assert.equal(w.dump().outbox.length, 0, 'nothing left in the outbox'))
})

test('an interval < 0 disables (exit 0, says so, nothing published); no interval anywhere is a usage error', async (t) => {
  const bus = await privateBus('quotas_off')
  t.after(() => bus.cleanup())
  const state = tempState()
  assert.equal((await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', state])).code, 0)
  const world = ['--state', state, ...bus.args]

  const off = await runCli(['quotas', '--interval', '-1', ...world])
  assert.equal(off.code, 0, off.stderr)
  assert.match(off.stdout, /dbaas\.quotas is disabled \(--interval -1 < 0\): nothing published/)
  const offByConfig = await runCli(['quotas', '--config-file', testWorld('qhost', 'quota_notification_interval = -1\n').config, ...world, '--json'])
  assert.equal(offByConfig.code, 0, offByConfig.stderr)
  assert.equal(offByConfig.json.disabled, true)
  assert.equal(offByConfig.json.published, 0)

  const unset = await runCli(['quotas', ...world])
  assert.equal(unset.code, 2)
  const error = unset.stderr.replace(/\n ›\s+/g, ' ').replace(/ +/g, ' ')
  assert.match(error, /no interval: set quota_notification_interval under \[DEFAULT\] in the config file, or pass --interval SECONDS/)
  assert.doesNotMatch(unset.stderr, /at .*\.js:\d+/, 'no stack trace')
  const zero = await runCli(['quotas', '--interval', '0', ...world])
  assert.equal(zero.code, 2)
  assert.deepEqual(await bus.take(), [], 'nothing published')
})

test('quotas update: bad resource or limit is a usage error with the state untouched; -1 means unlimited', async () => {
  const state = tempState()
  const cli = cliWith('--state', state, '--json')
  const before = (await cli('quotas', 'show', '--tenant', TENANT_B)).json
  for (const args of [['backup', '3'], ['instances', '2.5'], ['instances', '-2'], ['volumes', 'ten']]) {
    const r = await runCli(['quotas', 'update', TENANT_B, ...args, '--state', state])
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, /^\s*›\s+Error: (unknown quota resource|the limit must be a whole number)/)
  }
  assert.deepEqual((await cli('quotas', 'show', '--tenant', TENANT_B)).json, before)
  const r = await cli('quotas', 'update', TENANT_B, 'instances', '-1')
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual((await cli('quotas', 'show', '--tenant', TENANT_B)).json.map((q) => q.limit), [-1, 40, 50])
  // The new limit governs the next operation: 0 instances allowed → a quota error.
  assert.equal((await cli('quotas', 'update', TENANT_B, 'instances', '0')).code, 0)
  const refused = await runCli(['instance', 'create', 'db1', '2', '--tenant', TENANT_B, '--state', state, '--driver', 'noop', '--json'])
  assert.equal(refused.code, 1)
  assert.equal(refused.json.error_class, 'QuotaExceeded')
})

test('Ctrl-C stops cleanly between runs: exit 0, every published message confirmed and on the queue', async (t) => {
  const bus = await privateBus('quotas_int')
  t.after(() => bus.cleanup())
  const {state, config} = testWorld('qhost')
  assert.equal((await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', state])).code, 0)
  const child = spawn(process.execPath, [BIN, 'quotas', '--interval', '0.2', '--state', state, '--config-file', config, ...bus.args],
    {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => { stdout += d })
  child.stderr.on('data', (d) => { stderr += d })
  const code = new Promise((resolve) => child.on('close', resolve))
  await until(() => /run 2 /.test(stdout), 10_000, 'two runs')
  child.kill('SIGINT')
  assert.equal(await code, 0, stderr)
  assert.match(stderr, /stopping after the current run/)
  const runs = stdout.split('\n').filter((l) => /✔ run \d+ /.test(l))
  assert.ok(runs.every((l) => /3 published, 3 confirmed/.test(l)))
  assert.equal((await quotaMessages(bus)).length, runs.length * 3, 'what each reported run published arrived')
})
