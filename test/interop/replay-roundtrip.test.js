// Round trip through the real oslo.messaging on both ends: its notifier
// publishes a Trove-18-style stream (a create, hourly exists windows, a
// failed resize at Trove 18's INFO, a delete), `tail --record` records it,
// and `replay` plays the recording into fresh queues, where the real oslo
// listener must get byte-identical bodies and the same AMQP properties as a
// listener of the original got. Replayed with --retime --fresh-ids, every id
// is new yet mapped consistently: every lifecycle still pairs, the exists
// windows still tile (what Ceilometer bills), and every gap is kept.
import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {BROKER_URL, busPool} from '../helpers/broker.js'
import {runCli} from '../helpers/cli.js'
import {osloListen, osloPublish} from '../helpers/oslo.js'
import {readRecording} from '../helpers/recording.js'
import {startTail} from '../helpers/tail.js'
import {assertTiling, windowsByInstance} from '../helpers/windows.js'

const TENANT = '5a3c8d4e2f1b4c6d8e9f0a1b2c3d4e5f'
const USER = '0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a'
const INSTANCE = '7d3fd31a-5e38-4f94-bbcb-a35e7fbfd8fc'
const R = ['req-1f0e2d3c-4b5a-4697-8877-665544332211', 'req-2f0e2d3c-4b5a-4697-8877-665544332212', 'req-3f0e2d3c-4b5a-4697-8877-665544332213']
const LAUNCHED = '2026-11-20T08:00:00Z'
const hour = (h) => new Date(Date.parse(LAUNCHED) + h * 3600_000).toISOString().replace('.000Z', 'Z')
const DELETED = '2026-11-20T10:30:00Z'

/** What a Trove 18 sends for one instance's life (its shapes: bare client IP, taskmanager, errors at INFO). */
function troveStream() {
  const ctxt = (requestId) => ({request_id: requestId, project_id: TENANT, user_id: USER, roles: ['member'], is_admin: false})
  const base = (requestId, serverType) => ({tenant_id: TENANT, client_ip: '10.0.0.5', server_ip: '10.0.0.1:8779', server_type: serverType, request_id: requestId})
  const status = {instance_id: INSTANCE, resource_id: INSTANCE, tenant_id: TENANT, user_id: USER, instance_name: 'd\u00e9j\u00e0-db',
    instance_type: 'm1.small', instance_type_id: '2', launched_at: LAUNCHED, created_at: LAUNCHED, state: 'ACTIVE', region: 'RegionOne'}
  const n = (event_type, publisher_id, payload, requestId, priority = 'info') => ({event_type, publisher_id, payload, ctxt: ctxt(requestId), priority})
  return [
    n('dbaas.instance_create.start', 'api.trove1', {...base(R[0], 'api'), name: 'd\u00e9j\u00e0-db', flavor_id: '2', datastore: 'mysql', datastore_version: '8.0'}, R[0]),
    n('trove.instance.create', 'taskmanager.trove1', status, R[0]),
    n('dbaas.instance_create.end', 'taskmanager.trove1', {...base(R[0], 'taskmanager'), instance_id: INSTANCE}, R[0]),
    ...[0, 1].map((h) => n('trove.instance.exists', 'taskmanager.trove1',
      {...status, display_name: 'd\u00e9j\u00e0-db', audit_period_beginning: hour(h), audit_period_ending: hour(h + 1)}, R[0])),
    n('dbaas.instance_resize_volume.start', 'api.trove1', {...base(R[1], 'api'), instance_id: INSTANCE, new_size: 1}, R[1]),
    n('dbaas.instance_resize_volume.error', 'taskmanager.trove1', {...base(R[1], 'taskmanager'), instance_id: INSTANCE,
      message: 'Volume size 1 is smaller than 2', exception: ['Traceback (most recent call last):\n', 'BadRequest: shrink\n']}, R[1]),
    n('trove.instance.exists', 'taskmanager.trove1', {...status, display_name: 'd\u00e9j\u00e0-db', audit_period_beginning: hour(2), audit_period_ending: DELETED}, R[0]),
    n('dbaas.instance_delete.start', 'api.trove1', {...base(R[2], 'api'), instance_id: INSTANCE}, R[2]),
    n('trove.instance.delete', 'taskmanager.trove1', {...status, deleted_at: DELETED, state: 'SHUTDOWN'}, R[2]),
    n('dbaas.instance_delete.end', 'taskmanager.trove1', {...base(R[2], 'taskmanager'), instance_id: INSTANCE}, R[2]),
  ]
}

const stream = troveStream()
const N = stream.length
const dir = mkdtempSync(join(tmpdir(), 'tn-roundtrip-'))
const file = join(dir, 'trove18.jsonl')
let original // what a listener of the original stream got
const pool = busPool()

before(async () => {
  const bus = await pool.bus('orig')
  const listener = await osloListen(BROKER_URL, bus.exchange, bus.topic, N, {raw: true, timeoutS: 60})
  const tail = await startTail([...bus.args, '--record', file, '--count', String(N), '--timeout', '60'])
  assert.deepEqual(await osloPublish(BROKER_URL, bus.exchange, bus.topic, stream), {sent: N})
  const t = await tail.done
  assert.equal(t.code, 0, t.stderr)
  original = await listener.records
  assert.equal(original.length, N, listener.stderr())
})
after(() => pool.cleanup())

/** Replay the recording into a fresh bus with `flags`; resolves what the real oslo listener got there. */
async function replayed(label, flags) {
  const bus = await pool.bus(label)
  const listener = await osloListen(BROKER_URL, bus.exchange, bus.topic, N, {raw: true, timeoutS: 60})
  const r = await runCli(['replay', file, '--rate', '0', ...bus.args, ...flags, '--json'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.json.notifications.confirmed, N)
  const got = await listener.records
  assert.equal(got.length, N, listener.stderr())
  return got
}

/** Records in the order of the stream: by event type, then by arrival among that type. */
function inStreamOrder(records) {
  const left = [...records]
  return stream.map((s) => left.splice(left.findIndex((r) => r.event_type === s.event_type), 1)[0])
}

test('the recording holds the oslo bodies byte for byte, and is what the oslo notifier sent', () => {
  const rec = readRecording(readFileSync(file, 'utf8'))
  assert.equal(rec.length, N)
  const byId = new Map(original.map((o) => [o.metadata.message_id, o]))
  for (const r of rec) {
    const o = byId.get(r.message.message_id)
    assert.ok(o, `${r.message.event_type} was received by the listener too`)
    assert.equal(r.bodyBytes.toString('base64'), o.raw_body, `${r.message.event_type}: the recorded body is the one on the wire`)
  }
})

test('replayed into fresh queues, the real oslo listener gets byte-identical bodies and the same properties', async () => {
  const got = await replayed('asis', [])
  const byId = new Map(original.map((o) => [o.metadata.message_id, o]))
  for (const g of got) {
    const o = byId.get(g.metadata.message_id)
    assert.ok(o, `${g.event_type} ${g.metadata.message_id} is one of the originals`)
    assert.equal(g.raw_body, o.raw_body, `${g.event_type}: the same bytes`)
    assert.deepEqual(g.raw_properties, o.raw_properties, `${g.event_type}: the same AMQP properties`)
    assert.deepEqual([g.priority, g.ctxt, g.publisher_id, g.payload, g.metadata], [o.priority, o.ctxt, o.publisher_id, o.payload, o.metadata])
  }
  assert.equal(new Set(got.map((g) => g.metadata.message_id)).size, N)
})

test('--retime --fresh-ids: new ids mapped consistently, every lifecycle pairs, the exists windows tile, every gap kept', async () => {
  const t0 = Date.now()
  const got = inStreamOrder(await replayed('fresh', ['--retime', '--fresh-ids']))
  const old = inStreamOrder(original)
  const mapping = new Map()
  const same = (a, b, what) => {
    if (a === undefined) return assert.equal(b, undefined)
    assert.notEqual(b, a, `${what} ${a} was replaced`)
    if (mapping.has(a)) assert.equal(b, mapping.get(a), `${what} ${a} is always replaced by the same id`)
    mapping.set(a, b)
  }
  for (let i = 0; i < N; i++) {
    const [o, g] = [old[i], got[i]]
    assert.equal(g.event_type, o.event_type)
    same(o.metadata.message_id, g.metadata.message_id, 'message_id')
    same(o.payload.request_id, g.payload.request_id, 'request_id')
    same(o.ctxt.request_id, g.ctxt.request_id, 'context request_id')
    same(o.payload.instance_id, g.payload.instance_id, 'instance_id')
    same(o.payload.resource_id, g.payload.resource_id, 'resource_id')
    assert.equal(g.payload.request_id ?? g.ctxt.request_id, g.ctxt.request_id, 'payload and context agree')
    assert.equal(g.payload.tenant_id, o.payload.tenant_id, 'no --tenant-map: the tenant stays')
    assert.equal(g.payload.instance_name ?? g.payload.name, o.payload.instance_name ?? o.payload.name, 'names are not ids')
  }
  assert.equal(new Set(mapping.values()).size, mapping.size, 'two old ids never become one')
  // Every lifecycle pairs: one end (or error) per start, by the new request id.
  const phased = got.filter((g) => /\.(start|end|error)$/.test(g.event_type))
  for (const s of phased.filter((g) => g.event_type.endsWith('.start'))) {
    const op = s.event_type.replace(/\.start$/, '')
    assert.equal(phased.filter((g) => g.payload.request_id === s.payload.request_id && g.event_type !== s.event_type && g.event_type.startsWith(op)).length, 1, `${op} pairs`)
  }
  // Times: one shift, in whole seconds, the first message now; the windows tile from launch to deletion.
  const ts = (r) => Date.parse(`${r.metadata.timestamp.replace(' ', 'T')}Z`)
  const shift = ts(got[0]) - ts(old[0])
  assert.ok(Math.abs(ts(got[0]) - t0) < 120_000, 'the first message is now')
  for (let i = 0; i < N; i++) assert.equal(ts(got[i]) - ts(old[i]), shift, `${got[i].event_type}: the same shift`)
  const newInstance = mapping.get(INSTANCE)
  const exists = windowsByInstance(got.map((g) => ({event_type: g.event_type, payload: g.payload}))).get(newInstance)
  const launched = Date.parse(got[1].payload.launched_at)
  assert.equal(shift % 1000, 0, 'whole seconds')
  assert.equal(launched - Date.parse(LAUNCHED), shift, 'payload times moved with the timestamps')
  const seconds = assertTiling(exists, launched, Date.parse(got.find((g) => g.event_type === 'trove.instance.delete').payload.deleted_at), 'replayed instance')
  assert.equal(seconds, (Date.parse(DELETED) - Date.parse(LAUNCHED)) / 1000, 'billed exactly as the original')
})
