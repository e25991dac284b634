// `events schema` checked by an independent implementation (python
// jsonschema, draft 2020-12): the schema is valid, every example and every
// message the CLI publishes validates, and broken ones do not.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {SPEC_DIALECT_EVENTS as EVENTS} from '../../dist/events/catalog.js'
import {exampleMessage} from '../../dist/events/export/example.js'
import {runCli, tempState} from '../helpers/cli.js'
import {exampleWith} from '../helpers/tail.js'

const SCRIPT = new URL('./json_schema_validate.py', import.meta.url).pathname

async function schemaFile() {
  const r = await runCli(['events', 'schema'])
  assert.equal(r.code, 0, r.stderr)
  const path = join(mkdtempSync(join(tmpdir(), 'tn-schema-')), 'schema.json')
  writeFileSync(path, r.stdout)
  return path
}

function validate(path, docs, def) {
  const out = execFileSync('/usr/bin/python3', [SCRIPT, path, ...(def ? [def] : [])], {input: docs.map((d) => JSON.stringify(d)).join('\n'), encoding: 'utf8'})
  return out.trim().split('\n').map((l) => JSON.parse(l))
}

test('the schema validates every example message and envelope of the catalog', async () => {
  const path = await schemaFile()
  const examples = EVENTS.map((e) => exampleMessage(e))
  assert.deepEqual(validate(path, examples.map((x) => x.message)), EVENTS.map(() => []))
  assert.deepEqual(validate(path, examples.map((x) => JSON.parse(x.body)), 'envelope'), EVENTS.map(() => []))
  // A payload schema tells its own payload from the others: of all payloads only the quota one passes $defs/dbaas.quotas.
  const asQuota = validate(path, examples.map((x) => x.message.payload), 'dbaas.quotas')
  assert.deepEqual(EVENTS.filter((_e, i) => asQuota[i].length === 0).map((e) => e.eventType), ['dbaas.quotas'])
})

test('messages published by the CLI validate; broken ones are refused with the reason', async () => {
  const path = await schemaFile()
  const state = tempState()
  const ok = await runCli(['instance', 'create', 'db1', '2', '--driver', 'log', '--state', state])
  const bad = await runCli(['instance', 'create', 'db2', '99', '--driver', 'log', '--state', state])
  const published = [...ok.stdout.split('\n'), ...bad.stdout.split('\n')].filter((l) => l.startsWith('{')).map((l) => {
    const {routing_key: _rk, ...m} = JSON.parse(l)
    return m
  })
  assert.equal(published.length, 5)
  assert.deepEqual(validate(path, published), published.map(() => []))
  const [missing, priority, unknown, secret] = validate(path, [
    exampleWith('dbaas.instance_create.start', {drop: ['flavor']}),
    exampleWith('dbaas.instance_create.error', {priority: 'INFO'}),
    exampleWith('dbaas.instance_create.start', {event_type: 'dbaas.quota'}),
    exampleWith('dbaas.instance_create.start', {_context_auth_token: 'x'}),
  ])
  for (const errors of [missing, priority, unknown, secret]) assert.ok(errors.length > 0)
  const one = validate(path, [exampleWith('dbaas.instance_create.start', {drop: ['flavor']}).payload], 'dbaas.instance_create.start')[0]
  assert.deepEqual(one, ["'flavor' is a required property"])
})
