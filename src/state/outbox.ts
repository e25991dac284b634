/**
 * The transactional outbox (issue 15): every notification's final bytes
 * (the encoded oslo envelope), its message_id and routing key, written in
 * the same world transaction as the state change that causes it, and
 * removed once the broker confirmed it. So the world never changes without
 * its notifications being durably on their way: a process that dies before
 * the confirm leaves the rows, and the next command that opens the state
 * sends them again (the same bytes, the same message_id: at most an
 * identical repeat, never a different message).
 *
 * Each row names its owner (`host:pid` of the process that queued it); a
 * process drains only rows whose owner is gone (outbox-delivery.ts decides
 * who is gone), taking them over first, so two processes never send one
 * row at once.
 */
import type {UndoLog} from './memory-table.js'
import {type Database, statements} from './sqlite-statements.js'

export interface OutboxRow {
  /** Insertion order: rows are sent again in the order they were queued. */
  readonly seq: number
  readonly message_id: string
  readonly routing_key: string
  /** The exchange it was meant for (a drain sends only its own exchange's rows). */
  readonly exchange: string
  readonly body: Buffer
  /** `host:pid` of the process that queued (or took over) the row. */
  readonly owner: string
  readonly created_at: string
}

export type NewOutboxRow = Omit<OutboxRow, 'seq'>

export interface OutboxRepository {
  /** Queue one message for one routing key; returns its seq. */
  put(row: NewOutboxRow): number
  /** The broker confirmed these. */
  remove(seqs: readonly number[]): void
  /** The owners that have rows, sorted. */
  owners(): string[]
  /** Give every row of `from` (of `exchange`) to `to`, and return them in seq order (call it inside a tx). */
  adopt(from: string, to: string, exchange: string): OutboxRow[]
  /** How many rows wait. */
  count(): number
  /** Every row, in seq order. */
  rows(): OutboxRow[]
}

export class MemoryOutbox implements OutboxRepository {
  private readonly bySeq = new Map<number, OutboxRow>()
  private next = 1

  constructor(private readonly log: UndoLog) {}

  put(row: NewOutboxRow): number {
    const seq = this.next++
    this.bySeq.set(seq, {seq, ...row})
    this.log.record(() => this.bySeq.delete(seq))
    return seq
  }

  remove(seqs: readonly number[]): void {
    for (const seq of seqs) {
      const had = this.bySeq.get(seq)
      if (had === undefined) continue
      this.bySeq.delete(seq)
      this.log.record(() => this.bySeq.set(seq, had))
    }
  }

  owners(): string[] {
    return [...new Set([...this.bySeq.values()].map((r) => r.owner))].sort()
  }

  adopt(from: string, to: string, exchange: string): OutboxRow[] {
    const out: OutboxRow[] = []
    for (const [seq, row] of this.bySeq) {
      if (row.owner !== from || row.exchange !== exchange) continue
      const taken = {...row, owner: to}
      this.bySeq.set(seq, taken)
      this.log.record(() => this.bySeq.set(seq, row))
      out.push(taken)
    }
    return out.sort((a, b) => a.seq - b.seq)
  }

  count(): number {
    return this.bySeq.size
  }

  rows(): OutboxRow[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq)
  }
}

export class SqliteOutbox implements OutboxRepository {
  private readonly q

  constructor(db: Database) {
    this.q = statements(db, {
      put: 'INSERT INTO outbox (message_id, routing_key, exchange, body, owner, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      remove: 'DELETE FROM outbox WHERE seq = ?',
      owners: 'SELECT DISTINCT owner FROM outbox ORDER BY owner',
      adopt: 'UPDATE outbox SET owner = ? WHERE owner = ? AND exchange = ?',
      owned: 'SELECT * FROM outbox WHERE owner = ? AND exchange = ? ORDER BY seq',
      count: 'SELECT COUNT(*) AS n FROM outbox',
      rows: 'SELECT * FROM outbox ORDER BY seq',
    })
  }

  put(row: NewOutboxRow): number {
    return Number(this.q.put.run(row.message_id, row.routing_key, row.exchange, row.body, row.owner, row.created_at).lastInsertRowid)
  }

  remove(seqs: readonly number[]): void {
    for (const seq of seqs) this.q.remove.run(seq)
  }

  owners(): string[] {
    return (this.q.owners.all() as Array<{owner: string}>).map((r) => r.owner)
  }

  adopt(from: string, to: string, exchange: string): OutboxRow[] {
    const rows = this.q.owned.all(from, exchange) as OutboxRow[]
    this.q.adopt.run(to, from, exchange)
    return rows.map((r) => ({...r, owner: to}))
  }

  count(): number {
    return (this.q.count.get() as {n: number}).n
  }

  rows(): OutboxRow[] {
    return this.q.rows.all() as OutboxRow[]
  }
}
