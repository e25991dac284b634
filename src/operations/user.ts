/**
 * Database users on an instance of the MySQL family. Create, delete,
 * update-attributes and change-password are guest-agent work reported through
 * the conductor (server_type `conductor`); grant and revoke are finished in
 * the API (server_type `api`). Grant is one lifecycle per database,
 * change-password one per user, as the spec's notes say.
 *
 * Passwords are kept only as salted hashes (util/secret): they never reach a
 * notification, a result, an error message or the state file in clear text.
 */
import {isoTime} from '../messaging/envelope.js'
import {hashPassword} from '../util/secret.js'
import type {OpContext, OperationResult, ResourceRef} from './context.js'
import {badRequest} from './errors.js'
import {runLifecycle} from './lifecycle.js'
import {startInstanceId} from './resolve.js'
import type {Input, UserSpec} from '../inputs/index.js'
import {
  access, ANY_HOST, assertNewUser, checkHost, checkUserName, existingDatabase, existingUser, guestInstance,
  requirePassword, type UserRow,
} from './mysql.js'

// The inputs are declared once, in src/inputs/database.ts.
/** Who a user operation is about: the instance, the user name and its host (default `%`). */
export type UserRef = Input<'user_delete'>
export type CreateUserInput = Input<'user_create'>
export type UpdateUserInput = Input<'user_update_attributes'>
export type GrantInput = Input<'user_grant'>
export type RevokeInput = Input<'user_revoke'>
export type PasswordChange = UserSpec

function userResource(ctx: OpContext, instanceId: string, name: string, host: string, status?: string): ResourceRef {
  return {id: `${name}@${host}`, name, host, instance_id: instanceId, databases: access(ctx.store, instanceId, name, host), ...(status ? {status} : {})}
}

function insertUser(ctx: OpContext, row: UserRow): void {
  ctx.store.db.prepare('INSERT INTO users (instance_id, name, host, password_hash, created_at) VALUES (@instance_id, @name, @host, @password_hash, @created_at)').run(row)
}

function grantRow(ctx: OpContext, instanceId: string, name: string, host: string, db: string): void {
  ctx.store.db.prepare('INSERT OR IGNORE INTO user_access (instance_id, user_name, host, database) VALUES (?, ?, ?, ?)').run(instanceId, name, host, db)
}

/** Create one user (optionally with access to existing databases): one lifecycle. */
export async function createUser(ctx: OpContext, input: CreateUserInput): Promise<OperationResult> {
  const {store} = ctx
  const host = input.host ?? ANY_HOST
  return runLifecycle(ctx, 'user_create', {instance_id: startInstanceId(ctx, input.instance), username: input.name}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    checkUserName(input.name)
    checkHost(host)
    requirePassword(input.name, input.password)
    const dbs = [...new Set(input.databases ?? [])]
    for (const db of dbs) existingDatabase(store, inst, db)
    assertNewUser(store, inst, input.name, host)
    store.tx(() => {
      insertUser(ctx, {instance_id: inst.id, name: input.name, host, password_hash: hashPassword(input.password), created_at: isoTime(ctx.clock.now())})
      for (const db of dbs) grantRow(ctx, inst.id, input.name, host, db)
    })
    lc.onRollback(() => store.tx(() => deleteUserRows(ctx, inst.id, input.name, host)))

    lc.handoff('conductor')
    await lc.work()
    return {resource: userResource(ctx, inst.id, input.name, host)}
  })
}

function deleteUserRows(ctx: OpContext, instanceId: string, name: string, host: string): void {
  ctx.store.db.prepare('DELETE FROM users WHERE instance_id = ? AND name = ? AND host = ?').run(instanceId, name, host)
  ctx.store.db.prepare('DELETE FROM user_access WHERE instance_id = ? AND user_name = ? AND host = ?').run(instanceId, name, host)
}

/** Delete one user and its access. */
export async function deleteUser(ctx: OpContext, input: UserRef): Promise<OperationResult> {
  const {store} = ctx
  const host = input.host ?? ANY_HOST
  return runLifecycle(ctx, 'user_delete', {instance_id: startInstanceId(ctx, input.instance), username: input.name}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    checkUserName(input.name)
    const row = existingUser(store, inst, input.name, host)
    const dbs = access(store, inst.id, input.name, host)
    store.tx(() => deleteUserRows(ctx, inst.id, input.name, host))
    lc.onRollback(() => store.tx(() => {
      insertUser(ctx, row)
      for (const db of dbs) grantRow(ctx, inst.id, input.name, host, db)
    }))

    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: `${input.name}@${host}`, name: input.name, host, instance_id: inst.id, status: 'DELETED'}}
  })
}

/** Rename a user, move it to another host and/or change its password: one lifecycle. */
export async function updateUserAttributes(ctx: OpContext, input: UpdateUserInput): Promise<OperationResult> {
  const {store} = ctx
  const host = input.host ?? ANY_HOST
  return runLifecycle(ctx, 'user_update_attributes', {instance_id: startInstanceId(ctx, input.instance), username: input.name}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    if (input.newName === undefined && input.newPassword === undefined && input.newHost === undefined) {
      throw badRequest('Nothing to update: give a new name, password or host.')
    }
    const row = existingUser(store, inst, input.name, host)
    const name = input.newName ?? input.name
    const newHost = input.newHost ?? host
    if (input.newName !== undefined) checkUserName(name)
    if (input.newHost !== undefined) checkHost(newHost)
    if (input.newPassword !== undefined) requirePassword(name, input.newPassword)
    const renamed = name !== input.name || newHost !== host
    if (renamed) assertNewUser(store, inst, name, newHost)
    const hash = input.newPassword !== undefined ? hashPassword(input.newPassword) : row.password_hash
    const move = (from: {name: string, host: string, hash: string}, to: {name: string, host: string, hash: string}): void => {
      store.db.prepare('UPDATE users SET name = ?, host = ?, password_hash = ? WHERE instance_id = ? AND name = ? AND host = ?')
        .run(to.name, to.host, to.hash, inst.id, from.name, from.host)
      store.db.prepare('UPDATE user_access SET user_name = ?, host = ? WHERE instance_id = ? AND user_name = ? AND host = ?')
        .run(to.name, to.host, inst.id, from.name, from.host)
    }
    const before = {name: input.name, host, hash: row.password_hash}
    const after = {name, host: newHost, hash}
    store.tx(() => move(before, after))
    lc.onRollback(() => store.tx(() => move(after, before)))

    lc.handoff('conductor')
    await lc.work()
    return {resource: userResource(ctx, inst.id, name, newHost)}
  })
}

/** Grant a user access to one database: one lifecycle, finished in the API. */
export async function grantAccess(ctx: OpContext, input: UserRef & {readonly database: string}): Promise<OperationResult> {
  const {store} = ctx
  const host = input.host ?? ANY_HOST
  return runLifecycle(ctx, 'user_grant', {instance_id: startInstanceId(ctx, input.instance), username: input.name, database: input.database}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    existingUser(store, inst, input.name, host)
    existingDatabase(store, inst, input.database)
    const had = access(store, inst.id, input.name, host).includes(input.database)
    if (!had) {
      // Granting twice is harmless, as MySQL's GRANT is; only a new grant is undone on failure.
      store.tx(() => grantRow(ctx, inst.id, input.name, host, input.database))
      lc.onRollback(() => store.tx(() => revokeRow(ctx, inst.id, input.name, host, input.database)))
    }
    await lc.work()
    return {resource: userResource(ctx, inst.id, input.name, host)}
  })
}

/** Grant access to several databases: one lifecycle per database, in order. */
export async function grantAccessAll(ctx: OpContext, input: GrantInput): Promise<OperationResult[]> {
  const results: OperationResult[] = []
  for (const database of input.databases) results.push(await grantAccess(ctx, {...input, database}))
  return results
}

function revokeRow(ctx: OpContext, instanceId: string, name: string, host: string, db: string): void {
  ctx.store.db.prepare('DELETE FROM user_access WHERE instance_id = ? AND user_name = ? AND host = ? AND database = ?').run(instanceId, name, host, db)
}

/** Revoke a user's access to one database (it must have it): finished in the API. */
export async function revokeAccess(ctx: OpContext, input: RevokeInput): Promise<OperationResult> {
  const {store} = ctx
  const host = input.host ?? ANY_HOST
  return runLifecycle(ctx, 'user_revoke', {instance_id: startInstanceId(ctx, input.instance), username: input.name, database: input.database}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    existingUser(store, inst, input.name, host)
    existingDatabase(store, inst, input.database)
    if (!access(store, inst.id, input.name, host).includes(input.database)) {
      throw badRequest(`User '${input.name}'@'${host}' has no access to database '${input.database}' on instance ${inst.name}; nothing to revoke.`)
    }
    store.tx(() => revokeRow(ctx, inst.id, input.name, host, input.database))
    lc.onRollback(() => store.tx(() => grantRow(ctx, inst.id, input.name, host, input.database)))
    await lc.work()
    return {resource: userResource(ctx, inst.id, input.name, host)}
  })
}

/** Change one user's password: one lifecycle, reported through the conductor. */
export async function changePassword(ctx: OpContext, instance: string, change: PasswordChange): Promise<OperationResult> {
  const {store} = ctx
  const host = change.host ?? ANY_HOST
  return runLifecycle(ctx, 'user_change_password', {instance_id: startInstanceId(ctx, instance), username: change.name}, async (lc) => {
    const inst = guestInstance(ctx, instance)
    const row = existingUser(store, inst, change.name, host)
    requirePassword(change.name, change.password)
    const setHash = (hash: string): void => {
      store.db.prepare('UPDATE users SET password_hash = ? WHERE instance_id = ? AND name = ? AND host = ?').run(hash, inst.id, change.name, host)
    }
    store.tx(() => setHash(hashPassword(change.password)))
    lc.onRollback(() => store.tx(() => setHash(row.password_hash)))

    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: `${change.name}@${host}`, name: change.name, host, instance_id: inst.id}}
  })
}

/** Change several users' passwords: one lifecycle per user, in order. */
export async function changePasswords(ctx: OpContext, instance: string, changes: readonly PasswordChange[]): Promise<OperationResult[]> {
  const results: OperationResult[] = []
  for (const change of changes) results.push(await changePassword(ctx, instance, change))
  return results
}
