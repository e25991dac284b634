/**
 * Operations in flight (issue 15): while an operation runs, a row names its
 * owner (host, pid, when it started, its deadline: the work's delay plus a
 * margin) and carries, as JSON, what is needed to end it if the owner
 * cannot: the operation, request_id, the facts its `.start` was built
 * from, the dialect, and the undo steps registered so far (as data, see
 * operations/undo.ts). The row is written in the transaction that queues
 * `.start` and removed in the one that queues `.end` or `.error`; a row
 * still there whose owner is gone, or whose deadline passed, is an
 * abandoned operation that the next command ends (operations/recovery.ts).
 */
import type {UndoLog} from './memory-table.js'
import {type Database, statements} from './sqlite-statements.js'

export interface InFlightRow {
  readonly request_id: string
  readonly operation: string
  readonly owner_host: string
  readonly owner_pid: number
  /** ISO time the operation started, and the time by which it must have ended. */
  readonly started_at: string
  readonly deadline: string
  /** JSON: what recovery needs (operations/recovery.ts's Abandoned). */
  readonly record: string
}

export interface InFlightRepository {
  begin(row: InFlightRow): void
  /** Replace the record (undo steps grew); nothing when the row is gone. */
  update(requestId: string, record: string): void
  /** The operation ended (its `.end` or `.error` is queued in the same tx). */
  end(requestId: string): void
  get(requestId: string): InFlightRow | undefined
  /** Every operation in flight, oldest first. */
  all(): InFlightRow[]
  /** Take over an operation from `pid` of `host` (nothing when someone else already did): true when taken. */
  takeOver(requestId: string, from: {host: string, pid: number}, to: {host: string, pid: number}): boolean
}

export class MemoryInFlight implements InFlightRepository {
  private readonly rowsById = new Map<string, InFlightRow>()

  constructor(private readonly log: UndoLog) {}

  private set(id: string, row: InFlightRow | undefined): void {
    const had = this.rowsById.get(id)
    if (row === undefined) this.rowsById.delete(id)
    else this.rowsById.set(id, row)
    this.log.record(() => (had === undefined ? this.rowsById.delete(id) : this.rowsById.set(id, had)))
  }

  begin(row: InFlightRow): void {
    this.set(row.request_id, row)
  }

  update(requestId: string, record: string): void {
    const had = this.rowsById.get(requestId)
    if (had) this.set(requestId, {...had, record})
  }

  end(requestId: string): void {
    if (this.rowsById.has(requestId)) this.set(requestId, undefined)
  }

  get(requestId: string): InFlightRow | undefined {
    return this.rowsById.get(requestId)
  }

  all(): InFlightRow[] {
    return [...this.rowsById.values()].sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : 0))
  }

  takeOver(requestId: string, from: {host: string, pid: number}, to: {host: string, pid: number}): boolean {
    const had = this.rowsById.get(requestId)
    if (!had || had.owner_host !== from.host || had.owner_pid !== from.pid) return false
    this.set(requestId, {...had, owner_host: to.host, owner_pid: to.pid})
    return true
  }
}

export class SqliteInFlight implements InFlightRepository {
  private readonly q

  constructor(db: Database) {
    this.q = statements(db, {
      begin: `INSERT INTO operations_in_flight (request_id, operation, owner_host, owner_pid, started_at, deadline, record)
        VALUES (?, ?, ?, ?, ?, ?, ?)`,
      update: 'UPDATE operations_in_flight SET record = ? WHERE request_id = ?',
      end: 'DELETE FROM operations_in_flight WHERE request_id = ?',
      get: 'SELECT * FROM operations_in_flight WHERE request_id = ?',
      all: 'SELECT * FROM operations_in_flight ORDER BY started_at, rowid',
      takeOver: `UPDATE operations_in_flight SET owner_host = ?, owner_pid = ?
        WHERE request_id = ? AND owner_host = ? AND owner_pid = ?`,
    })
  }

  begin(r: InFlightRow): void {
    this.q.begin.run(r.request_id, r.operation, r.owner_host, r.owner_pid, r.started_at, r.deadline, r.record)
  }

  update(requestId: string, record: string): void {
    this.q.update.run(record, requestId)
  }

  end(requestId: string): void {
    this.q.end.run(requestId)
  }

  get(requestId: string): InFlightRow | undefined {
    return this.q.get.get(requestId) as InFlightRow | undefined
  }

  all(): InFlightRow[] {
    return this.q.all.all() as InFlightRow[]
  }

  takeOver(requestId: string, from: {host: string, pid: number}, to: {host: string, pid: number}): boolean {
    return this.q.takeOver.run(to.host, to.pid, requestId, from.host, from.pid).changes === 1
  }
}
