/**
 * Instances, with their replicas: the questions operations ask of them,
 * and the two backends' answers. Cluster members and the instances a
 * configuration is attached to are asked through clusters.ts and
 * configurations.ts (they read this table too).
 *
 * Orders: lists are oldest first (`created_at`, then insertion).
 */
import {MemoryResources, type ResourceTable} from './memory-table.js'
import type {InstanceRow, ResourceRepository} from './rows.js'
import {type Database, SqliteResources, statements} from './sqlite-statements.js'

export interface InstanceRepository extends ResourceRepository<InstanceRow> {
  /**
   * Live instances whose id or name is `ref` (an id wins; then every
   * instance of that name, oldest first: several mean the name is
   * ambiguous), only the tenant's when `tenantId` is given.
   */
  byRef(ref: string, tenantId?: string): InstanceRow[]
  /** Live instances, of one tenant or of all. */
  live(tenantId?: string): readonly InstanceRow[]
  /** The live replicas of a replication source. */
  replicasOf(sourceId: string): readonly InstanceRow[]
}

/** The memory backend's instance table and its indexes (clusters.ts and configurations.ts read them too). */
export type InstanceTable = ResourceTable<InstanceRow, 'tenant' | 'name' | 'replicas' | 'members' | 'everMembers' | 'attached'>

const live = (r: InstanceRow, key: string | null): string | undefined => (r.deleted_at === null && key !== null ? key : undefined)

/** The indexes of the memory backend's instance table. */
export const INSTANCE_INDEXES = {
  tenant: (r: InstanceRow) => live(r, r.tenant_id),
  name: (r: InstanceRow) => live(r, r.name),
  replicas: (r: InstanceRow) => live(r, r.replica_of),
  members: (r: InstanceRow) => live(r, r.cluster_id),
  everMembers: (r: InstanceRow) => r.cluster_id ?? undefined,
  attached: (r: InstanceRow) => live(r, r.configuration_id),
} as const

/** An instance row with the schema's columns in their order (undefined → null). */
export function instanceShape(r: InstanceRow): InstanceRow {
  return {
    id: r.id, name: r.name, tenant_id: r.tenant_id, user_id: r.user_id, flavor_id: r.flavor_id, datastore: r.datastore,
    datastore_version: r.datastore_version, volume_size: r.volume_size ?? null, volume_type: r.volume_type ?? null,
    availability_zone: r.availability_zone, region: r.region, status: r.status, task: r.task ?? null,
    nova_instance_id: r.nova_instance_id, nova_volume_id: r.nova_volume_id ?? null, cluster_id: r.cluster_id ?? null,
    shard_id: r.shard_id ?? null, replica_of: r.replica_of ?? null, configuration_id: r.configuration_id ?? null,
    restart_required: r.restart_required, created_at: r.created_at, launched_at: r.launched_at ?? null,
    updated_at: r.updated_at, deleted_at: r.deleted_at ?? null,
  }
}

export class MemoryInstances extends MemoryResources<InstanceRow, 'tenant' | 'name' | 'replicas' | 'members' | 'everMembers' | 'attached'> implements InstanceRepository {
  byRef(ref: string, tenantId?: string): InstanceRow[] {
    const byId = this.t.get(ref)
    const rows = byId && byId.deleted_at === null ? [byId] : this.t.list('name', ref)
    return tenantId === undefined ? [...rows] : rows.filter((r) => r.tenant_id === tenantId)
  }

  live(tenantId?: string): readonly InstanceRow[] {
    if (tenantId !== undefined) return this.t.list('tenant', tenantId)
    return this.t.all().filter((r) => r.deleted_at === null)
  }

  replicasOf(sourceId: string): readonly InstanceRow[] {
    return this.t.list('replicas', sourceId)
  }
}

/**
 * An instance row from a raw-mode row (values in INSTANCE_COLUMNS order): a
 * literal with one stable shape, about half the cost of better-sqlite3's row
 * objects on the most frequent lookups. Its keys define INSTANCE_COLUMNS, so
 * the two cannot disagree.
 */
function instanceFromRaw(r: readonly unknown[]): InstanceRow {
  return {
    id: r[0], name: r[1], tenant_id: r[2], user_id: r[3], flavor_id: r[4], datastore: r[5], datastore_version: r[6],
    volume_size: r[7], volume_type: r[8], availability_zone: r[9], region: r[10], status: r[11], task: r[12],
    nova_instance_id: r[13], nova_volume_id: r[14], cluster_id: r[15], shard_id: r[16], replica_of: r[17],
    configuration_id: r[18], restart_required: r[19], created_at: r[20], launched_at: r[21], updated_at: r[22], deleted_at: r[23],
  } as InstanceRow
}

/** The columns instanceFromRaw reads, in its order. */
export const INSTANCE_COLUMNS = Object.keys(instanceFromRaw([])).join(', ')

/** Rows of a raw-mode statement on INSTANCE_COLUMNS. */
export function instancesFromRaw(rows: unknown): InstanceRow[] {
  return (rows as unknown[][]).map(instanceFromRaw)
}

export class SqliteInstances extends SqliteResources<InstanceRow> implements InstanceRepository {
  private readonly q

  constructor(db: Database) {
    super(db, 'instances')
    const cols = INSTANCE_COLUMNS
    this.q = statements(db, {
      get: {raw: `SELECT ${cols} FROM instances WHERE id = ?`},
      liveById: {raw: `SELECT ${cols} FROM instances WHERE id = ? AND deleted_at IS NULL`},
      liveByName: {raw: `SELECT ${cols} FROM instances WHERE name = ? AND deleted_at IS NULL ORDER BY created_at, rowid`},
      live: {raw: `SELECT ${cols} FROM instances WHERE deleted_at IS NULL ORDER BY created_at, rowid`},
      liveOfTenant: {raw: `SELECT ${cols} FROM instances WHERE deleted_at IS NULL AND tenant_id = ? ORDER BY created_at, rowid`},
      replicasOf: {raw: `SELECT ${cols} FROM instances WHERE replica_of = ? AND deleted_at IS NULL ORDER BY created_at, rowid`},
    })
  }

  get(id: string): InstanceRow | undefined {
    return instancesFromRaw(this.q.get.all(id))[0]
  }

  byRef(ref: string, tenantId?: string): InstanceRow[] {
    const byId = instancesFromRaw(this.q.liveById.all(ref))
    const rows = byId.length > 0 ? byId : instancesFromRaw(this.q.liveByName.all(ref))
    return tenantId === undefined ? rows : rows.filter((r) => r.tenant_id === tenantId)
  }

  live(tenantId?: string): readonly InstanceRow[] {
    return instancesFromRaw(tenantId === undefined ? this.q.live.all() : this.q.liveOfTenant.all(tenantId))
  }

  replicasOf(sourceId: string): readonly InstanceRow[] {
    return instancesFromRaw(this.q.replicasOf.all(sourceId))
  }
}
