// The billing invariant as Ceilometer itself computes it (Debian
// python3-ceilometer): its notification listener (oslo.messaging batch
// listener) and meter endpoint with the stock meters.yaml consume what the CLI
// published; summed per instance, the trove.instance.exists meter
// (timedelta of audit_period_beginning/ending) equals the seconds the instance
// lived. Every timestamp (audit_period_*, dbaas.quotas `updated`, …) also goes
// through Ceilometer's trait converter.
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {test} from 'node:test'
import {promisify} from 'node:util'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {cliOk, testWorld} from '../helpers/cli.js'
import {assertTiling, windowsByInstance} from '../helpers/windows.js'

const SCRIPT = new URL('./ceilometer_meter.py', import.meta.url).pathname
const run = promisify(execFile)

test("Ceilometer's trove.instance.exists meter, summed per instance, is the seconds each instance lived", async (t) => {
  const bus = await privateBus('ceilo_bill')
  // Every message goes to two topics: our copy (read here) and Ceilometer's.
  const ceiloTopic = `${bus.topic}_ceilometer`
  t.after(async () => {
    // Ceilometer's endpoint listens at every priority, so its listener declared a queue for each.
    for (const p of ['audit', 'debug', 'info', 'warn', 'error', 'critical', 'sample']) await bus.ch.deleteQueue(`${ceiloTopic}.${p}`).catch(() => {})
    await bus.cleanup()
  })
  const w = testWorld('billhost', 'exists_notification_transformer = nova\n')
  const cli = cliOk(...w.args, '--exchange', bus.exchange, '--topics', `${bus.topic},${ceiloTopic}`)
  await cli('instance', 'create', 'a', '2')
  await cli('instance', 'create', 'b', '1', '--size', '2')
  await cli('exists', '--interval', '0.2', '--count', '3')
  await cli('instance', 'delete', 'b')
  const last = await cli('exists', '--once')
  await cli('quotas', '--once')

  const ours = (await bus.take()).map((m) => m.message)
  const {stdout} = await run('/usr/bin/python3', [SCRIPT, BROKER_URL, bus.exchange, ceiloTopic, String(ours.length), '30'], {maxBuffer: 1 << 24})
  const ceilometer = JSON.parse(stdout.trim().split('\n').at(-1))
  assert.equal(ceilometer.messages, ours.length, 'Ceilometer received every message')
  assert.deepEqual(ceilometer.failures, [])

  const exists = ours.filter((m) => m.event_type === 'trove.instance.exists')
  const quotas = ours.filter((m) => m.event_type === 'dbaas.quotas')
  assert.equal(ceilometer.timestamps.audit_period_beginning, exists.length)
  assert.equal(ceilometer.timestamps.audit_period_ending, exists.length)
  assert.equal(ceilometer.timestamps.updated, quotas.length)

  const samples = ceilometer.samples.filter((s) => s.name === 'trove.instance.exists')
  assert.equal(samples.length, exists.length, 'one meter sample per exists message')
  const meter = new Map()
  for (const s of samples) meter.set(s.resource_id, (meter.get(s.resource_id) ?? 0) + s.volume)

  const created = Object.fromEntries(ours.filter((m) => m.event_type === 'trove.instance.create').map((m) => [m.payload.name, m.payload]))
  const deleted = ours.find((m) => m.event_type === 'trove.instance.delete').payload
  const lived = {
    a: [Date.parse(created.a.launched_at), Date.parse(last.runs[0].at)],
    b: [Date.parse(created.b.launched_at), Date.parse(deleted.deleted_at)],
  }
  const windows = windowsByInstance(ours)
  for (const [name, [from, to]] of Object.entries(lived)) {
    const id = created[name].instance_id
    const seconds = assertTiling(windows.get(id), from, to, name)
    assert.ok(Math.abs(meter.get(id) - seconds) < 1e-6, `${name}: Ceilometer's meter ${meter.get(id)} s == ${seconds} s lived`)
    const sample = samples.find((s) => s.resource_id === id)
    assert.equal(sample.project_id, created[name].tenant_id)
    assert.equal(sample.user_id, created[name].user_id)
  }
})
