// Trove 18's nine operations beyond the spec, through the built CLI against
// the real RabbitMQ, in both dialects: what arrives (event types in order,
// priority, routing key, the payload's keys held against that dialect's
// catalog, the context's keys), the same world outcomes in both; the same
// seeded scenario in both dialects, its streams diffed; and the real oslo
// listener and Ceilometer's converter fed what real commands sent in trove-18.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, test} from 'node:test'
import {findEventIn} from '../../dist/events/catalogs.js'
import {validatePayload} from '../../dist/events/payload.js'
import {BROKER_URL, busPool} from '../helpers/broker.js'
import {runCli, testWorld} from '../helpers/cli.js'
import {osloListen} from '../helpers/oslo.js'
import {recordedMessages} from '../helpers/recording.js'

const HOST = '10.0.0.9'
const pool = busPool()
after(() => pool.cleanup())

const SPEC_CONTEXT = ['user_id', 'project_id', 'request_id', 'roles', 'is_admin']
const TROVE_CONTEXT = ['user', 'project_id', 'system_scope', 'project', 'domain', 'user_domain', 'project_domain', 'is_admin', 'read_only', 'show_deleted',
  'auth_token', 'request_id', 'global_request_id', 'resource_uuid', 'roles', 'user_identity', 'is_admin_project', 'limit', 'marker', 'service_catalog']

const lc = (action, ...phases) => phases.map((p) => `dbaas.${action}.${p}`)
/** The nine, in order, on a world with db1 (mysql 8.0) and g1 (mariadb 10.4, two members) and group tuned; what each sends per dialect. */
const STEPS = [
  {op: 'instance_reboot', argv: ['instance', 'reboot', 'db1'], spec: lc('instance_reboot', 'start', 'end'), 'trove-18': lc('instance_reboot', 'start', 'end')},
  {op: 'instance_reboot', label: 'instance reboot --fail', argv: ['instance', 'reboot', 'db1', '--fail', 'server did not come back'], code: {spec: 1, 'trove-18': 1},
    // Trove 18's taskmanager logs a failed reboot and ends it normally
    spec: lc('instance_reboot', 'start', 'error'), 'trove-18': lc('instance_reboot', 'start', 'end')},
  {op: 'instance_reset_status', argv: ['reset-status', 'db1'], spec: lc('instance_reset_status', 'start', 'end'), 'trove-18': lc('instance_reset_status', 'start', 'end')},
  // Trove 18 never sends dbaas.upgrade.end
  {op: 'upgrade', argv: ['upgrade', 'db1', '5.7.29'], spec: lc('upgrade', 'start', 'end'), 'trove-18': lc('upgrade', 'start')},
  {op: 'migrate', argv: ['instance', 'migrate', 'db1', '--host', 'compute-2'], spec: lc('migrate', 'start', 'end'), 'trove-18': lc('migrate', 'start', 'end')},
  {op: 'cluster_restart', argv: ['cluster', 'restart', 'g1'], spec: lc('cluster_restart', 'start', 'end'),
    'trove-18': [...lc('cluster_restart', 'start'), ...lc('instance_restart', 'start', 'end', 'end', 'start', 'end', 'end')]},
  {op: 'cluster_attach_configuration', argv: ['cluster', 'attach-configuration', 'g1', 'tuned'], spec: lc('cluster_attach_configuration', 'start', 'end'),
    'trove-18': [...lc('cluster_attach_configuration', 'start'), ...lc('instance_attach_configuration', 'start', 'end', 'end', 'start', 'end', 'end', 'end')]},
  {op: 'cluster_detach_configuration', argv: ['cluster', 'detach-configuration', 'g1'], spec: lc('cluster_detach_configuration', 'start', 'end'),
    'trove-18': [...lc('cluster_detach_configuration', 'start'), ...lc('instance_detach_configuration', 'start', 'end', 'end', 'start', 'end', 'end', 'end')]},
  {op: 'cluster_upgrade', argv: ['cluster-upgrade', 'g1', '10.11'], spec: lc('cluster_upgrade', 'start', 'end'), 'trove-18': [...lc('cluster_upgrade', 'start'), ...lc('upgrade', 'start', 'start')]},
  {op: 'cluster_reset_status', argv: ['cluster', 'reset', 'status', 'g1'], spec: lc('cluster_reset_status', 'start', 'end'), 'trove-18': lc('cluster_reset_status', 'start', 'end')},
  // force delete: reset status first, as troveclient does
  {op: 'instance_delete', label: 'instance force-delete', argv: ['force-delete', 'db1'], status: true,
    spec: [...lc('instance_reset_status', 'start', 'end'), ...lc('instance_delete', 'start'), 'trove.instance.delete', ...lc('instance_delete', 'end')],
    'trove-18': [...lc('instance_reset_status', 'start', 'end'), ...lc('instance_delete', 'start'), 'trove.instance.delete', ...lc('instance_delete', 'end')]},
]

/** A world for one dialect, with what the nine act on. */
async function world(dialect, bus) {
  const w = testWorld(HOST)
  const run = (argv, onBus = true) => runCli([...argv, ...w.args, '--dialect', dialect, ...(onBus ? bus.args : ['--driver', 'noop']), '--json'], {timeoutMs: 120_000})
  for (const argv of [['instance', 'create', 'db1', '2', '--size', '2', '--datastore-version', '8.0'],
    ['cluster', 'create', 'g1', 'mariadb', '10.4', '--instance', 'flavor=2,volume=1', '--instance', 'flavor=2,volume=1'],
    ['configuration', 'create', 'tuned', '{"max_connections": 200}', '--datastore', 'mariadb', '--datastore-version', '10.4']]) {
    const r = await run(argv, false)
    assert.equal(r.code, 0, r.stderr)
  }
  return run
}

/** Every message now on the bus, info queue then error queue, each with its routing key. */
async function arrived(bus) {
  const {info, error} = await bus.takeAll()
  return [...info, ...error].map((m) => ({...m.message, routing_key: m.fields.routingKey}))
}

const outcomes = {}
for (const dialect of ['spec', 'trove-18']) {
  test(`the nine Trove 18 operations in the ${dialect} dialect: event types, priorities, routing keys, key sets`, async () => {
    const bus = await pool.bus(`nine_${dialect.replace('-', '')}`)
    const run = await world(dialect, bus)
    outcomes[dialect] = []
    for (const step of STEPS) {
      const label = step.label ?? step.argv.join(' ')
      const r = await run(step.argv)
      assert.equal(r.code, step.code?.[dialect] ?? 0, `${label}: ${r.stderr}`)
      outcomes[dialect].push(r.json.results ? r.json.results.map((x) => [x.operation, x.outcome]) : [[r.json.operation, r.json.outcome]])
      const got = await arrived(bus)
      // in publishing order: the info queue's, then the error queue's (a spec .error comes last)
      assert.deepEqual(got.map((m) => m.event_type).filter((t) => step.status || !t.startsWith('trove.')), step[dialect], label)
      for (const m of got) {
        const spec = findEventIn(dialect, m.event_type)
        assert.ok(spec, `${label}: ${m.event_type} is in the ${dialect} catalog`)
        assert.deepEqual(validatePayload(spec, m.payload), [], `${label}: ${m.event_type} payload`)
        const priority = dialect === 'trove-18' ? 'INFO' : spec.priority
        assert.equal(m.priority, priority, `${label}: ${m.event_type} priority`)
        assert.equal(m.routing_key, `${bus.topic}.${priority.toLowerCase()}`)
        const context = Object.keys(m).filter((k) => k.startsWith('_context_')).map((k) => k.slice(9))
        assert.deepEqual(context, dialect === 'trove-18' ? TROVE_CONTEXT : SPEC_CONTEXT, `${label}: context keys`)
        if (dialect === 'trove-18' && m.event_type.startsWith('dbaas.')) {
          assert.equal(m.publisher_id, `${m.payload.server_type}.${HOST}`)
          assert.doesNotMatch(m.payload.client_ip, /:/, 'Trove 18 sends client_ip without port')
        }
      }
      if (dialect === 'trove-18' && step.op === 'cluster_restart') {
        const members = new Set(got.filter((m) => m.event_type === 'dbaas.instance_restart.start').map((m) => m.payload.instance_id))
        assert.equal(members.size, 2, 'one instance_restart lifecycle per member')
      }
    }
  })
}

test('the world outcomes are the same in both dialects (the dialect changes only the wire)', () => {
  assert.ok(outcomes.spec && outcomes['trove-18'], 'both dialect tests ran')
  assert.deepEqual(outcomes['trove-18'], outcomes.spec)
})

test('the same seeded scenario in both dialects: the same outcomes per operation, each stream valid in its own dialect and not in the other', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-dialects-'))
  const config = join(dir, 'trove-notify.conf')
  writeFileSync(config, `[DEFAULT]\nhost = ${HOST}\n`)
  const mix = 'default,instance_reboot=3,instance_reset_status=1,upgrade=3,migrate=2,cluster_create=3,cluster_restart=3,cluster_upgrade=3,cluster_reset_status=2,cluster_attach_configuration=3,cluster_detach_configuration=3,configuration_create=3'
  const reports = {}
  for (const dialect of ['spec', 'trove-18']) {
    const r = await runCli(['simulate', '--seed', '7', '--operations', '200', '--concurrency', '1', '--error-rate', '0.1', '--mix', mix, '--dialect', dialect,
      '--config-file', config, '--driver', 'log', '--log-file', join(dir, `${dialect}.log`), '--json'], {timeoutMs: 120_000})
    assert.equal(r.code, 0, r.stderr)
    reports[dialect] = r.json
  }
  assert.deepEqual(reports['trove-18'].operations, reports.spec.operations)
  assert.deepEqual(reports['trove-18'].requests, reports.spec.requests)
  const streams = Object.fromEntries(['spec', 'trove-18'].map((d) => [d, recordedMessages(readFileSync(join(dir, `${d}.log`), 'utf8'))]))
  // the wire differs as the dialect says: Trove 18 sends every message at INFO, and more (or fewer) of them
  assert.ok(streams['trove-18'].every((m) => m.priority === 'INFO'))
  assert.ok(streams.spec.some((m) => m.priority === 'ERROR'))
  for (const op of ['instance_reboot', 'upgrade', 'cluster_restart']) assert.ok(streams.spec.some((m) => m.event_type.startsWith(`dbaas.${op}.`)), `the mix ran ${op}`)
  assert.ok(!streams['trove-18'].some((m) => m.event_type === 'dbaas.upgrade.end'), 'Trove 18 never ends an upgrade')
  // every message valid in its own dialect's shapes, not in the other's (lifecycles Trove 18 never ends are check's findings, not shape violations)
  const shapeViolations = async (file, dialect) => {
    const r = await runCli(['check', file, '--dialect', dialect, '--json'])
    return r.json.summary.rows.reduce((n, row) => n + row.violations, 0)
  }
  for (const [dialect, other] of [['spec', 'trove-18'], ['trove-18', 'spec']]) {
    assert.equal(await shapeViolations(join(dir, `${dialect}.log`), dialect), 0, `${dialect} stream checked as ${dialect}`)
    assert.ok(await shapeViolations(join(dir, `${dialect}.log`), other) > 0, `${dialect} stream checked as ${other}`)
  }
})

test("the real oslo listener and Ceilometer's converter accept what the nine real commands send in trove-18", async () => {
  const bus = await pool.bus('nine_oslo')
  const expected = STEPS.reduce((n, s) => n + s['trove-18'].length, 0)
  const listening = await osloListen(BROKER_URL, bus.exchange, bus.topic, expected, {timeoutS: 120})
  const run = await world('trove-18', bus)
  const dir = mkdtempSync(join(tmpdir(), 'tn-nine-'))
  const recording = join(dir, 'nine.log')
  for (const step of STEPS) {
    const r = await run(step.argv)
    assert.equal(r.code, step.code?.['trove-18'] ?? 0, r.stderr)
  }
  const records = await listening.records
  assert.equal(records.length, expected, listening.stderr())
  assert.ok(records.every((r) => r.priority === 'info'))
  assert.deepEqual(records.map((r) => r.event_type).sort(), STEPS.flatMap((s) => s['trove-18']).sort())
  // the same commands recorded, converted by Ceilometer with the trove-18 event definitions
  const rec = testWorld(HOST)
  const log = (argv) => runCli([...argv, ...rec.args, '--dialect', 'trove-18', '--driver', 'log', '--log-file', recording, '--json'], {timeoutMs: 120_000})
  for (const argv of [['instance', 'create', 'db1', '2', '--size', '2', '--datastore-version', '8.0'],
    ['cluster', 'create', 'g1', 'mariadb', '10.4', '--instance', 'flavor=2,volume=1', '--instance', 'flavor=2,volume=1'],
    ['configuration', 'create', 'tuned', '{"max_connections": 200}', '--datastore', 'mariadb', '--datastore-version', '10.4'], ...STEPS.map((s) => s.argv)]) await log(argv)
  const messages = recordedMessages(readFileSync(recording, 'utf8')).filter((m) => m.event_type.startsWith('dbaas.'))
  const yaml = join(dir, 'event_definitions.yaml')
  writeFileSync(yaml, (await runCli(['events', 'ceilometer', '--dialect', 'trove-18'])).stdout)
  const out = execFileSync('/usr/bin/python3', [new URL('../interop/ceilometer_events.py', import.meta.url).pathname, yaml],
    {input: messages.map((m) => JSON.stringify(m)).join('\n'), encoding: 'utf8'})
  const events = out.trim().split('\n').map((l) => JSON.parse(l))
  assert.equal(events.length, messages.length)
  for (const [i, ev] of events.entries()) {
    assert.equal(ev.dropped, undefined, `${messages[i].event_type} converted`)
    assert.equal(ev.event_type, messages[i].event_type)
    assert.equal(ev.traits.request_id?.[1], messages[i].payload.request_id)
  }
})
