// Both dialects against the real consumers (Debian python3-jsonschema,
// python3-ceilometer, python3-oslo.messaging, run with /usr/bin/python3):
// - each dialect's `events schema` validates its own examples and, for
//   trove-18, the messages Trove 18's own code sends (trove18_harness.py);
// - each dialect's `events ceilometer` YAML loads in Ceilometer's converter,
//   which turns every example of that dialect (and Trove 18's real messages)
//   into an event whose traits carry each field, typed;
// - the real oslo.messaging listener accepts both dialects' messages as our
//   Notifier publishes them, handing its endpoint the right priority and context.
import assert from 'node:assert/strict'
import {execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {eventsOf} from '../../dist/events/catalogs.js'
import {exampleMessage} from '../../dist/events/export/example.js'
import {createNotifier} from '../../dist/messaging/factory.js'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {runCli} from '../helpers/cli.js'
import {render} from '../helpers/trove18-cases.js'

const PY = '/usr/bin/python3'
const here = (f) => new URL(`./${f}`, import.meta.url).pathname
const TRAIT = {integer: 'int', timestamp: 'datetime', naive_timestamp: 'datetime'}

let bus
let trove18Messages
before(async () => {
  bus = await privateBus('dialects')
  const out = execFileSync(PY, [here('trove18_harness.py'), BROKER_URL.replace(/^amqp:/, 'rabbit:'), bus.exchange, bus.topic],
    {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore']})
  trove18Messages = JSON.parse(out).cases.flatMap((c) => c.messages.map((m) => m.message))
})
after(async () => bus.cleanup())

function tempFile(name, text) {
  const path = join(mkdtempSync(join(tmpdir(), 'tn-dialects-')), name)
  writeFileSync(path, text)
  return path
}

async function cli(args) {
  const r = await runCli(args)
  assert.equal(r.code, 0, r.stderr)
  return r.stdout
}

const jsonLines = (docs) => docs.map((d) => JSON.stringify(d)).join('\n')

test('events schema --dialect: each validates its examples; trove-18 validates what Trove 18 sends, spec refuses it', async () => {
  const schemas = {spec: tempFile('spec.json', await cli(['events', 'schema'])), 'trove-18': tempFile('t18.json', await cli(['events', 'schema', '--dialect', 'trove-18']))}
  const validate = (dialect, docs) => execFileSync(PY, [here('json_schema_validate.py'), schemas[dialect]], {input: jsonLines(docs), encoding: 'utf8'})
    .trim().split('\n').map((l) => JSON.parse(l))
  for (const dialect of ['spec', 'trove-18']) {
    const examples = eventsOf(dialect).map((e) => exampleMessage(e).message)
    assert.deepEqual(validate(dialect, examples), examples.map(() => []), dialect)
  }
  assert.deepEqual(validate('trove-18', trove18Messages), trove18Messages.map(() => []))
  const refused = validate('spec', trove18Messages).filter((errors) => errors.length > 0)
  assert.ok(refused.length > trove18Messages.length / 2, `${refused.length} of ${trove18Messages.length} Trove 18 messages refused by the spec schema`)
})

function convert(yamlPath, messages) {
  return execFileSync(PY, [here('ceilometer_events.py'), yamlPath], {input: jsonLines(messages), encoding: 'utf8'})
    .trim().split('\n').map((l) => JSON.parse(l))
}

test("events ceilometer --dialect: Ceilometer's converter loads each and converts every example of both dialects, typed", async () => {
  for (const dialect of ['spec', 'trove-18']) {
    const yamlPath = tempFile('event_definitions.yaml', await cli(['events', 'ceilometer', '--dialect', dialect]))
    const dbaas = eventsOf(dialect).filter((e) => e.eventType.startsWith('dbaas.'))
    const examples = dbaas.map((e) => exampleMessage(e).message)
    const events = convert(yamlPath, examples)
    assert.equal(events.length, dbaas.length)
    for (const [i, spec] of dbaas.entries()) {
      const ev = events[i]
      assert.equal(ev.event_type, spec.eventType, dialect)
      for (const f of spec.fields) {
        const trait = ev.traits[f.name]
        assert.ok(trait, `${dialect} ${spec.eventType}: trait ${f.name}`)
        assert.equal(trait[0], TRAIT[f.type] ?? 'text', `${dialect} ${spec.eventType}.${f.name} type`)
        const value = examples[i].payload[f.name]
        if (f.type === 'integer') assert.equal(trait[1], value)
        else if (typeof value === 'string' && !TRAIT[f.type]) assert.equal(trait[1], value, `${dialect} ${spec.eventType}.${f.name}`)
      }
    }
  }
})

test("Ceilometer's converter, with the trove-18 definitions, turns Trove 18's own messages into events carrying their fields", async () => {
  const yamlPath = tempFile('event_definitions.yaml', await cli(['events', 'ceilometer', '--dialect', 'trove-18']))
  const dbaas = trove18Messages.filter((m) => m.event_type.startsWith('dbaas.'))
  const events = convert(yamlPath, dbaas)
  for (const [i, m] of dbaas.entries()) {
    assert.equal(events[i].event_type, m.event_type)
    for (const [k, v] of Object.entries(m.payload)) {
      if (k === 'notification_classname') continue // Trove's leak, no field of the event
      if (v === null) continue // Ceilometer makes no trait of a null value
      assert.ok(events[i].traits[k], `${m.event_type}: trait ${k}`)
      if (typeof v === 'string' && k !== 'exception' && events[i].traits[k][0] === 'text') assert.equal(events[i].traits[k][1], v)
    }
    // Ceilometer's default traits: the project from the payload, the service from the publisher
    if (m.payload.tenant_id !== undefined) assert.deepEqual(events[i].traits.project_id, ['text', m.payload.tenant_id])
  }
})

/** Start the real oslo listener on the private bus; resolves when it consumes, with a promise of its records. */
function listen(count) {
  return new Promise((resolve, reject) => {
    const child = spawn(PY, [here('oslo_listener.py'), BROKER_URL.replace(/^amqp:/, 'rabbit:'), bus.exchange, bus.topic, String(count), '30'])
    let out = ''
    let err = ''
    const records = new Promise((res) => child.on('close', () => res(out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => !r.ready))))
    child.stdout.on('data', (d) => {
      out += d
      if (out.includes('"ready"')) resolve({records, stderr: () => err})
    })
    child.stderr.on('data', (d) => { err += d })
    child.on('error', reject)
  })
}

test('the real oslo listener accepts both dialects\' messages as our Notifier publishes them', async () => {
  const as = (dialect, list) => list.map((w) => ({...w, dialect}))
  const tagged = [
    ...as('spec', [...render('spec', 'instance_create', 'end'), ...render('spec', 'instance_restart', 'error')]),
    ...as('trove-18', [...render('trove-18', 'instance_create', 'end'), ...render('trove-18', 'instance_restart', 'error'),
      ...render('trove-18', 'user_delete', 'end'), ...render('trove-18', 'cluster_restart', 'end')]),
  ]
  const listener = await listen(tagged.length)
  const notifier = createNotifier({driver: 'messagingv2', url: BROKER_URL, exchange: bus.exchange, durable: false, topics: [bus.topic]})
  await notifier.open()
  for (const w of tagged) notifier.notify(w)
  await notifier.flush()
  await notifier.close()
  const records = await listener.records
  assert.equal(records.length, tagged.length, listener.stderr())
  const trove = records.filter((r) => 'user' in r.ctxt)
  const spec = records.filter((r) => 'user_id' in r.ctxt)
  assert.equal(spec.length, tagged.filter((w) => w.dialect === 'spec').length)
  assert.equal(trove.length, tagged.filter((w) => w.dialect === 'trove-18').length)
  assert.ok(trove.every((r) => r.priority === 'info'), 'Trove 18 sends everything at INFO, the listener hands it to info()')
  assert.ok(spec.some((r) => r.priority === 'error' && r.event_type === 'dbaas.instance_restart.error'))
  const t = trove.find((r) => r.event_type === 'dbaas.instance_restart.error')
  assert.equal(t.ctxt.auth_token, null)
  assert.equal(t.ctxt.user_identity, `${t.ctxt.user} ${t.ctxt.project_id} - - -`)
  assert.equal(t.publisher_id, 'taskmanager.10.0.0.1')
  assert.equal(t.payload.client_ip, '10.0.0.5')
  assert.ok(trove.some((r) => typeof r.payload.username === 'object'), "user delete's second .start carries the user as a dict")
})
