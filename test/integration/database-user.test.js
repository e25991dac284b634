// database and user commands, run as a user runs them (the built CLI)
// against the real RabbitMQ: the exact lifecycles that arrive (event types,
// routing keys, priorities, server_type, publisher_id, required fields), one
// per database / per user where the spec says so, exit codes, usage errors
// that publish nothing, and passwords that never leave in clear text.
import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'
import {after, before, describe, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {runCli, testWorld} from '../helpers/cli.js'
import {expectLifecycle, expectLifecycles} from '../helpers/lifecycle.js'

const HOST = 'tn-dbuser-host'
const {state, args: world} = testWorld(HOST)
let bus
let db1
/** Everything a user could have seen (stdout, stderr) and every body published, over all runs. */
const printed = []
const published = []

/** Run a command routed to the private bus. */
async function run(...args) {
  const r = await runCli([...args, ...world, ...bus.args])
  printed.push(r.stdout, r.stderr)
  return r
}

/** A read-only command: its --json output. */
async function view(...args) {
  const r = await runCli([...args, '--json', ...world])
  printed.push(r.stdout, r.stderr)
  assert.equal(r.code, 0, r.stderr)
  return r.json
}

/** One lifecycle arrived: `.start` from the api, then `.end` / `.error` from `endedBy`. */
const arrived = (operation, outcome, endedBy) => expectLifecycle(bus, {operation, outcome, endedBy, host: HOST})

/** A usage error: exit 2, one line naming the problem, nothing published. */
async function usage(args, message) {
  const r = await run(...args)
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, message)
  assert.deepEqual((await bus.takeAll()).all, [], 'nothing published')
}

before(async () => {
  const b = await privateBus('dbuser')
  // Keep every body taken from the bus, for the password checks.
  bus = {...b, async takeAll() {
    const got = await b.takeAll()
    published.push(...got.all.map((m) => m.body))
    return got
  }}
  for (const [name, ds] of [['db1', 'mysql'], ['pg1', 'postgresql']]) {
    const r = await runCli(['instance', 'create', name, '2', '--datastore', ds, '--driver', 'noop', '--json', ...world])
    assert.equal(r.code, 0, r.stderr)
    if (name === 'db1') db1 = r.json.resource.id
  }
})
after(() => bus.cleanup())

describe('database commands', () => {
  test('create: one lifecycle per database, finished by the conductor; list shows them', async () => {
    const r = await run('database', 'create', 'db1', 'shop', 'crm', '--character-set', 'utf8mb4', '--json')
    assert.equal(r.code, 0, r.stderr)
    const lcs = await expectLifecycles(bus, [
      {operation: 'database_create', outcome: 'end', endedBy: 'conductor'},
      {operation: 'database_create', outcome: 'end', endedBy: 'conductor'},
    ], {host: HOST})
    assert.deepEqual(lcs.map((l) => [l.start.payload.instance_id, l.start.payload.dbname]), [[db1, 'shop'], [db1, 'crm']])
    assert.deepEqual(r.json.results.map((x) => [x.operation, x.outcome, x.request_id]),
      lcs.map((l) => ['database_create', 'end', l.start.payload.request_id]))
    assert.deepEqual(await view('database', 'list', 'db1'), [
      {name: 'crm', character_set: 'utf8mb4', collation: 'utf8mb4_general_ci'},
      {name: 'shop', character_set: 'utf8mb4', collation: 'utf8mb4_general_ci'},
    ])
  })

  test('rule violations end in .error from the API, exit 1, state unchanged', async () => {
    let r = await run('database-create', 'db1', 'shop')
    assert.equal(r.code, 1)
    let got = await arrived('database_create', 'error', 'api')
    assert.equal(got.start.payload.dbname, 'shop')
    assert.match(got.error.payload.message, /already exists/)
    assert.match(r.stdout, /database_create failed: A database with the name 'shop' already exists/)

    r = await run('database', 'create', 'pg1', 'x')
    assert.equal(r.code, 1)
    got = await arrived('database_create', 'error', 'api')
    assert.match(got.error.payload.message, /postgresql .* does not support databases and users/)

    r = await run('database', 'create', 'db1', 'information_schema', '--json')
    assert.equal(r.code, 1)
    await arrived('database_create', 'error', 'api')
    assert.deepEqual([r.json.error_class, r.json.outcome], ['BadRequest', 'error'])
    assert.match(r.json.error, /reserved/)
    assert.deepEqual((await view('database', 'list', 'db1')).map((d) => d.name), ['crm', 'shop'])
  })

  test('delete: conductor ends it; an unknown database or a guest failure ends in .error', async () => {
    let r = await run('database-delete', 'db1', 'crm')
    assert.equal(r.code, 0, r.stderr)
    let got = await arrived('database_delete', 'end', 'conductor')
    assert.deepEqual([got.start.payload.instance_id, got.start.payload.dbname], [db1, 'crm'])

    r = await run('database', 'delete', 'db1', 'crm')
    assert.equal(r.code, 1)
    got = await arrived('database_delete', 'error', 'api')
    assert.match(got.error.payload.message, /'crm' cannot be found/)

    r = await run('database', 'delete', 'db1', 'shop', '--fail', 'guest agent timed out')
    assert.equal(r.code, 1)
    got = await arrived('database_delete', 'error', 'conductor')
    assert.match(got.error.payload.exception.at(-1), /GuestError: guest agent timed out/)
    assert.deepEqual((await view('database', 'list', 'db1')).map((d) => d.name), ['shop'])
  })

  test('usage errors: exit 2, nothing published', async () => {
    await usage(['database', 'create', 'db1'], /missing argument NAME/)
    await usage(['database', 'delete', 'db1'], /missing argument DATABASE/)
    await usage(['database', 'create', 'db1', 'x', '--delay', 'soon'], /seconds/)
  })
})

describe('user commands', () => {
  const PW = ['Pw-create-9xQ2', 'Pw-update-4kL7', 'Pw-change-1zM8', 'Pw-ghost-5rT3']

  test('create (conductor), duplicate and reserved names refused', async () => {
    await runCli(['database', 'create', 'db1', 'crm', '--driver', 'noop', ...world])
    let r = await run('user', 'create', 'db1', 'app', PW[0], '--databases', 'shop', '--json')
    assert.equal(r.code, 0, r.stderr)
    const got = await arrived('user_create', 'end', 'conductor')
    assert.deepEqual([got.start.payload.instance_id, got.start.payload.username], [db1, 'app'])
    assert.deepEqual(r.json.resource.databases, ['shop'])

    r = await run('user-create', 'db1', 'app', PW[0])
    assert.equal(r.code, 1)
    assert.match((await arrived('user_create', 'error', 'api')).error.payload.message, /'app'@'%' already exists/)

    r = await run('user', 'create', 'db1', 'os_admin', PW[0])
    assert.equal(r.code, 1)
    assert.match((await arrived('user_create', 'error', 'api')).error.payload.message, /reserved/)
  })

  test('grant: one lifecycle per database, in the API; revoke needs the access', async () => {
    let r = await run('user-grant-access', 'db1', 'app', 'crm', 'nope', '--json')
    assert.equal(r.code, 1)
    const lcs = await expectLifecycles(bus, [
      {operation: 'user_grant', outcome: 'end', endedBy: 'api'},
      {operation: 'user_grant', outcome: 'error', endedBy: 'api'},
    ], {host: HOST})
    assert.deepEqual(lcs.map((l) => [l.start.payload.instance_id, l.start.payload.username, l.start.payload.database]), [[db1, 'app', 'crm'], [db1, 'app', 'nope']])
    assert.deepEqual([r.json.outcome, ...r.json.results.map((x) => x.outcome)], ['error', 'end', 'error'])

    r = await run('user', 'revoke', 'db1', 'app', 'crm')
    assert.equal(r.code, 0, r.stderr)
    const got = await arrived('user_revoke', 'end', 'api')
    assert.deepEqual([got.start.payload.username, got.start.payload.database], ['app', 'crm'])
    r = await run('user-revoke-access', 'db1', 'app', 'crm')
    assert.equal(r.code, 1)
    assert.match((await arrived('user_revoke', 'error', 'api')).error.payload.message, /no access to database 'crm'/)
  })

  test('update-attributes and change-password (one lifecycle per user) end in the conductor', async () => {
    let r = await run('user-update-attributes', 'db1', 'app', '--new-name', 'app2', '--new-password', PW[1])
    assert.equal(r.code, 0, r.stderr)
    assert.equal((await arrived('user_update_attributes', 'end', 'conductor')).start.payload.username, 'app')
    r = await run('user', 'update-attributes', 'db1', 'ghost', '--new-host', '10.%')
    assert.equal(r.code, 1)
    assert.match((await arrived('user_update_attributes', 'error', 'api')).error.payload.message, /'ghost'@'%' cannot be found/)

    r = await run('user', 'change-password', 'db1', `app2:${PW[2]}`, `ghost:${PW[3]}`, '--json')
    assert.equal(r.code, 1)
    const lcs = await expectLifecycles(bus, [
      {operation: 'user_change_password', outcome: 'end', endedBy: 'conductor'},
      {operation: 'user_change_password', outcome: 'error', endedBy: 'api'},
    ], {host: HOST})
    assert.deepEqual(lcs.map((l) => [l.start.payload.instance_id, l.start.payload.username]), [[db1, 'app2'], [db1, 'ghost']])
    assert.deepEqual(await view('user', 'list', 'db1'), [{name: 'app2', host: '%', databases: ['shop']}])
  })

  test('delete: conductor; an unknown user refused', async () => {
    let r = await run('user-delete', 'db1', 'app2')
    assert.equal(r.code, 0, r.stderr)
    const got = await arrived('user_delete', 'end', 'conductor')
    assert.deepEqual([got.start.payload.instance_id, got.start.payload.username], [db1, 'app2'])
    r = await run('user', 'delete', 'db1', 'app2', '--host', '%')
    assert.equal(r.code, 1)
    await arrived('user_delete', 'error', 'api')
    assert.deepEqual(await view('user', 'list', 'db1'), [])
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
    await arrived('user_create', 'end', 'conductor')
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
