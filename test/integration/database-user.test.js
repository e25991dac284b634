// database and user commands, run as a user runs them (the built CLI)
// against the real RabbitMQ: the exact lifecycles that arrive (event types,
// routing keys, priorities, server_type, publisher_id, required fields), one
// per database / per user where the spec says so, exit codes, usage errors
// that publish nothing, and passwords that never leave in clear text.
import assert from 'node:assert/strict'
import {readFileSync, existsSync} from 'node:fs'
import {after, before, describe, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {runCli, tempState} from '../helpers/cli.js'
import {assertLifecycle, lifecycles} from '../helpers/lifecycle.js'

const state = tempState()
const world = ['--state', state]
let bus
const ids = {}
/** Everything a user could have seen (stdout, stderr) and every body published, over all runs. */
const printed = []
const published = []

async function cli(...args) {
  const r = await runCli([...args, ...world, ...bus.args])
  printed.push(r.stdout, r.stderr)
  return r
}

/** A read-only command (no broker flags): its --json output. */
async function view(...args) {
  const r = await runCli([...args, '--json', ...world])
  printed.push(r.stdout, r.stderr)
  assert.equal(r.code, 0, r.stderr)
  return r.json
}

/** Run a command and read what arrived, as lifecycles. */
async function run(...args) {
  const r = await cli(...args)
  const {all} = await bus.takeAll()
  published.push(...all.map((m) => m.body))
  return {...r, bodies: all.map((m) => m.body), lcs: lifecycles(all)}
}

/** A usage error: exit 2, one line naming the problem, nothing published. */
async function usage(args, message) {
  const r = await run(...args)
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, message)
  assert.equal(r.bodies.length, 0, 'nothing published')
}

const topicOf = () => bus.topic

before(async () => {
  bus = await privateBus('dbuser')
  for (const [name, ds] of [['db1', 'mysql'], ['pg1', 'postgresql']]) {
    const r = await runCli(['instance', 'create', name, '2', '--datastore', ds, '--driver', 'noop', '--json', ...world])
    assert.equal(r.code, 0, r.stderr)
    ids[name] = r.json.resource.id
  }
})
after(() => bus.cleanup())

describe('database commands', () => {
  test('create: one lifecycle per database, finished by the conductor; list shows them', async () => {
    const r = await run('database', 'create', 'db1', 'shop', 'crm', '--character-set', 'utf8mb4', '--json')
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.lcs.length, 2)
    r.lcs.forEach((lc, i) => assertLifecycle(lc, {operation: 'database_create', phase: 'end', by: 'conductor', topic: topicOf(),
      start: {instance_id: ids.db1, dbname: ['shop', 'crm'][i]}}))
    assert.deepEqual(r.json.results.map((x) => [x.operation, x.outcome, x.resource.name]), [['database_create', 'end', 'shop'], ['database_create', 'end', 'crm']])
    assert.deepEqual(await view('database', 'list', 'db1'), [
      {name: 'crm', character_set: 'utf8mb4', collation: 'utf8mb4_general_ci'},
      {name: 'shop', character_set: 'utf8mb4', collation: 'utf8mb4_general_ci'},
    ])
  })

  test('rule violations end in .error from the API, exit 1, state unchanged', async () => {
    let r = await run('database-create', 'db1', 'shop')
    assert.equal(r.code, 1)
    assertLifecycle(r.lcs[0], {operation: 'database_create', phase: 'error', by: 'api', topic: topicOf(), start: {dbname: 'shop'}})
    assert.match(r.lcs[0].finish.payload.message, /already exists/)
    assert.match(r.stdout, /database_create failed: A database with the name 'shop' already exists/)

    r = await run('database', 'create', 'pg1', 'x')
    assert.equal(r.code, 1)
    assert.match(r.lcs[0].finish.payload.message, /postgresql .* does not support databases and users/)

    r = await run('database', 'create', 'db1', 'information_schema', '--json')
    assert.equal(r.code, 1)
    assert.equal(r.json.error_class, 'BadRequest')
    assert.match(r.json.error, /reserved/)
    assert.deepEqual((await view('database', 'list', 'db1')).map((d) => d.name), ['crm', 'shop'])
  })

  test('delete: conductor ends it; an unknown database or a guest failure ends in .error', async () => {
    let r = await run('database-delete', 'db1', 'crm')
    assert.equal(r.code, 0, r.stderr)
    assertLifecycle(r.lcs[0], {operation: 'database_delete', phase: 'end', by: 'conductor', topic: topicOf(), start: {instance_id: ids.db1, dbname: 'crm'}})

    r = await run('database', 'delete', 'db1', 'crm')
    assert.equal(r.code, 1)
    assertLifecycle(r.lcs[0], {operation: 'database_delete', phase: 'error', by: 'api', topic: topicOf()})
    assert.match(r.lcs[0].finish.payload.message, /'crm' cannot be found/)

    r = await run('database', 'delete', 'db1', 'shop', '--fail', 'guest agent timed out')
    assert.equal(r.code, 1)
    assertLifecycle(r.lcs[0], {operation: 'database_delete', phase: 'error', by: 'conductor', topic: topicOf()})
    assert.match(r.lcs[0].finish.payload.exception.at(-1), /GuestError: guest agent timed out/)
    assert.deepEqual((await view('database', 'list', 'db1')).map((d) => d.name), ['shop'])
  })

  test('usage errors: exit 2, nothing published', async () => {
    await usage(['database', 'create', 'db1'], /missing argument NAME/)
    await usage(['database', 'delete', 'db1'], /missing argument NAME/)
    await usage(['database', 'create', 'db1', 'x', '--delay', 'soon'], /seconds/)
  })
})

describe('user commands', () => {
  const PW = ['Pw-create-9xQ2', 'Pw-update-4kL7', 'Pw-change-1zM8', 'Pw-ghost-5rT3']

  test('create (conductor), duplicate and reserved names refused', async () => {
    await runCli(['database', 'create', 'db1', 'crm', '--driver', 'noop', ...world])
    let r = await run('user', 'create', 'db1', 'app', PW[0], '--databases', 'shop', '--json')
    assert.equal(r.code, 0, r.stderr)
    assertLifecycle(r.lcs[0], {operation: 'user_create', phase: 'end', by: 'conductor', topic: topicOf(), start: {instance_id: ids.db1, username: 'app'}})
    assert.deepEqual(r.json.resource.databases, ['shop'])

    r = await run('user-create', 'db1', 'app', PW[0])
    assert.equal(r.code, 1)
    assertLifecycle(r.lcs[0], {operation: 'user_create', phase: 'error', by: 'api', topic: topicOf()})
    assert.match(r.lcs[0].finish.payload.message, /'app'@'%' already exists/)

    r = await run('user', 'create', 'db1', 'os_admin', PW[0])
    assert.equal(r.code, 1)
    assert.match(r.lcs[0].finish.payload.message, /reserved/)
  })

  test('grant: one lifecycle per database, in the API; revoke needs the access', async () => {
    let r = await run('user-grant-access', 'db1', 'app', 'crm', 'nope', '--json')
    assert.equal(r.code, 1)
    assert.equal(r.lcs.length, 2)
    assertLifecycle(r.lcs[0], {operation: 'user_grant', phase: 'end', by: 'api', topic: topicOf(), start: {instance_id: ids.db1, username: 'app', database: 'crm'}})
    assertLifecycle(r.lcs[1], {operation: 'user_grant', phase: 'error', by: 'api', topic: topicOf(), start: {database: 'nope'}})
    assert.deepEqual(r.json.results.map((x) => x.outcome), ['end', 'error'])
    assert.equal(r.json.outcome, 'error')

    r = await run('user', 'revoke', 'db1', 'app', 'crm')
    assert.equal(r.code, 0, r.stderr)
    assertLifecycle(r.lcs[0], {operation: 'user_revoke', phase: 'end', by: 'api', topic: topicOf(), start: {username: 'app', database: 'crm'}})
    r = await run('user-revoke-access', 'db1', 'app', 'crm')
    assert.equal(r.code, 1)
    assertLifecycle(r.lcs[0], {operation: 'user_revoke', phase: 'error', by: 'api', topic: topicOf()})
    assert.match(r.lcs[0].finish.payload.message, /no access to database 'crm'/)
  })

  test('update-attributes and change-password (one lifecycle per user) end in the conductor', async () => {
    let r = await run('user-update-attributes', 'db1', 'app', '--new-name', 'app2', '--new-password', PW[1])
    assert.equal(r.code, 0, r.stderr)
    assertLifecycle(r.lcs[0], {operation: 'user_update_attributes', phase: 'end', by: 'conductor', topic: topicOf(), start: {username: 'app'}})
    r = await run('user', 'update-attributes', 'db1', 'ghost', '--new-host', '10.%')
    assert.equal(r.code, 1)
    assertLifecycle(r.lcs[0], {operation: 'user_update_attributes', phase: 'error', by: 'api', topic: topicOf()})

    r = await run('user', 'change-password', 'db1', `app2:${PW[2]}`, `ghost:${PW[3]}`, '--json')
    assert.equal(r.code, 1)
    assert.equal(r.lcs.length, 2)
    assertLifecycle(r.lcs[0], {operation: 'user_change_password', phase: 'end', by: 'conductor', topic: topicOf(), start: {instance_id: ids.db1, username: 'app2'}})
    assertLifecycle(r.lcs[1], {operation: 'user_change_password', phase: 'error', by: 'api', topic: topicOf(), start: {username: 'ghost'}})
    assert.deepEqual((await view('user', 'list', 'db1')), [{name: 'app2', host: '%', databases: ['shop']}])
  })

  test('delete: conductor; an unknown user refused', async () => {
    let r = await run('user-delete', 'db1', 'app2')
    assert.equal(r.code, 0, r.stderr)
    assertLifecycle(r.lcs[0], {operation: 'user_delete', phase: 'end', by: 'conductor', topic: topicOf(), start: {instance_id: ids.db1, username: 'app2'}})
    r = await run('user', 'delete', 'db1', 'app2', '--host', '%')
    assert.equal(r.code, 1)
    assertLifecycle(r.lcs[0], {operation: 'user_delete', phase: 'error', by: 'api', topic: topicOf()})
    assert.deepEqual((await view('user', 'list', 'db1')), [])
  })

  test('usage errors: exit 2, nothing published', async () => {
    await usage(['user', 'create', 'db1', 'app'], /missing argument PASSWORD/)
    await usage(['user', 'update-attributes', 'db1', 'app'], /nothing to update/)
    await usage(['user', 'change-password', 'db1', 'app'], /needs a password: write NAME:PASSWORD/)
    await usage(['user', 'grant', 'db1', 'app'], /missing argument DATABASE/)
  })

  test('passwords never reach a notification, the output or the state file in clear text', async () => {
    // A user that stays, so its (hashed) password is in the state file now.
    const keeper = 'Pw-keeper-8wN6'
    const r = await run('user', 'create', 'db1', 'keeper', keeper, '--json')
    assert.equal(r.code, 0, r.stderr)
    // Every password above went through create, update-attributes or change-password (ok or refused).
    assert.ok(published.length > 20)
    const file = [state, `${state}-wal`].filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('')
    for (const pw of [...PW, keeper]) {
      for (const text of [...published, ...printed, file]) assert.ok(!text.includes(pw), `password ${pw} leaked: ${text.slice(0, 200)}`)
    }
    // ...while the state file does hold a salted hash.
    assert.match(file, /sha256\$[0-9a-f]{16}\$[0-9a-f]{64}/)
  })
})
