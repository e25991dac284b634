// The events commands as a user runs them: list, show (with the example as
// it goes on the wire), schema, and a clear usage error for unknown types.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {EVENTS, getEvent} from '../../dist/events/catalog.js'
import {decodeBody} from '../../dist/messaging/envelope.js'
import {validatePayload} from '../../dist/events/payload.js'
import {runCli} from '../helpers/cli.js'

test('events list: a table of every event type; --json with queues and fields; a glob narrows it', async () => {
  const all = await runCli(['events', 'list', '--json'])
  assert.equal(all.code, 0, all.stderr)
  assert.equal(all.json.length, EVENTS.length)
  const create = all.json.find((e) => e.event_type === 'dbaas.instance_create.start')
  assert.equal(create.queue, 'notification.info')
  assert.deepEqual(create.required, ['tenant_id', 'client_ip', 'server_ip', 'server_type', 'request_id', 'name', 'flavor', 'datastore', 'datastore_version'])
  assert.ok(create.optional.includes('replica_count'))
  const users = await runCli(['events', 'list', 'dbaas.user_grant.*'])
  assert.equal(users.code, 0)
  assert.match(users.stdout, /dbaas\.user_grant\.error +│ notification\.error +│ \(dbaas base\), message, exception/)
  assert.match(users.stdout, /3 event type\(s\)\./)
  assert.match(users.stdout, /\(dbaas base\) = tenant_id, client_ip, server_ip, server_type, request_id/)
})

test('events show: fields with the spec descriptions, APIs, component, and a wire example built by the real envelope code', async () => {
  const r = await runCli(['events', 'show', 'dbaas.backup_create.end'])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^dbaas\.backup_create\.end — /)
  assert.match(r.stdout, /emitted by conductor/)
  assert.match(r.stdout, /Python API: backups\.create\(name, instance=None/)
  assert.match(r.stdout, /REST API: +POST v1\/\{tenant_id\}\/backups/)
  assert.match(r.stdout, /│ backup_id +│ string +│ yes +│ id of newly created backup/)
  assert.match(r.stdout, /routing key notification\.info/)
  assert.match(r.stdout, /\n\{"oslo\.version": "2\.0", "oslo\.message": "\{\\"message_id\\": /)

  const j = await runCli(['events', 'show', 'dbaas.backup_create.error', '--json'])
  const ex = j.json.example
  assert.equal(ex.routing_key, 'notification.error')
  assert.equal(ex.properties.contentType, 'application/json')
  const decoded = decodeBody(ex.body)
  assert.ok(decoded.ok)
  assert.deepEqual(decoded.message, ex.message)
  assert.deepEqual(Object.keys(ex.message).slice(0, 7), ['message_id', 'publisher_id', 'event_type', 'priority', 'payload', 'timestamp', '_unique_id'])
  assert.equal(ex.message.publisher_id, 'conductor.trove-host')
  assert.equal(ex.message.payload.server_type, 'conductor')
  assert.deepEqual(validatePayload(getEvent('dbaas.backup_create.error'), ex.message.payload), [])
  assert.match(ex.message.payload.exception.at(-1), /^trove\.common\.exception\.TroveError: /)
})

test('events show / schema refuse an unknown event type with exit 2 and a suggestion', async () => {
  const r = await runCli(['events', 'show', 'dbaas.instance_creat'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /unknown event type "dbaas\.instance_creat"/)
  assert.match(r.stderr.replace(/\s*\n\s*›\s*/g, ' '), /did you mean dbaas\.instance_create\.start/)
  const quota = await runCli(['events', 'schema', 'dbaas.quota'])
  assert.equal(quota.code, 2)
  assert.match(quota.stderr, /Trove 18's name; the spec calls it dbaas\.quotas/)
})

test('events schema: draft 2020-12, the envelope, the message and a payload schema per event type', async () => {
  const r = await runCli(['events', 'schema', '--json'])
  assert.equal(r.code, 0, r.stderr)
  const s = r.json
  assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema')
  assert.equal(s.oneOf.length, EVENTS.length)
  for (const e of EVENTS) {
    const p = s.$defs[e.eventType]
    assert.deepEqual(p.required, e.fields.filter((f) => f.required).map((f) => f.name), e.eventType)
  }
  assert.deepEqual(s.$defs.envelope.required, ['oslo.version', 'oslo.message'])
  assert.deepEqual(s.$defs['dbaas.instance_create.start'].properties.volume_size, {description: 'Size of volume to create (if specified)', type: 'integer'})
  const one = await runCli(['events', 'schema', 'trove.instance.exists'])
  assert.equal(JSON.parse(one.stdout).properties.audit_period_ending.format, 'date-time')
})
