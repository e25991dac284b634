/**
 * Looking resources up by id or name, as troveclient does, within the
 * caller's tenant, and the preconditions every instance action shares. A
 * miss or an ambiguous name is a Trove error (it ends the lifecycle in
 * `.error`), never a crash.
 */
import {createHash} from 'node:crypto'
import type {Catalogue} from '../state/catalogue.js'
import type {BackupRow, ClusterRow, ConfigurationRow, DatastoreRow, FlavorRow, InstanceRow} from '../state/rows.js'
import type {World} from '../state/world.js'
import type {OpContext} from './context.js'
import {badRequest, notFound, TroveError, type TroveExceptionClass, unprocessable} from './errors.js'

/** The default datastore when none is given (Trove's default_datastore). */
export const DEFAULT_DATASTORE = 'mysql'

/** The one row a reference names: none is `what` not found (as `cls`), several an ambiguous name. */
function one<R extends {readonly id: string}>(rows: readonly R[], ref: string, what: string, plural: string, cls: TroveExceptionClass = 'NotFound'): R {
  if (rows.length === 0) throw notFound(what, ref, cls)
  if (rows.length > 1) throw badRequest(`Multiple ${plural} are named ${ref} (${rows.map((r) => r.id).join(', ')}); use an id.`)
  return rows[0]!
}

/**
 * The id a `.start` names for a reference: the resource's id when the
 * reference names exactly one, else the reference as typed (the lookup then
 * fails inside the lifecycle and ends it in `.error`).
 */
export function startId(rows: ReadonlyArray<{readonly id: string}>, ref: string): string {
  return rows.length === 1 ? rows[0]!.id : ref
}

/** One live instance of the tenant by id or name. */
export function findInstance(world: World, tenantId: string, ref: string): InstanceRow {
  return one(world.instances.byRef(ref, tenantId), ref, 'Instance', 'instances')
}

/** The `instance_id` of a `.start`. */
export function startInstanceId(ctx: Pick<OpContext, 'world' | 'caller'>, ref: string): string {
  return startId(ctx.world.instances.byRef(ref, ctx.caller.tenantId), ref)
}

/** One live backup of the tenant by id or name. */
export function findBackup(world: World, tenantId: string, ref: string): BackupRow {
  return one(world.backups.byRef(ref, tenantId), ref, 'Backup', 'backups', 'BackupNotFound')
}

/** One live cluster of the tenant by id or name. */
export function findCluster(world: World, tenantId: string, ref: string): ClusterRow {
  return one(world.clusters.byRef(ref, tenantId), ref, 'Cluster', 'clusters', 'ClusterNotFound')
}

/** One live configuration group of the tenant by id or name. */
export function findConfiguration(world: World, tenantId: string, ref: string): ConfigurationRow {
  return one(world.configurations.byRef(ref, tenantId), ref, 'Configuration group', 'configuration groups', 'ConfigurationNotFound')
}

export function findFlavor(catalogue: Catalogue, ref: string): FlavorRow {
  const flavor = catalogue.flavor(ref)
  if (!flavor) throw new TroveError('FlavorNotFound', `Resource ${ref} cannot be found.`)
  return flavor
}

export interface DatastoreChoice {
  readonly datastore: DatastoreRow
  readonly version: string
}

/** A datastore and version (the datastore's default version when none is given). */
export function findDatastore(catalogue: Catalogue, name: string, version?: string): DatastoreChoice {
  const datastore = catalogue.datastore(name)
  if (!datastore) throw new TroveError('DatastoreNotFound', `Datastore '${name}' cannot be found.`)
  const versions = catalogue.versions(name)
  const chosen = version ?? datastore.default_version
  if (!versions.includes(chosen)) {
    throw new TroveError('DatastoreVersionNotFound', `Datastore version '${chosen}' cannot be found (${name} has ${versions.join(', ')}).`)
  }
  return {datastore, version: chosen}
}

/** The version a `.start` names: the one asked for, else the datastore's default (empty for an unknown datastore). */
export function startVersion(catalogue: Catalogue, datastore: string, version?: string): string {
  return version ?? catalogue.datastore(datastore)?.default_version ?? ''
}

/**
 * The Glance image of a datastore version (Trove 18 sends it as image_id):
 * the simulated cloud has none, so one stable UUID per datastore and version.
 */
export function imageIdOf(datastore: string, version: string): string {
  const key = `${datastore} ${version}`
  let id = IMAGE_IDS.get(key)
  if (id === undefined) {
    const h = createHash('md5').update(`image ${key}`).digest('hex')
    id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
    IMAGE_IDS.set(key, id)
  }
  return id
}

/** Image ids made so far (a handful: one per datastore version). */
const IMAGE_IDS = new Map<string, string>()

/** Trove's precondition of every instance action: ACTIVE, no task running, no backup running. */
export function assertActionable(world: World, inst: InstanceRow): void {
  if (inst.status !== 'ACTIVE' || inst.task !== null) {
    throw unprocessable(`Instance ${inst.name} (${inst.id}) is not currently available for an action to be performed (status was ${inst.task ?? inst.status}).`)
  }
  const running = world.backups.runningOf(inst.id)
  if (running) throw unprocessable(`Instance ${inst.name} (${inst.id}) has a backup running (${running.id}); try again when it completes.`)
}
