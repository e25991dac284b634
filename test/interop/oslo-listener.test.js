// The real oslo.messaging notification listener (Debian python3-oslo.messaging,
// run with /usr/bin/python3) consumes a create and a failed create and hands
// its endpoints the right priority, event_type, publisher_id, payload and context.
import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {after, before, test} from 'node:test'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {runCli, tempState} from '../helpers/cli.js'
import {osloListen, PYTHON} from '../helpers/oslo.js'

let bus
before(async () => { bus = await privateBus('oslo') })
after(async () => bus.cleanup())

test('oslo.messaging is installed for the interop test', () => {
  assert.ok(existsSync(PYTHON), '/usr/bin/python3 missing')
})

test('the real oslo listener accepts a create and a failed create', async () => {
  const state = tempState()
  // Declare the queues first (the notifier does), then let the listener consume them.
  const l = await osloListen(BROKER_URL, bus.exchange, bus.topic, 5)
  const ok = await runCli(['instance', 'create', 'interop1', '2', '--size', '1', '--state', state, ...bus.args, '--tenant', 'tenant-interop', '--user', 'user-interop'])
  assert.equal(ok.code, 0, ok.stderr)
  const bad = await runCli(['instance', 'create', 'interop2', '2', '--state', state, ...bus.args, '--fail', 'no valid host'])
  assert.equal(bad.code, 1)
  const records = await l.records
  assert.equal(records.length, 5, l.stderr())
  const byType = (t) => records.filter((r) => r.event_type === t)
  assert.deepEqual(records.filter((r) => r.priority === 'info').map((r) => r.event_type).sort(),
    ['dbaas.instance_create.end', 'dbaas.instance_create.start', 'dbaas.instance_create.start', 'trove.instance.create'].sort())
  const [error] = byType('dbaas.instance_create.error')
  assert.equal(error.priority, 'error')
  assert.match(error.publisher_id, /^taskmanager\./)
  assert.equal(error.payload.message, 'no valid host')
  assert.equal(error.payload.server_type, 'task')
  const start = byType('dbaas.instance_create.start').find((r) => r.payload.name === 'interop1')
  assert.match(start.publisher_id, /^api\./)
  assert.equal(start.payload.flavor, '2')
  assert.equal(start.ctxt.project_id, 'tenant-interop')
  assert.equal(start.ctxt.user_id, 'user-interop')
  assert.equal(start.ctxt.request_id, start.payload.request_id)
  assert.match(start.metadata.message_id, /^[0-9a-f-]{36}$/)
  assert.match(start.metadata.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/)
  const [status] = byType('trove.instance.create')
  assert.equal(status.payload.instance_name, 'interop1')
  assert.equal(status.payload.tenant_id, 'tenant-interop')
})
