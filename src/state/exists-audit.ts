/**
 * The exists audit: where each instance's last trove.instance.exists
 * window ended (periodic/exists.ts tiles the windows from it), and which
 * instances are due a window. The two backends' answers.
 */
import {type InstanceTable, INSTANCE_COLUMNS, instancesFromRaw} from './instances.js'
import {binaryCompare, type UndoLog} from './memory-table.js'
import type {InstanceRow} from './rows.js'
import {type Database, statements} from './sqlite-statements.js'

/** An instance due a window, and where its last one ended (null: none yet). */
export interface AuditCandidate {
  readonly instance: InstanceRow
  readonly ending: string | null
}

/** A page of candidates, and where the next one starts (undefined: that was the last). */
export interface CandidatePage {
  readonly candidates: AuditCandidate[]
  readonly next?: string
}

export interface ExistsAuditRepository {
  /**
   * Launched instances that are live (and not being deleted: SHUTDOWN) or
   * deleted without their final window (the last end is not their
   * deleted_at), oldest first.
   */
  candidates(): AuditCandidate[]
  /** The same, `limit` at a time, from `cursor` (a page's `next`; undefined: the first page). */
  candidatePage(limit: number, cursor?: string): CandidatePage
  /** Move an instance's last window end from `from` (null: none yet) to `to`, unless someone else moved it. */
  record(instanceId: string, from: string | null, to: string): void
}

/** Is the instance due a window, given where its last one ended? */
function due(i: InstanceRow, ending: string | null): boolean {
  if (i.launched_at === null) return false
  return i.deleted_at === null ? i.status !== 'SHUTDOWN' : ending === null || ending !== i.deleted_at
}

export class MemoryExistsAudit implements ExistsAuditRepository {
  private readonly endings = new Map<string, string>()

  constructor(private readonly log: UndoLog, private readonly instances: InstanceTable) {}

  candidates(): AuditCandidate[] {
    const out: AuditCandidate[] = []
    for (const instance of this.instances.all()) {
      const ending = this.endings.get(instance.id) ?? null
      if (due(instance, ending)) out.push({instance, ending})
    }
    return out
  }

  candidatePage(limit: number, cursor?: string): CandidatePage {
    // Simulate's worlds: a scan per page is fine (the cursor is the last instance's id).
    const all = this.candidates()
    const from = cursor === undefined ? 0 : all.findIndex((c) => c.instance.id === cursor) + 1
    const candidates = all.slice(from, from + limit)
    return {candidates, next: from + limit < all.length ? candidates.at(-1)!.instance.id : undefined}
  }

  record(instanceId: string, from: string | null, to: string): void {
    const had = this.endings.get(instanceId)
    // As SQL's upsert: insert when there is no row; else update only where the end is still `from` (NULL equals nothing).
    if (had !== undefined && (from === null || had !== from)) return
    this.endings.set(instanceId, to)
    this.log.record(() => (had === undefined ? this.endings.delete(instanceId) : this.endings.set(instanceId, had)))
  }

  /** Every audit row, by instance. */
  rows(): Array<{instance_id: string, period_ending: string}> {
    return [...this.endings].sort(([a], [b]) => binaryCompare(a, b)).map(([instance_id, period_ending]) => ({instance_id, period_ending}))
  }

  /** Drop the audit of instances whose rows are gone (compaction). */
  forgetMissing(): number {
    let n = 0
    for (const id of [...this.endings.keys()]) {
      if (this.instances.get(id) === undefined) {
        const had = this.endings.get(id)!
        this.endings.delete(id)
        this.log.record(() => this.endings.set(id, had))
        n++
      }
    }
    return n
  }
}

/** Where the candidates query puts period_ending: after the instance's columns. */
const ENDING = INSTANCE_COLUMNS.split(', ').length

export class SqliteExistsAudit implements ExistsAuditRepository {
  private readonly q

  constructor(db: Database) {
    this.q = statements(db, {
      candidates: {raw: `SELECT ${INSTANCE_COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')}, a.period_ending
        FROM instances i LEFT JOIN exists_audit a ON a.instance_id = i.id
        WHERE i.launched_at IS NOT NULL
          AND ((i.deleted_at IS NULL AND i.status <> 'SHUTDOWN')
            OR (i.deleted_at IS NOT NULL AND (a.period_ending IS NULL OR a.period_ending <> i.deleted_at)))
        ORDER BY i.created_at, i.rowid`},
      // The same, a page at a time: keyset on (created_at, rowid), the order above.
      page: {raw: `SELECT ${INSTANCE_COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')}, a.period_ending, i.rowid
        FROM instances i LEFT JOIN exists_audit a ON a.instance_id = i.id
        WHERE i.launched_at IS NOT NULL
          AND ((i.deleted_at IS NULL AND i.status <> 'SHUTDOWN')
            OR (i.deleted_at IS NOT NULL AND (a.period_ending IS NULL OR a.period_ending <> i.deleted_at)))
          AND (i.created_at > ? OR (i.created_at = ? AND i.rowid > ?))
        ORDER BY i.created_at, i.rowid LIMIT ?`},
      record: `INSERT INTO exists_audit (instance_id, period_ending) VALUES (?, ?)
        ON CONFLICT (instance_id) DO UPDATE SET period_ending = excluded.period_ending WHERE period_ending = ?`,
    })
  }

  candidates(): AuditCandidate[] {
    const rows = this.q.candidates.all() as unknown[][]
    const instances = instancesFromRaw(rows)
    return instances.map((instance, i) => ({instance, ending: rows[i]![ENDING] as string | null}))
  }

  candidatePage(limit: number, cursor?: string): CandidatePage {
    const [created, rowid] = cursor === undefined ? ['', -1] : [cursor.slice(0, cursor.lastIndexOf(' ')), Number(cursor.slice(cursor.lastIndexOf(' ') + 1))]
    const rows = this.q.page.all(created, created, rowid, limit) as unknown[][]
    const instances = instancesFromRaw(rows)
    const candidates = instances.map((instance, i) => ({instance, ending: rows[i]![ENDING] as string | null}))
    const last = rows.at(-1)
    return {candidates, next: rows.length === limit && last ? `${candidates.at(-1)!.instance.created_at} ${String(last[ENDING + 1])}` : undefined}
  }

  record(instanceId: string, from: string | null, to: string): void {
    this.q.record.run(instanceId, to, from)
  }
}
