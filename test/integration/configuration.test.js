// configuration commands and attach/detach, run as a user runs them (the
// built CLI) against the real RabbitMQ: every lifecycle starts and ends in the
// API; the exact events, routing keys, fields and exit codes; malformed
// VALUES_JSON is a usage error that publishes nothing; restart_required
// shows in `instance show`.
import assert from 'node:assert/strict'
import {after, before, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {runCli, testWorld} from '../helpers/cli.js'
import {expectLifecycle} from '../helpers/lifecycle.js'

const HOST = 'tn-config-host'
const {args: world} = testWorld(HOST)
let bus
let db1

/** Run a command routed to the private bus. */
const run = (...args) => runCli([...args, ...world, ...bus.args])

/**
 * The command exited 0 (`end`) or 1 (`error`) and exactly one lifecycle
 * arrived, started and ended in the API, with these `.start` fields.
 * Returns {start, end} or {start, error}.
 */
async function one(r, operation, outcome, start = {}) {
  assert.equal(r.code, outcome === 'end' ? 0 : 1, r.stderr)
  const got = await expectLifecycle(bus, {operation, outcome, endedBy: 'api', host: HOST})
  for (const [k, v] of Object.entries(start)) assert.equal(got.start.payload[k], v, `.start ${k}`)
  return got
}

/** A read-only command's --json output. */
async function view(...args) {
  const r = await runCli([...args, '--json', ...world])
  assert.equal(r.code, 0, r.stderr)
  return r.json
}

before(async () => {
  bus = await privateBus('config')
  const r = await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--json', ...world])
  assert.equal(r.code, 0, r.stderr)
  db1 = r.json.resource.id
})
after(() => bus.cleanup())

test('create, update, edit: finished in the API; values checked; JSON output', async () => {
  let r = await run('configuration', 'create', 'tuned', '{"max_connections": 200}', '--description', 'first', '--json')
  let lc = await one(r, 'configuration_create', 'end', {name: 'tuned', datastore: 'mysql', datastore_version: '8.0'})
  const id = r.json.resource.id
  assert.equal(lc.end.payload.configuration_id, id)

  r = await run('configuration-create', 'bad', '{"max_connections": "lots"}', '--datastore', 'mysql', '--datastore-version', '5.7.29')
  lc = await one(r, 'configuration_create', 'error', {name: 'bad', datastore_version: '5.7.29'})
  assert.match(lc.error.payload.message, /configuration parameter max_connections is not of type integer/)
  assert.match(r.stdout, /configuration_create failed: .*max_connections/)

  r = await run('configuration', 'update', 'tuned', '{"wait_timeout": 60}', '--name', 'tuned2', '--description', 'second')
  await one(r, 'configuration_update', 'end', {configuration_id: id, name: 'tuned2', description: 'second'})
  r = await run('configuration-patch', 'tuned2', '{"max_connections": 300}')
  await one(r, 'configuration_edit', 'end', {configuration_id: id})
  r = await run('configuration', 'edit', 'tuned2', '{"max_conections": 300}')
  assert.match((await one(r, 'configuration_edit', 'error')).error.payload.message, /parameter max_conections is not supported for this datastore: mysql 8.0/)
  r = await run('configuration-update', 'ghost', '{}')
  assert.match((await one(r, 'configuration_update', 'error', {configuration_id: 'ghost'})).error.payload.message, /ghost could not be found/)

  const shown = await view('configuration', 'show', 'tuned2')
  assert.deepEqual([shown.id, shown.name, shown.description, shown.values], [id, 'tuned2', 'second', {wait_timeout: 60, max_connections: 300}])
  assert.deepEqual((await view('configuration', 'list')).map((c) => [c.name, c.instance_count]), [['tuned2', 0]])
})

test('malformed or missing VALUES_JSON: usage error, exit 2, nothing published', async () => {
  for (const [args, message] of [
    [['configuration', 'create', 'x', '{"max_connections": 200'], /VALUES_JSON is not valid JSON/],
    [['configuration', 'edit', 'tuned2', '[1, 2]'], /must be a JSON object/],
    [['configuration', 'update', 'tuned2'], /missing argument VALUES_JSON/],
  ]) {
    const r = await run(...args)
    assert.equal(r.code, 2, r.stderr)
    assert.match(r.stderr, message)
    assert.deepEqual((await bus.takeAll()).all, [], 'nothing published')
  }
})

test('attach and detach: finished in the API, the instance needs a restart; a group in use cannot be deleted', async () => {
  let r = await run('configuration-attach', 'db1', 'tuned2')
  const cfg = (await view('configuration', 'show', 'tuned2')).id
  await one(r, 'instance_attach_configuration', 'end', {instance_id: db1, configuration_id: cfg})
  let inst = await view('instance', 'show', 'db1')
  assert.equal(inst.configuration_id, cfg)
  assert.equal(inst.restart_required, true)

  r = await run('instance', 'attach-configuration', 'db1', 'tuned2')
  assert.match((await one(r, 'instance_attach_configuration', 'error')).error.payload.message, /already has a configuration group attached/)
  r = await run('configuration', 'delete', 'tuned2')
  assert.match((await one(r, 'configuration_delete', 'error', {configuration_id: cfg})).error.payload.message, /is attached to db1/)

  r = await run('configuration-detach', 'db1')
  await one(r, 'instance_detach_configuration', 'end', {instance_id: db1})
  inst = await view('instance', 'show', 'db1')
  assert.equal(inst.configuration_id, null)
  assert.equal(inst.restart_required, true)
  r = await run('instance', 'detach-configuration', 'db1')
  assert.match((await one(r, 'instance_detach_configuration', 'error')).error.payload.message, /has no configuration group attached/)

  r = await run('configuration-delete', 'tuned2', '--json')
  await one(r, 'configuration_delete', 'end', {configuration_id: cfg})
  assert.deepEqual([r.json.operation, r.json.outcome, r.json.resource.status], ['configuration_delete', 'end', 'DELETED'])
  assert.deepEqual(await view('configuration', 'list'), [])
})
