// The events commands as a user runs them: list, show (with the example as
// it goes on the wire), schema, and a clear usage error for unknown types.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {EVENTS, SPEC_DIALECT_EVENTS, getEvent} from '../../dist/events/catalog.js'
import {eventsOf} from '../../dist/events/catalogs.js'
import {decodeBody} from '../../dist/messaging/envelope.js'
import {validatePayload} from '../../dist/events/payload.js'
import {runCli} from '../helpers/cli.js'

test('events list: a table of every event type; --json with queues and fields; a glob narrows it', async () => {
  const all = await runCli(['events', 'list', '--json'])
  assert.equal(all.code, 0, all.stderr)
  assert.equal(all.json.length, SPEC_DIALECT_EVENTS.length)
  assert.equal(all.json.filter((e) => e.beyond_spec).length, SPEC_DIALECT_EVENTS.length - EVENTS.length, 'the 27 events beyond the spec are marked')
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
  assert.equal(s.oneOf.length, SPEC_DIALECT_EVENTS.length)
  for (const e of SPEC_DIALECT_EVENTS) {
    const p = s.$defs[e.eventType]
    assert.deepEqual(p.required, e.fields.filter((f) => f.required).map((f) => f.name), e.eventType)
  }
  assert.deepEqual(s.$defs.envelope.required, ['oslo.version', 'oslo.message'])
  assert.deepEqual(s.$defs['dbaas.instance_create.start'].properties.volume_size, {description: 'Size of volume to create (if specified)', type: 'integer'})
  assert.deepEqual(s.$defs['dbaas.backup_create.start'].properties.parent_id.anyOf, [{type: 'string'}, {type: 'null'}], 'nullable: a string or null')
  const one = await runCli(['events', 'schema', 'trove.instance.exists'])
  assert.equal(JSON.parse(one.stdout).properties.audit_period_ending.format, 'date-time')
})

test('--dialect trove-18: list, show, schema and ceilometer describe what Trove 18 sends', async () => {
  const list = await runCli(['events', 'list', '--dialect', 'trove-18', '--json'])
  assert.equal(list.code, 0, list.stderr)
  assert.equal(list.json.length, eventsOf('trove-18').length)
  const create = list.json.find((e) => e.event_type === 'dbaas.instance_create.start')
  assert.equal(create.queue, 'notifications.info')
  assert.ok(create.required.includes('flavor_id') && create.required.includes('image_id') && !create.required.includes('flavor'))
  assert.equal(create.trove_class, 'DBaaSInstanceCreate')
  assert.ok(!list.json.some((e) => e.event_type === 'trove.instance.modify_volume'))
  const show = await runCli(['events', 'show', 'dbaas.instance_restart.error', '--dialect', 'trove-18'])
  assert.equal(show.code, 0, show.stderr)
  assert.match(show.stdout, /dialect trove-18 · spec section 1\.10\.7 · queue notifications\.info · priority INFO/)
  assert.match(show.stdout, /Trove 18 class: trove\.common\.notification\.DBaaSInstanceRestart/)
  assert.match(show.stdout, /routing key notifications\.info/)
  const env = await runCli(['events', 'show', 'dbaas.quota'], {env: {TROVE_NOTIFY_DIALECT: 'trove-18'}})
  assert.equal(env.code, 0, env.stderr)
  assert.match(env.stdout, /Never sent by Trove 18\.0\.0/)
  const spec = await runCli(['events', 'show', 'dbaas.quotas', '--dialect', 'trove-18'])
  assert.equal(spec.code, 2)
  assert.match(spec.stderr, /the spec's name; Trove 18 calls it dbaas\.quota/)
  const bad = await runCli(['events', 'list'], {env: {TROVE_NOTIFY_DIALECT: 'trove-17'}})
  assert.equal(bad.code, 2)
  const beyond = await runCli(['events', 'show', 'dbaas.upgrade.start'])
  assert.equal(beyond.code, 0, beyond.stderr)
  assert.match(beyond.stdout, /\[beyond the spec \(Trove 18\)\]/)
  assert.match(beyond.stdout, /Rule: .*never sends dbaas\.upgrade\.end/)
  const schema = await runCli(['events', 'schema', '--dialect', 'trove-18', '--json'])
  assert.equal(schema.json.$id, 'urn:trove-notify:notifications:trove-18')
  const ceilo = await runCli(['events', 'ceilometer', '--dialect', 'trove-18'])
  assert.match(ceilo.stdout, /^# Generated by `trove-notify events ceilometer --dialect trove-18`/)
  assert.match(ceilo.stdout, /event_type: dbaas\.quota\n/)
})
