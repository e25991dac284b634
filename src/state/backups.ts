/**
 * Queries on the `backups` table: lookups by id or name within a tenant, the
 * incremental descendants of a backup, and row writes. Used by the backup
 * operations and `backup list`.
 */
import {deleteRow, insertRow, liveRowsByRef, updateRow} from './rows.js'
import type {BackupRow, Store} from './store.js'

/** Statuses of a backup still being taken (the guest agent is working). */
export const RUNNING_BACKUP_STATUSES: readonly string[] = ['NEW', 'BUILDING']

/** Live backups of a tenant, optionally of one instance, oldest first. */
export function liveBackups(store: Store, tenantId: string, instanceId?: string): BackupRow[] {
  return (instanceId === undefined
    ? store.db.prepare('SELECT * FROM backups WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid').all(tenantId)
    : store.db.prepare('SELECT * FROM backups WHERE tenant_id = ? AND instance_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid').all(tenantId, instanceId)) as BackupRow[]
}

/** Live backups of a tenant whose id or name is `ref` (ids win). Several rows: the name is ambiguous. */
export function backupsByRef(store: Store, ref: string, tenantId: string): BackupRow[] {
  return liveRowsByRef<BackupRow>(store.db, 'backups', ref, tenantId)
}

export function backupRow(store: Store, id: string): BackupRow | undefined {
  return store.db.prepare('SELECT * FROM backups WHERE id = ?').get(id) as BackupRow | undefined
}

/** A running (NEW/BUILDING) backup of an instance, if any. */
export function runningBackup(store: Store, instanceId: string): BackupRow | undefined {
  return store.db.prepare(`SELECT * FROM backups WHERE instance_id = ? AND deleted_at IS NULL
    AND status IN (${RUNNING_BACKUP_STATUSES.map(() => '?').join(', ')}) LIMIT 1`).get(instanceId, ...RUNNING_BACKUP_STATUSES) as BackupRow | undefined
}

/**
 * Every live incremental backup built on `id`, children before grandchildren.
 * (CROSS JOIN keeps SQLite walking the small tree and looking backups up by
 * id, instead of scanning every backup.)
 */
export function backupDescendants(store: Store, id: string): BackupRow[] {
  return store.db.prepare(`WITH RECURSIVE tree(id, depth) AS (
      SELECT id, 1 FROM backups WHERE parent_id = ? AND deleted_at IS NULL
      UNION ALL SELECT b.id, tree.depth + 1 FROM backups b JOIN tree ON b.parent_id = tree.id WHERE b.deleted_at IS NULL)
    SELECT backups.* FROM tree CROSS JOIN backups USING (id) ORDER BY tree.depth, backups.created_at, backups.rowid`).all(id) as BackupRow[]
}

export function insertBackup(store: Store, row: BackupRow): void {
  insertRow(store.db, 'backups', row)
}

export function updateBackup(store: Store, id: string, changes: Partial<BackupRow>): void {
  updateRow(store.db, 'backups', id, changes)
}

export function deleteBackupRow(store: Store, id: string): void {
  deleteRow(store.db, 'backups', id)
}
