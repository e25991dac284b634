// Trove's rules for databases and users, run in-process against a :memory:
// world: every broken rule ends in `.start` + `.error` from the right
// component with a message naming the problem, and leaves the state as it was.
import assert from 'node:assert/strict'
import {after, before, describe, test} from 'node:test'
import {createInstance} from '../../dist/operations/instance.js'
import {createDatabase, createDatabases, deleteDatabase} from '../../dist/operations/database.js'
import {
  changePassword, changePasswords, createUser, deleteUser, grantAccess, grantAccessAll, revokeAccess, updateUserAttributes,
} from '../../dist/operations/user.js'
import {checkPassword} from '../../dist/util/secret.js'
import {expectError, expectSent, world} from '../helpers/world.js'

let w
const ids = {}

before(async () => {
  w = world()
  for (const [name, datastore] of [['db1', 'mysql'], ['maria', 'mariadb'], ['perc', 'percona'], ['px', 'pxc'], ['pg', 'postgresql'], ['mongo', 'mongodb'], ['red', 'redis'], ['busy', 'mysql']]) {
    const r = await createInstance(w.ctx(), {name, flavor: '2', datastore})
    assert.equal(r.outcome, 'end')
    ids[name] = r.resource.id
  }
  w.store.updateInstance(ids.busy, {status: 'BUILD', task: 'BUILDING'})
  assert.equal((await createDatabase(w.ctx(), {instance: 'db1', name: 'shop'})).outcome, 'end')
  assert.equal((await createUser(w.ctx(), {instance: 'db1', name: 'app', password: 'Pw-app-7Kq', databases: ['shop']})).outcome, 'end')
  w.reset()
})
after(() => w.store.close())

/**
 * An operation that breaks one of Trove's rules: .start then .error from `by`
 * with a message matching, every table as it was (expectError), and both
 * messages right by the catalog (expectSent).
 */
async function refused(run, {operation, by = 'api', cls, message}) {
  const error = await expectError(w, () => run(w.ctx()), message, cls)
  expectSent(w, [{operation, outcome: 'error', endedBy: by}])
  w.reset()
  return error
}

describe('database rules', () => {
  test('only the MySQL family has databases', async () => {
    for (const inst of ['pg', 'mongo', 'red']) {
      await refused((ctx) => createDatabase(ctx, {instance: inst, name: 'x'}), {operation: 'database_create', cls: 'BadRequest', message: /does not support databases and users.*mysql/})
      await refused((ctx) => deleteDatabase(ctx, inst, 'x'), {operation: 'database_delete', message: /does not support/})
    }
    for (const inst of ['maria', 'perc', 'px']) {
      const r = await createDatabase(w.ctx(), {instance: inst, name: 'ok'})
      assert.equal(r.outcome, 'end', r.error)
      assert.equal(r.ended_by, 'conductor')
    }
    w.reset()
  })

  test('names: at most 64 characters, reserved and malformed names refused', async () => {
    const long = 'd'.repeat(65)
    await refused((ctx) => createDatabase(ctx, {instance: 'db1', name: long}), {operation: 'database_create', cls: 'BadRequest', message: /65 characters long; the maximum is 64/})
    for (const name of ['mysql', 'information_schema', 'performance_schema', 'sys', 'MySQL']) {
      await refused((ctx) => createDatabase(ctx, {instance: 'db1', name}), {operation: 'database_create', message: /is reserved/})
      await refused((ctx) => deleteDatabase(ctx, 'db1', name), {operation: 'database_delete', message: /is reserved/})
    }
    await refused((ctx) => createDatabase(ctx, {instance: 'db1', name: 'a/b'}), {operation: 'database_create', message: /not valid/})
    const ok = await createDatabase(w.ctx(), {instance: 'db1', name: 'd'.repeat(64)})
    assert.equal(ok.outcome, 'end')
    await deleteDatabase(w.ctx(), 'db1', 'd'.repeat(64))
    w.reset()
  })

  test('duplicates refused on create, unknown refused on delete; instance must be ACTIVE and known', async () => {
    await refused((ctx) => createDatabase(ctx, {instance: 'db1', name: 'shop'}), {operation: 'database_create', cls: 'DatabaseAlreadyExists', message: /already exists/})
    await refused((ctx) => deleteDatabase(ctx, 'db1', 'nope'), {operation: 'database_delete', cls: 'DatabaseNotFound', message: /'nope' cannot be found/})
    await refused((ctx) => createDatabase(ctx, {instance: 'busy', name: 'x'}), {operation: 'database_create', cls: 'UnprocessableEntity', message: /not currently available/})
    await refused((ctx) => createDatabase(ctx, {instance: 'ghost', name: 'x'}), {operation: 'database_create', cls: 'NotFound', message: /Instance ghost could not be found/})
  })

  test('character set and collation: stored, defaulted, checked', async () => {
    const get = (name) => w.store.db.prepare('SELECT character_set, collation FROM databases WHERE instance_id = ? AND name = ?').get(ids.db1, name)
    await createDatabase(w.ctx(), {instance: 'db1', name: 'c1', characterSet: 'utf8mb4', collate: 'utf8mb4_unicode_ci'})
    await createDatabase(w.ctx(), {instance: 'db1', name: 'c2'})
    await createDatabase(w.ctx(), {instance: 'db1', name: 'c3', characterSet: 'latin1'})
    await createDatabase(w.ctx(), {instance: 'db1', name: 'c4', collate: 'utf8mb4_bin'})
    assert.deepEqual(get('c1'), {character_set: 'utf8mb4', collation: 'utf8mb4_unicode_ci'})
    assert.deepEqual(get('c2'), {character_set: 'utf8', collation: 'utf8_general_ci'})
    assert.deepEqual(get('c3'), {character_set: 'latin1', collation: 'latin1_general_ci'})
    assert.deepEqual(get('c4'), {character_set: 'utf8mb4', collation: 'utf8mb4_bin'})
    await refused((ctx) => createDatabase(ctx, {instance: 'db1', name: 'c5', characterSet: 'klingon'}), {operation: 'database_create', message: /'klingon' is not a MySQL character set/})
    await refused((ctx) => createDatabase(ctx, {instance: 'db1', name: 'c5', characterSet: 'latin1', collate: 'utf8mb4_bin'}), {operation: 'database_create', message: /does not belong to character set 'latin1'/})
    for (const n of ['c1', 'c2', 'c3', 'c4']) await deleteDatabase(w.ctx(), 'db1', n)
    w.reset()
  })

  test('several names: one lifecycle per database, each judged on its own', async () => {
    w.reset()
    const results = await createDatabases(w.ctx(), {instance: 'db1', names: ['m1', 'shop', 'm2']})
    assert.deepEqual(results.map((r) => r.outcome), ['end', 'error', 'end'])
    const lcs = expectSent(w, [
      {operation: 'database_create', outcome: 'end', endedBy: 'conductor'},
      {operation: 'database_create', outcome: 'error', endedBy: 'api'},
      {operation: 'database_create', outcome: 'end', endedBy: 'conductor'},
    ])
    assert.deepEqual(lcs.map((l) => [l.start.payload.instance_id, l.start.payload.dbname]), [[ids.db1, 'm1'], [ids.db1, 'shop'], [ids.db1, 'm2']])
    assert.equal(new Set(lcs.map((l) => l.start.payload.request_id)).size, 3)
    for (const n of ['m1', 'm2']) await deleteDatabase(w.ctx(), 'db1', n)
    w.reset()
  })

  test('a guest failure (--fail) ends in .error from the conductor and undoes the change', async () => {
    const failing = w.ctx({fail: 'guest agent timed out'})
    await refused((ctx) => createDatabase(failing, {instance: 'db1', name: 'lost'}), {operation: 'database_create', by: 'conductor', cls: 'GuestError', message: /guest agent timed out/})
    // delete: the database and the users' access to it come back
    await refused(() => deleteDatabase(failing, 'db1', 'shop'), {operation: 'database_delete', by: 'conductor', message: /timed out/})
  })
})

describe('user rules', () => {
  test('only the MySQL family has users', async () => {
    for (const inst of ['pg', 'mongo']) {
      await refused((ctx) => createUser(ctx, {instance: inst, name: 'u', password: 'x'}), {operation: 'user_create', message: /does not support databases and users/})
      await refused((ctx) => grantAccess(ctx, {instance: inst, name: 'u', database: 'd'}), {operation: 'user_grant', message: /does not support/})
    }
  })

  test('names: at most 16 characters, root and os_admin reserved, duplicates refused', async () => {
    await refused((ctx) => createUser(ctx, {instance: 'db1', name: 'u'.repeat(17), password: 'x'}), {operation: 'user_create', message: /17 characters long; the maximum is 16/})
    for (const name of ['root', 'os_admin', 'ROOT']) {
      await refused((ctx) => createUser(ctx, {instance: 'db1', name, password: 'x'}), {operation: 'user_create', message: /is reserved/})
    }
    await refused((ctx) => createUser(ctx, {instance: 'db1', name: 'app', password: 'x'}), {operation: 'user_create', cls: 'UserAlreadyExists', message: /'app'@'%' already exists/})
    await refused((ctx) => createUser(ctx, {instance: 'db1', name: 'bob', password: 'x', host: 'bad host!'}), {operation: 'user_create', message: /Host 'bad host!' is not valid/})
    await refused((ctx) => createUser(ctx, {instance: 'db1', name: 'bob', password: ''}), {operation: 'user_create', message: /password is required/})
    await refused((ctx) => createUser(ctx, {instance: 'db1', name: 'bob', password: 'x', databases: ['shop', 'nope']}), {operation: 'user_create', cls: 'DatabaseNotFound', message: /'nope' cannot be found/})
    // The same name on another host is another user; 16 characters is fine.
    const r = await createUser(w.ctx(), {instance: 'db1', name: 'app', password: 'x', host: '10.0.0.%'})
    assert.equal(r.outcome, 'end')
    assert.equal((await createUser(w.ctx(), {instance: 'db1', name: 'u'.repeat(16), password: 'x'})).outcome, 'end')
    await deleteUser(w.ctx(), {instance: 'db1', name: 'app', host: '10.0.0.%'})
    await deleteUser(w.ctx(), {instance: 'db1', name: 'u'.repeat(16)})
    w.reset()
  })

  test('unknown users refused by delete, update, grant, revoke, change-password', async () => {
    await refused((ctx) => deleteUser(ctx, {instance: 'db1', name: 'ghost'}), {operation: 'user_delete', cls: 'UserNotFound', message: /'ghost'@'%' cannot be found/})
    await refused((ctx) => deleteUser(ctx, {instance: 'db1', name: 'app', host: '10.%'}), {operation: 'user_delete', cls: 'UserNotFound', message: /'app'@'10.%'/})
    await refused((ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'ghost', newName: 'g'}), {operation: 'user_update_attributes', cls: 'UserNotFound', message: /ghost/})
    await refused((ctx) => grantAccess(ctx, {instance: 'db1', name: 'ghost', database: 'shop'}), {operation: 'user_grant', cls: 'UserNotFound', message: /ghost/})
    await refused((ctx) => revokeAccess(ctx, {instance: 'db1', name: 'ghost', database: 'shop'}), {operation: 'user_revoke', cls: 'UserNotFound', message: /ghost/})
    await refused((ctx) => changePassword(ctx, 'db1', {name: 'ghost', password: 'x'}), {operation: 'user_change_password', cls: 'UserNotFound', message: /ghost/})
  })

  test('update-attributes: new names checked like new users', async () => {
    await createUser(w.ctx(), {instance: 'db1', name: 'other', password: 'x'})
    await refused((ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app', newName: 'other'}), {operation: 'user_update_attributes', cls: 'UserAlreadyExists', message: /'other'@'%' already exists/})
    await refused((ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app', newName: 'os_admin'}), {operation: 'user_update_attributes', message: /reserved/})
    await refused((ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app', newName: 'x'.repeat(17)}), {operation: 'user_update_attributes', message: /maximum is 16/})
    await refused((ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app'}), {operation: 'user_update_attributes', message: /Nothing to update/})
    // A rename carries the user's access along; a new host moves it.
    const r = await updateUserAttributes(w.ctx(), {instance: 'db1', name: 'app', newName: 'app2', newHost: '10.0.0.%'})
    assert.equal(r.outcome, 'end')
    assert.equal(r.ended_by, 'conductor')
    assert.deepEqual(r.resource.databases, ['shop'])
    await updateUserAttributes(w.ctx(), {instance: 'db1', name: 'app2', host: '10.0.0.%', newName: 'app', newHost: '%'})
    await deleteUser(w.ctx(), {instance: 'db1', name: 'other'})
    w.reset()
  })

  test('grant: one lifecycle per database, the database must exist; grant twice is harmless; revoke needs the access', async () => {
    await createDatabase(w.ctx(), {instance: 'db1', name: 'crm'})
    w.reset()
    const results = await grantAccessAll(w.ctx(), {instance: 'db1', name: 'app', databases: ['crm', 'nope', 'shop']})
    assert.deepEqual(results.map((r) => r.outcome), ['end', 'error', 'end'])
    const lcs = expectSent(w, [
      {operation: 'user_grant', outcome: 'end', endedBy: 'api'},
      {operation: 'user_grant', outcome: 'error', endedBy: 'api'},
      {operation: 'user_grant', outcome: 'end', endedBy: 'api'},
    ])
    assert.deepEqual(lcs.map((l) => [l.start.payload.instance_id, l.start.payload.username, l.start.payload.database]),
      [[ids.db1, 'app', 'crm'], [ids.db1, 'app', 'nope'], [ids.db1, 'app', 'shop']])
    assert.match(lcs[1].error.payload.message, /Database 'nope' cannot be found/)
    w.reset()
    assert.deepEqual(results[2].resource.databases, ['crm', 'shop'])
    assert.equal((await revokeAccess(w.ctx(), {instance: 'db1', name: 'app', database: 'crm'})).outcome, 'end')
    await refused((ctx) => revokeAccess(ctx, {instance: 'db1', name: 'app', database: 'crm'}), {operation: 'user_revoke', cls: 'BadRequest', message: /has no access to database 'crm'/})
    await refused((ctx) => revokeAccess(ctx, {instance: 'db1', name: 'app', database: 'nope'}), {operation: 'user_revoke', cls: 'DatabaseNotFound', message: /'nope'/})
    await deleteDatabase(w.ctx(), 'db1', 'crm')
    w.reset()
  })

  test('change-password: one lifecycle per user', async () => {
    w.reset()
    const results = await changePasswords(w.ctx(), 'db1', [{name: 'app', password: 'Pw-new-1'}, {name: 'ghost', password: 'Pw-new-2'}])
    assert.deepEqual(results.map((r) => [r.outcome, r.ended_by]), [['end', 'conductor'], ['error', 'api']])
    const lcs = expectSent(w, [
      {operation: 'user_change_password', outcome: 'end', endedBy: 'conductor'},
      {operation: 'user_change_password', outcome: 'error', endedBy: 'api'},
    ])
    assert.deepEqual(lcs.map((l) => l.start.payload.username), ['app', 'ghost'])
    w.reset()
  })

  test('a guest failure (--fail) undoes every user change; grant/revoke fail in the API', async () => {
    const failing = w.ctx({fail: 'guest gone'})
    await refused(() => createUser(failing, {instance: 'db1', name: 'late', password: 'x', databases: ['shop']}), {operation: 'user_create', by: 'conductor', cls: 'GuestError', message: /guest gone/})
    await refused(() => deleteUser(failing, {instance: 'db1', name: 'app'}), {operation: 'user_delete', by: 'conductor', message: /guest gone/})
    await refused(() => updateUserAttributes(failing, {instance: 'db1', name: 'app', newName: 'app3', newPassword: 'y'}), {operation: 'user_update_attributes', by: 'conductor', message: /guest gone/})
    await refused(() => changePassword(failing, 'db1', {name: 'app', password: 'z'}), {operation: 'user_change_password', by: 'conductor', message: /guest gone/})
    await createDatabase(w.ctx(), {instance: 'db1', name: 'crm'})
    await refused(() => grantAccess(failing, {instance: 'db1', name: 'app', database: 'crm'}), {operation: 'user_grant', by: 'api', cls: 'TroveError', message: /guest gone/})
    await refused(() => revokeAccess(failing, {instance: 'db1', name: 'app', database: 'shop'}), {operation: 'user_revoke', by: 'api', message: /guest gone/})
  })

  test('passwords: stored only as salted hashes, never in a notification or a result', async () => {
    const secrets = ['Pw-secret-A1', 'Pw-secret-B2', 'Pw-secret-C3']
    w.reset()
    const results = [
      await createUser(w.ctx(), {instance: 'db1', name: 'sec', password: secrets[0]}),
      await updateUserAttributes(w.ctx(), {instance: 'db1', name: 'sec', newPassword: secrets[1]}),
      await changePassword(w.ctx(), 'db1', {name: 'sec', password: secrets[2]}),
      await createUser(w.ctx(), {instance: 'db1', name: 'sec', password: secrets[0]}), // refused: duplicate
    ]
    const seen = JSON.stringify([results, w.driver.sent.map((x) => x.body.toString()), w.store.db.prepare('SELECT * FROM users').all()])
    for (const s of secrets) assert.ok(!seen.includes(s), `password ${s} leaked`)
    const hash = w.store.db.prepare("SELECT password_hash FROM users WHERE name = 'sec'").get().password_hash
    assert.match(hash, /^sha256\$[0-9a-f]{16}\$[0-9a-f]{64}$/)
    assert.ok(checkPassword(secrets[2], hash), 'the hash is of the last password set')
    await deleteUser(w.ctx(), {instance: 'db1', name: 'sec'})
  })
})
