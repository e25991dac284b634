/**
 * Queries on the `clusters` table and a cluster's member instances (rows of
 * `instances` carrying its cluster_id). Used by the cluster operations and by
 * `cluster list` / `cluster show`.
 */
import {deleteRow, insertRow, liveRowsByRef, updateRow} from './rows.js'
import type {ClusterRow, InstanceRow, Store} from './store.js'

/** Live clusters, optionally of one tenant, oldest first. */
export function liveClusters(store: Store, tenantId?: string): ClusterRow[] {
  return (tenantId === undefined
    ? store.db.prepare('SELECT * FROM clusters WHERE deleted_at IS NULL ORDER BY created_at, rowid').all()
    : store.db.prepare('SELECT * FROM clusters WHERE deleted_at IS NULL AND tenant_id = ? ORDER BY created_at, rowid').all(tenantId)) as ClusterRow[]
}

/** Live clusters of a tenant whose id or name is `ref` (ids win). Several rows: the name is ambiguous. */
export function clustersByRef(store: Store, ref: string, tenantId: string): ClusterRow[] {
  return liveRowsByRef<ClusterRow>(store.db, 'clusters', ref, tenantId)
}

export function clusterRow(store: Store, id: string): ClusterRow | undefined {
  return store.db.prepare('SELECT * FROM clusters WHERE id = ?').get(id) as ClusterRow | undefined
}

/** The live member instances of a cluster, in the order they were created. */
export function clusterMembers(store: Store, clusterId: string): InstanceRow[] {
  return store.db.prepare('SELECT * FROM instances WHERE cluster_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid').all(clusterId) as InstanceRow[]
}

/** Names of every member the cluster ever had (deleted ones too), so new names never repeat. */
export function memberNamesEver(store: Store, clusterId: string): Set<string> {
  const rows = store.db.prepare('SELECT name FROM instances WHERE cluster_id = ?').all(clusterId) as Array<{name: string}>
  return new Set(rows.map((r) => r.name))
}

export function insertCluster(store: Store, row: ClusterRow): void {
  insertRow(store.db, 'clusters', row)
}

export function updateCluster(store: Store, id: string, changes: Partial<ClusterRow>): void {
  updateRow(store.db, 'clusters', id, changes)
}

export function deleteClusterRow(store: Store, id: string): void {
  deleteRow(store.db, 'clusters', id)
}
