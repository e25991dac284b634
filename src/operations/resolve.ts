/**
 * Looking resources up by id or name, as troveclient does, within the
 * caller's tenant. A miss or an ambiguous name is a Trove error (it ends the
 * lifecycle in `.error`), never a crash.
 */
import type {DatastoreRow, FlavorRow, InstanceRow, Store} from '../state/store.js'
import type {OpContext} from './context.js'
import {badRequest, notFound, TroveError, unprocessable} from './errors.js'

/** One live instance of the tenant by id or name. */
export function findInstance(store: Store, tenantId: string, ref: string): InstanceRow {
  const rows = store.instancesByRef(ref, tenantId)
  if (rows.length === 0) throw notFound('Instance', ref)
  if (rows.length > 1) {
    throw badRequest(`Multiple instances are named ${ref} (${rows.map((r) => r.id).join(', ')}); use an id.`)
  }
  return rows[0]!
}

export function findFlavor(store: Store, ref: string): FlavorRow {
  const flavor = store.flavor(ref)
  if (!flavor) throw new TroveError('FlavorNotFound', `Resource ${ref} cannot be found.`)
  return flavor
}

export interface DatastoreChoice {
  readonly datastore: DatastoreRow
  readonly version: string
}

/** A datastore and version (the datastore's default version when none is given). */
export function findDatastore(store: Store, name: string, version?: string): DatastoreChoice {
  const datastore = store.datastore(name)
  if (!datastore) throw new TroveError('DatastoreNotFound', `Datastore '${name}' cannot be found.`)
  const versions = store.datastoreVersions(name)
  const chosen = version ?? datastore.default_version
  if (!versions.includes(chosen)) {
    throw new TroveError('DatastoreVersionNotFound', `Datastore version '${chosen}' cannot be found (${name} has ${versions.join(', ')}).`)
  }
  return {datastore, version: chosen}
}

/** Trove's precondition of every instance action: ACTIVE, no task running, no backup running. */
export function assertActionable(store: Store, inst: InstanceRow): void {
  if (inst.status !== 'ACTIVE' || inst.task !== null) {
    throw unprocessable(`Instance ${inst.name} (${inst.id}) is not currently available for an action to be performed (status was ${inst.task ?? inst.status}).`)
  }
  const running = store.db.prepare("SELECT id FROM backups WHERE instance_id = ? AND status IN ('NEW', 'BUILDING') AND deleted_at IS NULL").get(inst.id) as {id: string} | undefined
  if (running) throw unprocessable(`Instance ${inst.name} (${inst.id}) has a backup running (${running.id}); try again when it completes.`)
}

/**
 * The `instance_id` of a `.start`: the instance's id when the reference names
 * exactly one of the tenant's instances, else the reference as typed (the
 * lookup then fails inside the lifecycle and ends it in `.error`).
 */
export function startInstanceId(ctx: Pick<OpContext, 'store' | 'caller'>, ref: string): string {
  // The same answer as instancesByRef(ref, tenant), reading only ids: a live
  // instance with that id (of any tenant) means the reference is kept as
  // typed, else the name must name exactly one of the tenant's instances.
  const {db} = ctx.store
  if (db.prepare('SELECT 1 FROM instances WHERE id = ? AND deleted_at IS NULL').get(ref) !== undefined) return ref
  const named = db.prepare('SELECT id FROM instances WHERE name = ? AND tenant_id = ? AND deleted_at IS NULL LIMIT 2')
    .all(ref, ctx.caller.tenantId) as Array<{id: string}>
  return named.length === 1 ? named[0]!.id : ref
}
