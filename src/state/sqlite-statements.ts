/**
 * The SQLite backend's statements, owned by the repository that runs them:
 * `statements(db, {name: sql, …})` gives an object whose statements are
 * prepared on first use and kept (preparing costs more than running the
 * small queries; preparing them all at open would slow every command's
 * start-up). A `raw:` entry is kept in raw mode (rows as arrays).
 * `RowWriter` builds the INSERT and UPDATE of a table from the columns given,
 * one prepared statement per column set. Table and column names come from
 * our own code, never from users; values are always bound.
 */
import type BetterSqlite3 from 'better-sqlite3'

export type Database = BetterSqlite3.Database
export type Statement = BetterSqlite3.Statement

/** SQL text, or `{raw: sql}` for a statement that returns rows as arrays. */
export type StatementSpec = string | {readonly raw: string}

/** Statements prepared on first use, once. */
export function statements<K extends string>(db: Database, specs: Record<K, StatementSpec>): Record<K, Statement> {
  const out = {} as Record<K, Statement>
  for (const name of Object.keys(specs) as K[]) {
    Object.defineProperty(out, name, {
      configurable: true,
      enumerable: true,
      get() {
        const spec = specs[name]
        const stmt = typeof spec === 'string' ? db.prepare(spec) : db.prepare(spec.raw).raw(true)
        Object.defineProperty(out, name, {value: stmt, enumerable: true})
        return stmt
      },
    })
  }
  return out
}

/**
 * INSERT of a whole row and UPDATE of some columns by `key` columns, for one
 * table. Values are bound by position in the object's key order (cheaper
 * than named parameters; undefined binds as NULL).
 */
export class RowWriter {
  private readonly inserts = new Map<string, Statement>()
  private readonly updates = new Map<string, Statement>()

  constructor(private readonly db: Database, private readonly table: string, private readonly key: readonly string[] = ['id']) {}

  insert(row: object, orIgnore = false): void {
    const cols = Object.keys(row)
    const sig = (orIgnore ? '!' : '') + cols.join(',')
    let stmt = this.inserts.get(sig)
    if (!stmt) {
      stmt = this.db.prepare(`INSERT${orIgnore ? ' OR IGNORE' : ''} INTO ${this.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      this.inserts.set(sig, stmt)
    }
    stmt.run(Object.values(row).map(nullish))
  }

  /** Set `changes` on the row whose key columns have `keyValues`. */
  update(keyValues: readonly unknown[], changes: object): void {
    const cols = Object.keys(changes)
    if (cols.length === 0) return
    const sig = cols.join(',')
    let stmt = this.updates.get(sig)
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE ${this.table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${this.key.map((k) => `${k} = ?`).join(' AND ')}`)
      this.updates.set(sig, stmt)
    }
    const values: unknown[] = Object.values(changes).map(nullish)
    for (const v of keyValues) values.push(v)
    stmt.run(values)
  }
}

/** An SQLite repository's reads and writes by id, on its table (the aggregate's questions are the subclass's). */
export class SqliteResources<R extends object> {
  protected readonly writer: RowWriter
  private readonly byId

  constructor(db: Database, table: string) {
    this.writer = new RowWriter(db, table)
    this.byId = statements(db, {get: `SELECT * FROM ${table} WHERE id = ?`, remove: `DELETE FROM ${table} WHERE id = ?`})
  }

  get(id: string): R | undefined {
    return this.byId.get.get(id) as R | undefined
  }

  insert(row: R): void {
    this.writer.insert(row)
  }

  update(id: string, changes: Partial<R>): void {
    this.writer.update([id], changes)
  }

  remove(id: string): void {
    this.byId.remove.run(id)
  }
}

/** better-sqlite3 refuses undefined in a parameter list: it is SQL's NULL. */
function nullish(v: unknown): unknown {
  return v === undefined ? null : v
}
