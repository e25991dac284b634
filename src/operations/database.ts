/**
 * Database create and delete on an instance of the MySQL family. The API
 * validates and emits `.start`; the guest agent does the work and reports the
 * outcome through the conductor (the spec's notify_exc_info path), so `.end`
 * and a late `.error` carry server_type `conductor`. Creating several
 * databases is one lifecycle per database, as the spec's note says.
 */
import {isoTime} from '../messaging/envelope.js'
import type {DatabaseRow} from '../state/rows.js'
import type {OpContext, OperationResult} from './context.js'
import {TroveError} from './errors.js'
import {runLifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {characterSetAndCollation, checkDatabaseName, existingDatabase, guestInstance} from './mysql.js'
import {startInstanceId} from './resolve.js'
import type {Input} from '../inputs/index.js'
import type {BatchFacts} from '../events/dialect/facts.js'

/** Declared once, in src/inputs/database.ts. */
export type CreateDatabasesInput = Input<'database_create'>

/** Create one database: one lifecycle. */
export async function createDatabase(ctx: OpContext, input: Omit<CreateDatabasesInput, 'names'> & {readonly name: string}, batch?: BatchFacts): Promise<OperationResult> {
  const {world} = ctx
  return runLifecycle(ctx, 'database_create', {instanceId: startInstanceId(ctx, input.instance), dbname: input.name}, async (lc) => {
    // ---- api: validate --------------------------------------------------
    const inst = guestInstance(ctx, input.instance)
    checkDatabaseName(input.name)
    const {characterSet, collation} = characterSetAndCollation(input.characterSet, input.collate)
    if (world.databases.get(inst.id, input.name)) {
      throw new TroveError('DatabaseAlreadyExists', `A database with the name '${input.name}' already exists on instance ${inst.name} (${inst.id}).`)
    }
    const row: DatabaseRow = {instance_id: inst.id, name: input.name, character_set: characterSet, collation, created_at: isoTime(ctx.clock.now())}
    world.tx(() => world.databases.insert(row))
    lc.onRollback(['databases.remove', inst.id, input.name])

    // ---- guest agent, reporting through the conductor ----------------------
    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: input.name, name: input.name, instance_id: inst.id, character_set: characterSet, collation}}
  }, {batch})
}

/** Create several databases: one lifecycle per database, in order. */
export async function createDatabases(ctx: OpContext, input: CreateDatabasesInput): Promise<OperationResult[]> {
  const results: OperationResult[] = []
  for (const [index, name] of input.names.entries()) {
    const batch = {index, names: input.names, earlierFailed: results.some((r) => r.outcome === 'error')}
    results.push(await createDatabase(ctx, {...input, name}, batch))
  }
  return results
}

/** Delete one database (and every user's access to it). */
export async function deleteDatabase(ctx: OpContext, instance: string, name: string): Promise<OperationResult> {
  const {world} = ctx
  return runLifecycle(ctx, 'database_delete', {instanceId: startInstanceId(ctx, instance), dbname: name}, async (lc) => {
    const inst = guestInstance(ctx, instance)
    checkDatabaseName(name)
    const row = existingDatabase(world, inst, name)
    const grants = world.users.grantsOn(inst.id, name)
    world.tx(() => {
      world.databases.remove(inst.id, name)
      world.users.revokeAllOn(inst.id, name)
    })
    lc.onRollback(['databases.insert', row], ...grants.map((g): UndoStep => ['users.grant', inst.id, {name: g.user_name, host: g.host}, g.database]))

    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: name, name, instance_id: inst.id, status: 'DELETED'}}
  })
}
