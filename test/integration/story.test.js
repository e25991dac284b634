// Issue 3's story: one user walks create → databases → users → grant →
// resize → backup → replica → promote → configuration attach → delete with
// the built CLI, and the whole sequence of notifications that arrived is
// checked: order, components, correlation, payload validity, no password.
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {getEvent} from '../../dist/events/catalog.js'
import {validatePayload} from '../../dist/events/payload.js'
import {privateBus} from '../helpers/broker.js'
import {runCli, tempState} from '../helpers/cli.js'

let bus
before(async () => { bus = await privateBus('story') })
after(async () => bus.cleanup())

const PASSWORD = 'Sup3r-s3cret-pw'
const lifecycle = (op, ...status) => [`dbaas.${op}.start`, ...status, `dbaas.${op}.end`]

test('a whole story, in order, every message valid and correlated', async () => {
  const state = tempState()
  const steps = [
    [['instance', 'create', 'db1', '2', '--size', '2'], lifecycle('instance_create', 'trove.instance.create')],
    [['database', 'create', 'db1', 'shop', 'crm'], [...lifecycle('database_create'), ...lifecycle('database_create')]],
    [['user', 'create', 'db1', 'app', PASSWORD], lifecycle('user_create')],
    [['user', 'grant', 'db1', 'app', 'shop', 'crm'], [...lifecycle('user_grant'), ...lifecycle('user_grant')]],
    [['instance', 'resize-volume', 'db1', '4'], lifecycle('instance_resize_volume', 'trove.instance.modify_volume')],
    [['instance', 'resize-instance', 'db1', '3'], lifecycle('instance_resize_instance', 'trove.instance.modify_flavor')],
    [['backup', 'create', 'db1', 'nightly'], lifecycle('backup_create')],
    [['instance', 'create', 'db1-replica', '--replica-of', 'db1'], lifecycle('instance_create', 'trove.instance.create')],
    [['instance', 'promote', 'db1-replica'], lifecycle('instance_promote')],
    [['configuration', 'create', 'tuned', '{"max_connections": 200}', '--datastore', 'mysql', '--datastore-version', '8.0'], lifecycle('configuration_create')],
    [['instance', 'attach-configuration', 'db1-replica', 'tuned'], lifecycle('instance_attach_configuration')],
    [['instance', 'delete', 'db1'], lifecycle('instance_delete', 'trove.instance.delete')],
    [['instance', 'delete', 'db1-replica'], lifecycle('instance_delete', 'trove.instance.delete')],
  ]
  let output = ''
  for (const [args] of steps) {
    const r = await runCli([...args, '--state', state, ...bus.args])
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
    output += r.stdout + r.stderr
  }
  const {info, error} = await bus.takeAll()
  assert.deepEqual(error, [])
  assert.deepEqual(info.map((m) => m.message.event_type), steps.flatMap(([, events]) => events))

  const byRequest = new Map()
  for (const {message, body} of info) {
    assert.ok(!body.includes(PASSWORD), `${message.event_type} carries the password`)
    const spec = getEvent(message.event_type)
    assert.deepEqual(validatePayload(spec, message.payload), [], message.event_type)
    const rid = message._context_request_id
    byRequest.set(rid, [...(byRequest.get(rid) ?? []), message])
  }
  assert.ok(!output.includes(PASSWORD), 'the password is never printed')
  // Every request is one lifecycle: .start from the api, then status messages and .end from the finishing component.
  const finisher = {instance_create: 'task', database_create: 'conductor', user_create: 'conductor', user_grant: 'api',
    instance_resize_volume: 'task', instance_resize_instance: 'task', backup_create: 'conductor', instance_promote: 'task',
    configuration_create: 'api', instance_attach_configuration: 'api', instance_delete: 'task'}
  for (const messages of byRequest.values()) {
    const [start, ...rest] = messages
    const end = rest.at(-1)
    const op = start.event_type.split('.')[1]
    assert.equal(start.payload.server_type, 'api')
    assert.equal(end.event_type, `dbaas.${op}.end`)
    assert.equal(end.payload.server_type, finisher[op], op)
    assert.equal(end.payload.request_id, start.payload.request_id)
    assert.equal(end.publisher_id.split('.')[0], {api: 'api', task: 'taskmanager', conductor: 'conductor'}[finisher[op]])
  }
  // The replica was promoted: after it, db1 is the replica of db1-replica.
  const promoteStart = info.find((m) => m.message.event_type === 'dbaas.instance_promote.start').message
  const replicaCreateEnd = info.filter((m) => m.message.event_type === 'dbaas.instance_create.end')[1].message
  assert.equal(promoteStart.payload.instance_id, replicaCreateEnd.payload.instance_id)
  const resized = info.find((m) => m.message.event_type === 'trove.instance.modify_volume').message.payload
  assert.deepEqual([resized.old_volume_size, resized.volume_size], [2, 4])
  const reflavored = info.find((m) => m.message.event_type === 'trove.instance.modify_flavor').message.payload
  assert.deepEqual([reflavored.old_instance_size, reflavored.instance_size, reflavored.instance_type_id], [2048, 4096, '3'])
})
