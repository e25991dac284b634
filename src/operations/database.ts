/**
 * Database create and delete on an instance of the MySQL family. The API
 * validates and emits `.start`; the guest agent does the work and reports the
 * outcome through the conductor (the spec's notify_exc_info path), so `.end`
 * and a late `.error` carry server_type `conductor`. Creating several
 * databases is one lifecycle per database, as the spec's note says.
 */
import {isoTime} from '../messaging/envelope.js'
import type {OpContext, OperationResult} from './context.js'
import {TroveError} from './errors.js'
import {runLifecycle} from './lifecycle.js'
import {startInstanceId} from './resolve.js'
import type {Input} from '../inputs/index.js'
import {
  characterSetAndCollation, checkDatabaseName, database, type DatabaseRow, existingDatabase, guestInstance,
} from './mysql.js'

/** Declared once, in src/inputs/database.ts. */
export type CreateDatabasesInput = Input<'database_create'>

const insertRow = (ctx: OpContext, row: DatabaseRow): void => {
  ctx.store.db.prepare('INSERT INTO databases (instance_id, name, character_set, collation, created_at) VALUES (@instance_id, @name, @character_set, @collation, @created_at)').run(row)
}

/** Create one database: one lifecycle. */
export async function createDatabase(ctx: OpContext, input: Omit<CreateDatabasesInput, 'names'> & {readonly name: string}): Promise<OperationResult> {
  const {store} = ctx
  return runLifecycle(ctx, 'database_create', {instance_id: startInstanceId(ctx, input.instance), dbname: input.name}, async (lc) => {
    // ---- api: validate --------------------------------------------------
    const inst = guestInstance(ctx, input.instance)
    checkDatabaseName(input.name)
    const {characterSet, collation} = characterSetAndCollation(input.characterSet, input.collate)
    if (database(store, inst.id, input.name)) {
      throw new TroveError('DatabaseAlreadyExists', `A database with the name '${input.name}' already exists on instance ${inst.name} (${inst.id}).`)
    }
    const row: DatabaseRow = {instance_id: inst.id, name: input.name, character_set: characterSet, collation, created_at: isoTime(ctx.clock.now())}
    store.tx(() => insertRow(ctx, row))
    lc.onRollback(() => store.tx(() => store.db.prepare('DELETE FROM databases WHERE instance_id = ? AND name = ?').run(inst.id, input.name)))

    // ---- guest agent, reporting through the conductor ----------------------
    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: input.name, name: input.name, instance_id: inst.id, character_set: characterSet, collation}}
  })
}

/** Create several databases: one lifecycle per database, in order. */
export async function createDatabases(ctx: OpContext, input: CreateDatabasesInput): Promise<OperationResult[]> {
  const results: OperationResult[] = []
  for (const name of input.names) results.push(await createDatabase(ctx, {...input, name}))
  return results
}

/** Delete one database (and every user's access to it). */
export async function deleteDatabase(ctx: OpContext, instance: string, name: string): Promise<OperationResult> {
  const {store} = ctx
  return runLifecycle(ctx, 'database_delete', {instance_id: startInstanceId(ctx, instance), dbname: name}, async (lc) => {
    const inst = guestInstance(ctx, instance)
    checkDatabaseName(name)
    const row = existingDatabase(store, inst, name)
    const grants = store.db.prepare('SELECT * FROM user_access WHERE instance_id = ? AND database = ?').all(inst.id, name) as Array<Record<string, string>>
    store.tx(() => {
      store.db.prepare('DELETE FROM databases WHERE instance_id = ? AND name = ?').run(inst.id, name)
      store.db.prepare('DELETE FROM user_access WHERE instance_id = ? AND database = ?').run(inst.id, name)
    })
    lc.onRollback(() => store.tx(() => {
      insertRow(ctx, row)
      const grant = store.db.prepare('INSERT INTO user_access (instance_id, user_name, host, database) VALUES (@instance_id, @user_name, @host, @database)')
      for (const g of grants) grant.run(g)
    }))

    lc.handoff('conductor')
    await lc.work()
    return {resource: {id: name, name, instance_id: inst.id, status: 'DELETED'}}
  })
}
