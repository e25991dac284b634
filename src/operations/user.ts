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
import type {UndoStep} from './undo.js'
import {startInstanceId} from './resolve.js'
import type {Input, UserSpec} from '../inputs/index.js'
import type {BatchFacts} from '../events/dialect/facts.js'
import {
  ANY_HOST, assertNewUser, checkHost, checkUserName, existingDatabase, existingUser, guestInstance, requirePassword,
} from './mysql.js'

// The inputs are declared once, in src/inputs/database.ts.
/** Who a user operation is about: the instance, the user name and its host (default `%`). */
export type UserRef = Input<'user_delete'>
export type CreateUserInput = Input<'user_create'>
export type UpdateUserInput = Input<'user_update_attributes'>
export type GrantInput = Input<'user_grant'>
export type RevokeInput = Input<'user_revoke'>
export type PasswordChange = UserSpec

/** Trove 18 loads the user before its StartNotification of grant and revoke: an unknown user (of an instance that exists) is refused there. */
function knownUser(ctx: OpContext, instance: string, name: string, host: string): void {
  const rows = ctx.world.instances.byRef(instance, ctx.caller.tenantId)
  if (rows.length === 1) existingUser(ctx.world, rows[0]!, name, host)
}

/** Every database a user can access now (Trove 18's revoke sends that list), when the instance and user resolve. */
function accessibleOf(ctx: OpContext, instance: string, user: {name: string, host: string}): string[] {
  const rows = ctx.world.instances.byRef(instance, ctx.caller.tenantId)
  return rows.length === 1 ? [...ctx.world.users.grants(rows[0]!.id, user)] : []
}

function userResource(ctx: OpContext, instanceId: string, name: string, host: string, status?: string): ResourceRef {
  return {id: `${name}@${host}`, name, host, instance_id: instanceId, databases: [...ctx.world.users.grants(instanceId, {name, host})], ...(status ? {status} : {})}
}

/** Create one user (optionally with access to existing databases): one lifecycle. */
export async function createUser(ctx: OpContext, input: CreateUserInput): Promise<OperationResult> {
  const {world} = ctx
  const host = input.host ?? ANY_HOST
  const user = {name: input.name, host}
  return runLifecycle(ctx, 'user_create', {instanceId: startInstanceId(ctx, input.instance), username: input.name}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    checkUserName(input.name)
    checkHost(host)
    requirePassword(input.name, input.password)
    const dbs = [...new Set(input.databases ?? [])]
    for (const db of dbs) existingDatabase(world, inst, db)
    assertNewUser(world, inst, input.name, host)
    world.tx(() => {
      world.users.insert({instance_id: inst.id, name: input.name, host, password_hash: hashPassword(input.password), created_at: isoTime(ctx.clock.now())})
      for (const db of dbs) world.users.grant(inst.id, user, db)
    })
    lc.onRollback(['users.remove', inst.id, user])

    lc.handoff('conductor')
    await lc.work()
    return {resource: userResource(ctx, inst.id, input.name, host)}
  })
}

/** Delete one user and its access. */
export async function deleteUser(ctx: OpContext, input: UserRef): Promise<OperationResult> {
  const {world} = ctx
  const host = input.host ?? ANY_HOST
  const user = {name: input.name, host}
  return runLifecycle(ctx, 'user_delete', {instanceId: startInstanceId(ctx, input.instance), username: input.name, host}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    checkUserName(input.name)
    const row = existingUser(world, inst, input.name, host)
    const dbs = world.users.grants(inst.id, user)
    world.tx(() => world.users.remove(inst.id, user))
    lc.onRollback(['users.insert', row], ...dbs.map((db): UndoStep => ['users.grant', inst.id, user, db]))

    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: `${input.name}@${host}`, name: input.name, host, instance_id: inst.id, status: 'DELETED'}}
  })
}

/** Rename a user, move it to another host and/or change its password: one lifecycle. */
export async function updateUserAttributes(ctx: OpContext, input: UpdateUserInput): Promise<OperationResult> {
  const {world} = ctx
  const host = input.host ?? ANY_HOST
  return runLifecycle(ctx, 'user_update_attributes', {instanceId: startInstanceId(ctx, input.instance), username: input.name}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    if (input.newName === undefined && input.newPassword === undefined && input.newHost === undefined) {
      throw badRequest('Nothing to update: give a new name, password or host.')
    }
    const row = existingUser(world, inst, input.name, host)
    const name = input.newName ?? input.name
    const newHost = input.newHost ?? host
    if (input.newName !== undefined) checkUserName(name)
    if (input.newHost !== undefined) checkHost(newHost)
    if (input.newPassword !== undefined) requirePassword(name, input.newPassword)
    const renamed = name !== input.name || newHost !== host
    if (renamed) assertNewUser(world, inst, name, newHost)
    const hash = input.newPassword !== undefined ? hashPassword(input.newPassword) : row.password_hash
    const before = {name: input.name, host}
    const after = {name, host: newHost}
    world.tx(() => world.users.move(inst.id, before, after, hash))
    lc.onRollback(['users.move', inst.id, after, before, row.password_hash])

    lc.handoff('conductor')
    await lc.work()
    return {resource: userResource(ctx, inst.id, name, newHost)}
  })
}

/** Grant a user access to one database: one lifecycle, finished in the API. */
export async function grantAccess(ctx: OpContext, input: UserRef & {readonly database: string}, batch?: BatchFacts): Promise<OperationResult> {
  const {world} = ctx
  const host = input.host ?? ANY_HOST
  const user = {name: input.name, host}
  return runLifecycle(ctx, 'user_grant', {instanceId: startInstanceId(ctx, input.instance), username: input.name, database: input.database}, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    existingUser(world, inst, input.name, host)
    existingDatabase(world, inst, input.database)
    const had = world.users.grants(inst.id, user).includes(input.database)
    if (!had) {
      // Granting twice is harmless, as MySQL's GRANT is; only a new grant is undone on failure.
      world.tx(() => world.users.grant(inst.id, user, input.database))
      lc.onRollback(['users.revoke', inst.id, user, input.database])
    }
    await lc.work()
    return {resource: userResource(ctx, inst.id, input.name, host)}
  }, {batch, precheck: () => knownUser(ctx, input.instance, input.name, host)})
}

/** Grant access to several databases: one lifecycle per database, in order. */
export async function grantAccessAll(ctx: OpContext, input: GrantInput): Promise<OperationResult[]> {
  const results: OperationResult[] = []
  for (const [index, database] of input.databases.entries()) {
    const batch = {index, names: input.databases, earlierFailed: results.some((r) => r.outcome === 'error')}
    results.push(await grantAccess(ctx, {...input, database}, batch))
  }
  return results
}

/** Revoke a user's access to one database (it must have it): finished in the API. */
export async function revokeAccess(ctx: OpContext, input: RevokeInput): Promise<OperationResult> {
  const {world} = ctx
  const host = input.host ?? ANY_HOST
  const user = {name: input.name, host}
  const start = {instanceId: startInstanceId(ctx, input.instance), username: input.name, database: input.database, accessible: accessibleOf(ctx, input.instance, user)}
  return runLifecycle(ctx, 'user_revoke', start, async (lc) => {
    const inst = guestInstance(ctx, input.instance)
    existingUser(world, inst, input.name, host)
    existingDatabase(world, inst, input.database)
    if (!world.users.grants(inst.id, user).includes(input.database)) {
      throw badRequest(`User '${input.name}'@'${host}' has no access to database '${input.database}' on instance ${inst.name}; nothing to revoke.`)
    }
    world.tx(() => world.users.revoke(inst.id, user, input.database))
    lc.onRollback(['users.grant', inst.id, user, input.database])
    await lc.work()
    return {resource: userResource(ctx, inst.id, input.name, host)}
  }, {precheck: () => knownUser(ctx, input.instance, input.name, host)})
}

/** Change one user's password: one lifecycle, reported through the conductor. */
export async function changePassword(ctx: OpContext, instance: string, change: PasswordChange, batch?: BatchFacts): Promise<OperationResult> {
  const {world} = ctx
  const host = change.host ?? ANY_HOST
  const user = {name: change.name, host}
  return runLifecycle(ctx, 'user_change_password', {instanceId: startInstanceId(ctx, instance), username: change.name}, async (lc) => {
    const inst = guestInstance(ctx, instance)
    const row = existingUser(world, inst, change.name, host)
    requirePassword(change.name, change.password)
    world.tx(() => world.users.setPassword(inst.id, user, hashPassword(change.password)))
    lc.onRollback(['users.setPassword', inst.id, user, row.password_hash])

    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: `${change.name}@${host}`, name: change.name, host, instance_id: inst.id}}
  }, {batch})
}

/** Change several users' passwords: one lifecycle per user, in order. */
export async function changePasswords(ctx: OpContext, instance: string, changes: readonly PasswordChange[]): Promise<OperationResult[]> {
  const results: OperationResult[] = []
  const names = changes.map((c) => c.name)
  for (const [index, change] of changes.entries()) {
    results.push(await changePassword(ctx, instance, change, {index, names, earlierFailed: results.some((r) => r.outcome === 'error')}))
  }
  return results
}
