/**
 * Clusters and their members (instance rows carrying the cluster's id): the
 * questions the cluster operations and `cluster list|show` ask, and the two
 * backends' answers.
 */
import {type InstanceTable, INSTANCE_COLUMNS, instancesFromRaw} from './instances.js'
import {liveRef, MemoryResources, type ResourceTable} from './memory-table.js'
import type {ClusterRow, InstanceRow, ResourceRepository} from './rows.js'
import {type Database, SqliteResources, statements} from './sqlite-statements.js'

export interface ClusterRepository extends ResourceRepository<ClusterRow> {
  /** Live clusters of the tenant whose id or name is `ref` (an id wins); several: the name is ambiguous. */
  byRef(ref: string, tenantId: string): ClusterRow[]
  /** Live clusters, of one tenant or of all. */
  live(tenantId?: string): readonly ClusterRow[]
  /** The live members of a cluster, oldest first. */
  members(clusterId: string): readonly InstanceRow[]
  /** Names of every member the cluster ever had (deleted ones too), so new names never repeat. */
  memberNamesEver(clusterId: string): Set<string>
}

export type ClusterTable = ResourceTable<ClusterRow, 'tenant' | 'name'>

export const CLUSTER_INDEXES = {
  tenant: (r: ClusterRow) => (r.deleted_at === null ? r.tenant_id : undefined),
  name: (r: ClusterRow) => (r.deleted_at === null ? r.name : undefined),
} as const

export function clusterShape(r: ClusterRow): ClusterRow {
  return {
    id: r.id, name: r.name, tenant_id: r.tenant_id, datastore: r.datastore, datastore_version: r.datastore_version,
    task: r.task ?? null, created_at: r.created_at, updated_at: r.updated_at, deleted_at: r.deleted_at ?? null,
  }
}

export class MemoryClusters extends MemoryResources<ClusterRow, 'tenant' | 'name'> implements ClusterRepository {
  constructor(t: ClusterTable, private readonly instances: InstanceTable) {
    super(t)
  }

  byRef(ref: string, tenantId: string): ClusterRow[] {
    return liveRef(this.t, ref, tenantId)
  }

  live(tenantId?: string): readonly ClusterRow[] {
    return tenantId === undefined ? this.t.all().filter((r) => r.deleted_at === null) : this.t.list('tenant', tenantId)
  }

  members(clusterId: string): readonly InstanceRow[] {
    return this.instances.list('members', clusterId)
  }

  memberNamesEver(clusterId: string): Set<string> {
    return new Set(this.instances.list('everMembers', clusterId).map((r) => r.name))
  }
}

export class SqliteClusters extends SqliteResources<ClusterRow> implements ClusterRepository {
  private readonly q

  constructor(db: Database) {
    super(db, 'clusters')
    this.q = statements(db, {
      liveById: 'SELECT * FROM clusters WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL',
      liveByName: 'SELECT * FROM clusters WHERE name = ? AND tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      live: 'SELECT * FROM clusters WHERE deleted_at IS NULL ORDER BY created_at, rowid',
      liveOfTenant: 'SELECT * FROM clusters WHERE deleted_at IS NULL AND tenant_id = ? ORDER BY created_at, rowid',
      members: {raw: `SELECT ${INSTANCE_COLUMNS} FROM instances WHERE cluster_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid`},
      memberNamesEver: 'SELECT name FROM instances WHERE cluster_id = ?',
    })
  }

  byRef(ref: string, tenantId: string): ClusterRow[] {
    const byId = this.q.liveById.all(ref, tenantId) as ClusterRow[]
    return byId.length > 0 ? byId : this.q.liveByName.all(ref, tenantId) as ClusterRow[]
  }

  live(tenantId?: string): readonly ClusterRow[] {
    return (tenantId === undefined ? this.q.live.all() : this.q.liveOfTenant.all(tenantId)) as ClusterRow[]
  }

  members(clusterId: string): readonly InstanceRow[] {
    return instancesFromRaw(this.q.members.all(clusterId))
  }

  memberNamesEver(clusterId: string): Set<string> {
    return new Set((this.q.memberNamesEver.all(clusterId) as Array<{name: string}>).map((r) => r.name))
  }
}
