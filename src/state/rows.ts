/**
 * Generic row writes for the state tables modules outside store.ts own
 * (clusters, backups): look live rows up by id or name within a tenant,
 * insert a whole row, update some columns by id, delete by id. Table and
 * column names come from our own code, never from users.
 */
import type {Database} from './store.js'

// Values are bound by position, in the object's key order (cheaper than named
// parameters, and no object is built to hold the id; undefined binds as NULL either way).

export function insertRow(db: Database, table: string, row: object): void {
  const cols = Object.keys(row)
  db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${'?, '.repeat(cols.length - 1)}?)`).run(Object.values(row))
}

export function updateRow(db: Database, table: string, id: string, changes: object): void {
  const cols = Object.keys(changes)
  if (cols.length === 0) return
  const values: unknown[] = Object.values(changes)
  values.push(id)
  db.prepare(`UPDATE ${table} SET ${cols.join(' = ?, ')} = ? WHERE id = ?`).run(values)
}

export function deleteRow(db: Database, table: string, id: string): void {
  db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id)
}

/**
 * Live rows (deleted_at NULL) of a tenant whose id or name is `ref`: the row
 * with that id, else every row with that name, oldest first (several: the
 * name is ambiguous).
 */
export function liveRowsByRef<T>(db: Database, table: string, ref: string, tenantId: string): T[] {
  const byId = db.prepare(`SELECT * FROM ${table} WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL`).all(ref, tenantId) as T[]
  if (byId.length > 0) return byId
  return db.prepare(`SELECT * FROM ${table} WHERE name = ? AND tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid`).all(ref, tenantId) as T[]
}
