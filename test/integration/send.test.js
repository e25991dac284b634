// `send EVENT_TYPE [PAYLOAD]` against the real broker: a message with
// violations is refused with the list (exit 2, nothing published); --fill
// completes it from the catalog's example; --no-check sends it anyway; the
// priority, publisher id and context are the user's; the payload comes from
// the argument, @FILE or stdin; exit 0 only once the broker confirmed.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {runCli} from '../helpers/cli.js'
import {getEvent} from '../../dist/events/catalog.js'
import {validatePayload} from '../../dist/events/payload.js'

let bus
before(async () => { bus = await privateBus('send') })
after(async () => bus.cleanup())

test('violations refuse the message: one line listing them, exit 2, nothing published', async () => {
  const r = await runCli(['send', 'dbaas.instance_create.start', '{"name": "db1"}', ...bus.args])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /dbaas\.instance_create\.start refused, 8 violation\(s\): payload\.tenant_id: required field is missing; .*payload\.flavor: required field is missing/)
  assert.match(r.stderr, /Try this: add the fields, or --fill/)
  const unknown = await runCli(['send', 'dbaas.nothing.start', '{}', ...bus.args])
  assert.equal(unknown.code, 2)
  assert.match(unknown.stderr, /unknown event type "dbaas\.nothing\.start"/)
  const bad = await runCli(['send', 'dbaas.instance_create.start', '{"name": ', ...bus.args])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /PAYLOAD is not valid JSON/)
  assert.deepEqual((await bus.takeAll()).all, [])
})

test('--fill completes the payload from the catalog example; what arrives is valid and confirmed', async () => {
  const r = await runCli(['send', 'dbaas.instance_create.start', '{"name": "mine", "flavor": "3"}', '--fill', ...bus.args, '--json'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.json.confirmed, true)
  assert.deepEqual(r.json.filled, ['tenant_id', 'client_ip', 'server_ip', 'server_type', 'request_id', 'datastore', 'datastore_version'])
  const [m] = (await bus.take('info'))
  assert.equal(m.message.message_id, r.json.message_id)
  assert.equal(m.properties.contentType, 'application/json')
  assert.deepEqual(validatePayload(getEvent('dbaas.instance_create.start'), m.message.payload), [])
  assert.equal(m.message.payload.name, 'mine')
  assert.equal(m.message.payload.flavor, '3')
  assert.match(m.message.publisher_id, /^api\./)
  assert.equal(m.message._context_request_id, m.message.payload.request_id)
  assert.match(m.message.payload.request_id, /^req-[0-9a-f-]{36}$/)
  assert.match(m.envelope['oslo.version'], /^2\.0$/)
})

test('--no-check sends it anyway (findings listed); priority, publisher id, context and @FILE / stdin payloads', async () => {
  const loose = await runCli(['send', 'custom.event', '{"anything": [1, 2]}', '--no-check', '--priority', 'warn', '--publisher-id', 'tester.host1', ...bus.args])
  assert.equal(loose.code, 0, loose.stderr)
  assert.match(loose.stdout, /✖ event_type: unknown event type "custom\.event"/)
  const dir = mkdtempSync(join(tmpdir(), 'tn-send-'))
  const file = join(dir, 'payload.json')
  writeFileSync(file, JSON.stringify({request_id: 'req-00000000-0000-4000-8000-0000000000aa'}))
  const fromFile = await runCli(['send', 'dbaas.instance_delete.error', `@${file}`, '--fill', '--context', '{"roles": ["admin"], "auth_token": "s3cret", "user_name": "ops"}', ...bus.args])
  assert.equal(fromFile.code, 0, fromFile.stderr)
  const fromStdin = await runCli(['send', 'trove.instance.exists', '--fill', ...bus.args], {input: '{"display_name": "piped"}'})
  assert.equal(fromStdin.code, 0, fromStdin.stderr)
  const {info, error} = await bus.takeAll()
  const warn = await bus.take('warn')
  assert.equal(warn.length, 1)
  assert.equal(warn[0].message.priority, 'WARN')
  assert.equal(warn[0].message.publisher_id, 'tester.host1')
  assert.deepEqual(warn[0].message.payload, {anything: [1, 2]})
  assert.equal(error.length, 1)
  const e = error[0].message
  assert.equal(e.event_type, 'dbaas.instance_delete.error')
  assert.equal(e.priority, 'ERROR')
  assert.equal(e.payload.request_id, 'req-00000000-0000-4000-8000-0000000000aa')
  assert.equal(e._context_request_id, 'req-00000000-0000-4000-8000-0000000000aa')
  assert.deepEqual(e._context_roles, ['admin'])
  assert.equal(e._context_user_name, 'ops')
  assert.ok(!('_context_auth_token' in e), 'a secret never reaches the wire')
  assert.doesNotMatch(error[0].body, /s3cret/)
  assert.equal(info.length, 1)
  assert.equal(info[0].message.payload.display_name, 'piped')
  assert.deepEqual(validatePayload(getEvent('trove.instance.exists'), info[0].message.payload), [])
})

test('--dialect trove-18: built, filled and checked against what Trove 18 sends (its fields, its topic)', async () => {
  const t18 = await runCli(['send', 'dbaas.instance_create.start', '{"name": "t18"}', '--fill', '--dialect', 'trove-18', '--driver', 'log', '--json'])
  assert.equal(t18.code, 0, t18.stderr)
  assert.ok(t18.json.filled.includes('flavor_id') && t18.json.filled.includes('image_id'), t18.json.filled.join(','))
  assert.deepEqual(t18.json.routing_keys, ['notifications.info'])
  // The spec's payload is not Trove 18's: refused under --dialect trove-18.
  const spec = await runCli(['send', 'dbaas.instance_create.start', '{"name": "s"}', '--fill', '--driver', 'log', '--json'])
  assert.equal(spec.code, 0, spec.stderr)
  const refused = await runCli(['send', 'dbaas.instance_create.start', JSON.stringify(spec.json.message.payload), '--dialect', 'trove-18', '--driver', 'log'])
  assert.equal(refused.code, 2)
  assert.match(refused.stderr, /refused, \d+ violation\(s\): .*flavor_id/)
})
