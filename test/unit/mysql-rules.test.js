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
import {eachBackend, expectSent, refused} from '../helpers/world.js'

eachBackend(({world}) => {
  let w
  const ids = {}

  before(async () => {
    w = world()
    for (const [name, datastore] of [['db1', 'mysql'], ['maria', 'mariadb'], ['perc', 'percona'], ['px', 'pxc'], ['pg', 'postgresql'], ['mongo', 'mongodb'], ['red', 'redis'], ['busy', 'mysql']]) {
      const r = await createInstance(w.ctx(), {name, flavor: '2', datastore})
      assert.equal(r.outcome, 'end')
      ids[name] = r.resource.id
    }
    w.world.instances.update(ids.busy, {status: 'BUILD', task: 'BUILDING'})
    assert.equal((await createDatabase(w.ctx(), {instance: 'db1', name: 'shop'})).outcome, 'end')
    assert.equal((await createUser(w.ctx(), {instance: 'db1', name: 'app', password: 'Pw-app-7Kq', databases: ['shop']})).outcome, 'end')
    w.reset()
  })
  after(() => w.world.close())

  describe('database rules', () => {
    test('only the MySQL family has databases', async () => {
      for (const inst of ['pg', 'mongo', 'red']) {
        await refused(w, (ctx) => createDatabase(ctx, {instance: inst, name: 'x'}), /does not support databases and users.*mysql/, 'BadRequest', {operation: 'database_create'})
        await refused(w, (ctx) => deleteDatabase(ctx, inst, 'x'), /does not support/, undefined, {operation: 'database_delete'})
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
      await refused(w, (ctx) => createDatabase(ctx, {instance: 'db1', name: long}), /65 characters long; the maximum is 64/, 'BadRequest', {operation: 'database_create'})
      for (const name of ['mysql', 'information_schema', 'performance_schema', 'sys', 'MySQL']) {
        await refused(w, (ctx) => createDatabase(ctx, {instance: 'db1', name}), /is reserved/, undefined, {operation: 'database_create'})
        await refused(w, (ctx) => deleteDatabase(ctx, 'db1', name), /is reserved/, undefined, {operation: 'database_delete'})
      }
      await refused(w, (ctx) => createDatabase(ctx, {instance: 'db1', name: 'a/b'}), /not valid/, undefined, {operation: 'database_create'})
      const ok = await createDatabase(w.ctx(), {instance: 'db1', name: 'd'.repeat(64)})
      assert.equal(ok.outcome, 'end')
      await deleteDatabase(w.ctx(), 'db1', 'd'.repeat(64))
      w.reset()
    })

    test('duplicates refused on create, unknown refused on delete; instance must be ACTIVE and known', async () => {
      await refused(w, (ctx) => createDatabase(ctx, {instance: 'db1', name: 'shop'}), /already exists/, 'DatabaseAlreadyExists', {operation: 'database_create'})
      await refused(w, (ctx) => deleteDatabase(ctx, 'db1', 'nope'), /'nope' cannot be found/, 'DatabaseNotFound', {operation: 'database_delete'})
      await refused(w, (ctx) => createDatabase(ctx, {instance: 'busy', name: 'x'}), /not currently available/, 'UnprocessableEntity', {operation: 'database_create'})
      await refused(w, (ctx) => createDatabase(ctx, {instance: 'ghost', name: 'x'}), /Instance ghost could not be found/, 'NotFound', {operation: 'database_create'})
    })

    test('character set and collation: stored, defaulted, checked', async () => {
      const get = (name) => {
        const {character_set, collation} = w.world.databases.get(ids.db1, name)
        return {character_set, collation}
      }
      await createDatabase(w.ctx(), {instance: 'db1', name: 'c1', characterSet: 'utf8mb4', collate: 'utf8mb4_unicode_ci'})
      await createDatabase(w.ctx(), {instance: 'db1', name: 'c2'})
      await createDatabase(w.ctx(), {instance: 'db1', name: 'c3', characterSet: 'latin1'})
      await createDatabase(w.ctx(), {instance: 'db1', name: 'c4', collate: 'utf8mb4_bin'})
      assert.deepEqual(get('c1'), {character_set: 'utf8mb4', collation: 'utf8mb4_unicode_ci'})
      assert.deepEqual(get('c2'), {character_set: 'utf8', collation: 'utf8_general_ci'})
      assert.deepEqual(get('c3'), {character_set: 'latin1', collation: 'latin1_general_ci'})
      assert.deepEqual(get('c4'), {character_set: 'utf8mb4', collation: 'utf8mb4_bin'})
      await refused(w, (ctx) => createDatabase(ctx, {instance: 'db1', name: 'c5', characterSet: 'klingon'}), /'klingon' is not a MySQL character set/, undefined, {operation: 'database_create'})
      await refused(w, (ctx) => createDatabase(ctx, {instance: 'db1', name: 'c5', characterSet: 'latin1', collate: 'utf8mb4_bin'}), /does not belong to character set 'latin1'/, undefined, {operation: 'database_create'})
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
      await refused(w, (ctx) => createDatabase(failing, {instance: 'db1', name: 'lost'}), /guest agent timed out/, 'GuestError', {operation: 'database_create', by: 'conductor'})
      // delete: the database and the users' access to it come back
      await refused(w, () => deleteDatabase(failing, 'db1', 'shop'), /timed out/, undefined, {operation: 'database_delete', by: 'conductor'})
    })
  })

  describe('user rules', () => {
    test('only the MySQL family has users', async () => {
      for (const inst of ['pg', 'mongo']) {
        await refused(w, (ctx) => createUser(ctx, {instance: inst, name: 'u', password: 'x'}), /does not support databases and users/, undefined, {operation: 'user_create'})
        await refused(w, (ctx) => grantAccess(ctx, {instance: inst, name: 'u', database: 'd'}), /does not support/, undefined, {operation: 'user_grant'})
      }
    })

    test('names: at most 16 characters, root and os_admin reserved, duplicates refused', async () => {
      await refused(w, (ctx) => createUser(ctx, {instance: 'db1', name: 'u'.repeat(17), password: 'x'}), /17 characters long; the maximum is 16/, undefined, {operation: 'user_create'})
      for (const name of ['root', 'os_admin', 'ROOT']) {
        await refused(w, (ctx) => createUser(ctx, {instance: 'db1', name, password: 'x'}), /is reserved/, undefined, {operation: 'user_create'})
      }
      await refused(w, (ctx) => createUser(ctx, {instance: 'db1', name: 'app', password: 'x'}), /'app'@'%' already exists/, 'UserAlreadyExists', {operation: 'user_create'})
      await refused(w, (ctx) => createUser(ctx, {instance: 'db1', name: 'bob', password: 'x', host: 'bad host!'}), /Host 'bad host!' is not valid/, undefined, {operation: 'user_create'})
      await refused(w, (ctx) => createUser(ctx, {instance: 'db1', name: 'bob', password: ''}), /password is required/, undefined, {operation: 'user_create'})
      await refused(w, (ctx) => createUser(ctx, {instance: 'db1', name: 'bob', password: 'x', databases: ['shop', 'nope']}), /'nope' cannot be found/, 'DatabaseNotFound', {operation: 'user_create'})
      // The same name on another host is another user; 16 characters is fine.
      const r = await createUser(w.ctx(), {instance: 'db1', name: 'app', password: 'x', host: '10.0.0.%'})
      assert.equal(r.outcome, 'end')
      assert.equal((await createUser(w.ctx(), {instance: 'db1', name: 'u'.repeat(16), password: 'x'})).outcome, 'end')
      await deleteUser(w.ctx(), {instance: 'db1', name: 'app', host: '10.0.0.%'})
      await deleteUser(w.ctx(), {instance: 'db1', name: 'u'.repeat(16)})
      w.reset()
    })

    test('unknown users refused by delete, update, grant, revoke, change-password', async () => {
      await refused(w, (ctx) => deleteUser(ctx, {instance: 'db1', name: 'ghost'}), /'ghost'@'%' cannot be found/, 'UserNotFound', {operation: 'user_delete'})
      await refused(w, (ctx) => deleteUser(ctx, {instance: 'db1', name: 'app', host: '10.%'}), /'app'@'10.%'/, 'UserNotFound', {operation: 'user_delete'})
      await refused(w, (ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'ghost', newName: 'g'}), /ghost/, 'UserNotFound', {operation: 'user_update_attributes'})
      await refused(w, (ctx) => grantAccess(ctx, {instance: 'db1', name: 'ghost', database: 'shop'}), /ghost/, 'UserNotFound', {operation: 'user_grant'})
      await refused(w, (ctx) => revokeAccess(ctx, {instance: 'db1', name: 'ghost', database: 'shop'}), /ghost/, 'UserNotFound', {operation: 'user_revoke'})
      await refused(w, (ctx) => changePassword(ctx, 'db1', {name: 'ghost', password: 'x'}), /ghost/, 'UserNotFound', {operation: 'user_change_password'})
    })

    test('update-attributes: new names checked like new users', async () => {
      await createUser(w.ctx(), {instance: 'db1', name: 'other', password: 'x'})
      await refused(w, (ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app', newName: 'other'}), /'other'@'%' already exists/, 'UserAlreadyExists', {operation: 'user_update_attributes'})
      await refused(w, (ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app', newName: 'os_admin'}), /reserved/, undefined, {operation: 'user_update_attributes'})
      await refused(w, (ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app', newName: 'x'.repeat(17)}), /maximum is 16/, undefined, {operation: 'user_update_attributes'})
      await refused(w, (ctx) => updateUserAttributes(ctx, {instance: 'db1', name: 'app'}), /Nothing to update/, undefined, {operation: 'user_update_attributes'})
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
      await refused(w, (ctx) => revokeAccess(ctx, {instance: 'db1', name: 'app', database: 'crm'}), /has no access to database 'crm'/, 'BadRequest', {operation: 'user_revoke'})
      await refused(w, (ctx) => revokeAccess(ctx, {instance: 'db1', name: 'app', database: 'nope'}), /'nope'/, 'DatabaseNotFound', {operation: 'user_revoke'})
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
      await refused(w, () => createUser(failing, {instance: 'db1', name: 'late', password: 'x', databases: ['shop']}), /guest gone/, 'GuestError', {operation: 'user_create', by: 'conductor'})
      await refused(w, () => deleteUser(failing, {instance: 'db1', name: 'app'}), /guest gone/, undefined, {operation: 'user_delete', by: 'conductor'})
      await refused(w, () => updateUserAttributes(failing, {instance: 'db1', name: 'app', newName: 'app3', newPassword: 'y'}), /guest gone/, undefined, {operation: 'user_update_attributes', by: 'conductor'})
      await refused(w, () => changePassword(failing, 'db1', {name: 'app', password: 'z'}), /guest gone/, undefined, {operation: 'user_change_password', by: 'conductor'})
      await createDatabase(w.ctx(), {instance: 'db1', name: 'crm'})
      await refused(w, () => grantAccess(failing, {instance: 'db1', name: 'app', database: 'crm'}), /guest gone/, 'TroveError', {operation: 'user_grant', by: 'api'})
      await refused(w, () => revokeAccess(failing, {instance: 'db1', name: 'app', database: 'shop'}), /guest gone/, undefined, {operation: 'user_revoke', by: 'api'})
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
      const seen = JSON.stringify([results, w.driver.sent.map((x) => x.body.toString()), w.world.dump().users])
      for (const s of secrets) assert.ok(!seen.includes(s), `password ${s} leaked`)
      const hash = w.world.dump().users.find((u) => u.name === 'sec').password_hash
      assert.match(hash, /^sha256\$[0-9a-f]{16}\$[0-9a-f]{64}$/)
      assert.ok(checkPassword(secrets[2], hash), 'the hash is of the last password set')
      await deleteUser(w.ctx(), {instance: 'db1', name: 'sec'})
    })
  })
})
