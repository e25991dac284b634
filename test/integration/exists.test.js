// `trove-notify exists` through the built CLI against RabbitMQ: gated on a
// transformer as in Trove; windows that tile over short-interval runs, across
// a restart of the command, and end at deletion — so the billing invariant
// holds on what arrived: Σ (audit_period_ending − audit_period_beginning) per
// instance == the seconds it lived (deleted_at, or the last run, − launched_at).
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {findEvent} from '../../dist/events/catalog.js'
import {validatePayload} from '../../dist/events/payload.js'
import {privateBus} from '../helpers/broker.js'
import {cliOk, runCli, tempState, testWorld} from '../helpers/cli.js'
import {assertTiling, windowsByInstance} from '../helpers/windows.js'

test('exists is off until a transformer is configured: one usage line saying how, nothing published', async (t) => {
  const bus = await privateBus('exists_gate')
  t.after(() => bus.cleanup())
  const state = tempState()
  assert.equal((await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', state])).code, 0)
  const off = await runCli(['exists', '--once', '--state', state, ...bus.args])
  assert.equal(off.code, 2)
  const line = off.stderr.replace(/\n ›\s+/g, ' ').replace(/ +/g, ' ')
  assert.match(line, /trove\.instance\.exists is off, .*: set exists_notification_transformer under \[DEFAULT\] in the config file, or pass --transformer NAME/)
  assert.deepEqual(await bus.take(), [], 'nothing published')

  const {config} = testWorld('ehost', 'exists_notification_transformer = trove.extensions.mgmt.instances.models.NovaNotificationTransformer\n')
  const on = await runCli(['exists', '--once', '--state', state, '--config-file', config, ...bus.args, '--json'])
  assert.equal(on.code, 0, on.stderr)
  const [m, ...rest] = (await bus.take()).map((x) => x.message)
  assert.equal(rest.length, 0)
  assert.equal(m.event_type, 'trove.instance.exists')
  assert.equal(m.priority, 'INFO')
  assert.equal(m.publisher_id, 'taskmanager.ehost')
  assert.deepEqual(validatePayload(findEvent('trove.instance.exists'), m.payload), [])
  assert.equal(m.payload.instance_type, 'm1.small', 'the flavor name')
  assert.equal(m.payload.display_name, 'db1')
  assert.equal(m.payload.state, 'ACTIVE')
  assert.equal(m.payload.audit_period_beginning, m.payload.launched_at, 'first window begins at launch')
  assert.equal(m.payload.audit_period_ending, on.json.runs[0].at)
})

test('windows tile over three short runs and across a restart, and end at deletion: Σ meter == seconds lived', async (t) => {
  const bus = await privateBus('exists_tile')
  t.after(() => bus.cleanup())
  const w = testWorld('ehost', 'exists_notification_transformer = nova\n')
  const cli = cliOk(...w.args, ...bus.args)
  await cli('instance', 'create', 'db1', '2')
  await cli('instance', 'create', 'db2', '1', '--size', '2')
  const first = await cli('exists', '--interval', '0.3', '--count', '3')
  assert.deepEqual(first.runs.map((r) => r.instances), [2, 2, 2])
  const restarted = await cli('exists', '--interval', '0.2', '--count', '2') // a new process continues the windows
  await cli('instance', 'delete', 'db2')
  await cli('instance', 'create', 'db3', '1')
  await cli('instance', 'delete', 'db3') // lives and dies between two runs
  const afterDelete = await cli('exists', '--once')
  assert.deepEqual([afterDelete.runs[0].instances, afterDelete.runs[0].final], [3, 2])
  const last = await cli('exists', '--once')
  assert.equal(last.runs[0].instances, 1, 'deleted instances get nothing after their final window')

  const got = (await bus.take()).map((m) => m.message)
  const created = Object.fromEntries(got.filter((m) => m.event_type === 'trove.instance.create').map((m) => [m.payload.display_name ?? m.payload.name, m.payload]))
  const deleted = Object.fromEntries(got.filter((m) => m.event_type === 'trove.instance.delete').map((m) => [m.payload.name, m.payload]))
  const spec = findEvent('trove.instance.exists')
  for (const m of got.filter((x) => x.event_type === 'trove.instance.exists')) assert.deepEqual(validatePayload(spec, m.payload), [])

  const by = windowsByInstance(got)
  const launched = (name) => Date.parse(created[name].launched_at)
  assertTiling(by.get(created.db1.instance_id), launched('db1'), Date.parse(last.runs[0].at), 'db1 (live)')
  assertTiling(by.get(created.db2.instance_id), launched('db2'), Date.parse(deleted.db2.deleted_at), 'db2 (deleted)')
  assertTiling(by.get(created.db3.instance_id), launched('db3'), Date.parse(deleted.db3.deleted_at), 'db3 (created and deleted between runs)')
  assert.deepEqual([by.get(created.db1.instance_id).length, by.get(created.db2.instance_id).length, by.get(created.db3.instance_id).length], [7, 6, 1])
  // The restarted command's first window begins where the first command's last one ended.
  assert.equal(restarted.runs.length, 2)
  const db1 = by.get(created.db1.instance_id)
  assert.equal(db1[3][0], Date.parse(first.runs[2].at))
})
