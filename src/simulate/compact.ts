/**
 * Keeps a long simulation's own world (`:memory:`) from growing: rows of
 * resources deleted before a mark (the time of the previous compaction) are
 * removed, with what hung off them. Nothing the simulation still reads is
 * touched — every decision and every operation looks at live rows only — so
 * a run of a million notifications needs no more memory than a short one.
 * Never used on a world the user keeps (`--state FILE`).
 */
import type {Store} from '../state/store.js'

const STATEMENTS = [
  // Former members of a live cluster stay: their names are never reused within it.
  `DELETE FROM instances WHERE deleted_at IS NOT NULL AND deleted_at <= @mark
     AND (cluster_id IS NULL OR cluster_id NOT IN (SELECT id FROM clusters WHERE deleted_at IS NULL))`,
  'DELETE FROM clusters WHERE deleted_at IS NOT NULL AND deleted_at <= @mark',
  'DELETE FROM backups WHERE deleted_at IS NOT NULL AND deleted_at <= @mark',
  'DELETE FROM configurations WHERE deleted_at IS NOT NULL AND deleted_at <= @mark',
  'DELETE FROM databases WHERE instance_id NOT IN (SELECT id FROM instances)',
  'DELETE FROM users WHERE instance_id NOT IN (SELECT id FROM instances)',
  'DELETE FROM user_access WHERE instance_id NOT IN (SELECT id FROM instances)',
  'DELETE FROM exists_audit WHERE instance_id NOT IN (SELECT id FROM instances)',
]

/** Remove what was deleted at or before `mark` (ISO time). Returns the rows removed. */
export function compactWorld(store: Store, mark: string): number {
  let removed = 0
  store.tx(() => {
    for (const sql of STATEMENTS) {
      const s = store.db.prepare(sql)
      removed += (sql.includes('@mark') ? s.run({mark}) : s.run()).changes
    }
  })
  return removed
}
