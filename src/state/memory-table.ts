/**
 * The memory backend's building blocks: plain maps and ordered lists, with
 * an undo log that gives them SQLite's transaction semantics.
 *
 * - `UndoLog.run(fn)` is a transaction: every change made inside records how
 *   to undo itself; if `fn` throws, the changes are undone newest first and
 *   the error goes on. Nested runs are savepoints (an inner failure undoes
 *   only the inner changes), as better-sqlite3's nested transactions are.
 *   Outside a transaction a change is final at once (SQLite's autocommit).
 * - `ResourceTable` holds rows with an id in the order SQLite's
 *   `ORDER BY created_at, rowid` gives (insertion order standing for rowid;
 *   a row a rollback puts back keeps its place), with secondary indexes: a
 *   list handed out is a snapshot that no later change touches, so callers
 *   may keep it (and memoise on it).
 * - `SortedLists` holds rows without an id (databases, users, grants)
 *   grouped by a key, each group sorted as the SQLite queries sort it.
 *
 * Rows are replaced on update, never changed in place: a row read before an
 * update still shows the values it had (operations keep them to undo).
 */

/** A transaction log of undo steps. */
export class UndoLog {
  private readonly undos: Array<() => void> = []
  /** What runs once the outermost transaction commits (World.afterCommit). */
  private readonly committed: Array<() => void> = []
  private depth = 0

  /** Run `fn` as a transaction (a savepoint when nested): all of it, or none of it. */
  run<T>(fn: () => T): T {
    const mark = this.undos.length
    const after = this.committed.length
    this.depth++
    let out: T
    try {
      out = fn()
      if (typeof (out as {then?: unknown} | undefined)?.then === 'function') {
        throw new TypeError('Transaction function cannot return a promise (its changes would outlive the transaction)')
      }
    } catch (err) {
      for (let i = this.undos.length - 1; i >= mark; i--) this.undos[i]!()
      this.undos.length = mark
      this.committed.length = after
      throw err
    } finally {
      if (--this.depth === 0) this.undos.length = 0
    }
    if (this.depth === 0 && this.committed.length > 0) for (const f of this.committed.splice(0)) f()
    return out
  }

  /** A transaction held open until commit() or rollback() (World.hold). */
  hold(): {commit(): void, rollback(): void} {
    const mark = this.undos.length
    const after = this.committed.length
    this.depth++
    let open = true
    const end = (commit: boolean): void => {
      if (!open) throw new Error('bug: a held transaction ended twice')
      open = false
      if (!commit) {
        for (let i = this.undos.length - 1; i >= mark; i--) this.undos[i]!()
        this.undos.length = mark
        this.committed.length = after
      }
      if (--this.depth === 0) {
        this.undos.length = 0
        if (commit && this.committed.length > 0) for (const f of this.committed.splice(0)) f()
      }
    }
    return {commit: () => end(true), rollback: () => end(false)}
  }

  /** Run `fn` when the transaction open now commits (at once outside one). */
  afterCommit(fn: () => void): void {
    if (this.depth === 0) fn()
    else this.committed.push(fn)
  }

  /** Remember how to undo a change just made (nothing to remember outside a transaction). */
  record(undo: () => void): void {
    if (this.depth > 0) this.undos.push(undo)
  }
}

/**
 * SQLite's BINARY collation (memcmp of UTF-8, i.e. code point order) on JS
 * strings, whose own `<` compares UTF-16 units and puts characters above
 * U+FFFF before U+E000–U+FFFF.
 */
export function binaryCompare(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff
      const ys = y >= 0xd800 && y <= 0xdfff
      // A surrogate starts a code point above U+FFFF: greater than any other unit.
      if (xs !== ys) return xs ? 1 : -1
      return x - y
    }
  }
  return a.length - b.length
}

/** A new sorted array with `row` inserted after every element not greater than it. */
function inserted<R>(list: readonly R[], row: R, cmp: (a: R, b: R) => number): R[] {
  let i = list.length
  while (i > 0 && cmp(list[i - 1]!, row) > 0) i--
  const out = list.slice(0, i)
  out.push(row)
  for (let j = i; j < list.length; j++) out.push(list[j]!)
  return out
}

/** Where an index files a row: a key, or undefined for "not in this index". */
export type IndexKey<R> = (row: R) => string | undefined

const NONE: readonly never[] = Object.freeze([])

/** The rows an index files under one key: their ids in order, and the row list last handed out (undefined: read it again). */
interface Filed<R> {
  readonly ids: string[]
  rows?: readonly R[]
}

/**
 * Rows with an id, in `created_at, rowid` order, with named secondary
 * indexes. An index keeps ids; the list of rows it hands out is built when
 * first asked for after a change and kept until the next change of one of
 * its rows, so an update costs a mark, and a read of an unchanged list
 * costs nothing (and is the same array: callers may memoise on it).
 */
export class ResourceTable<R extends {readonly id: string, readonly created_at: string}, I extends string = string> {
  private readonly rows = new Map<string, R>()
  private readonly seqs = new Map<string, number>()
  private nextSeq = 0
  private readonly indexes: ReadonlyArray<{readonly key: IndexKey<R>, readonly groups: Map<string, Filed<R>>}>
  private readonly position: Readonly<Record<I, number>>
  /** ORDER BY created_at, rowid. */
  readonly order = (a: R, b: R): number =>
    a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : this.seqs.get(a.id)! - this.seqs.get(b.id)!

  /**
   * `table` names the table in errors; `indexes` maps each index name to
   * the key it files a row under; `shape` builds a row with the table's
   * columns in their order (undefined becoming null), as SQLite returns it.
   */
  constructor(private readonly log: UndoLog, private readonly table: string,
    indexes: Record<I, IndexKey<R>>, private readonly shape: (row: R) => R) {
    const entries = Object.entries(indexes) as Array<[I, IndexKey<R>]>
    this.indexes = entries.map(([, key]) => ({key, groups: new Map()}))
    this.position = Object.fromEntries(entries.map(([name], i) => [name, i])) as Record<I, number>
  }

  get(id: string): R | undefined {
    return this.rows.get(id)
  }

  /** The rows an index files under `key`, in order (a snapshot: later changes build a new list). */
  list(index: I, key: string): readonly R[] {
    const filed = this.indexes[this.position[index]]!.groups.get(key)
    if (!filed) return NONE
    return filed.rows ??= filed.ids.map((id) => this.rows.get(id)!)
  }

  /** Every row, in order (sorted on demand: for the rare whole-table reads). */
  all(): R[] {
    return [...this.rows.values()].sort(this.order)
  }

  get size(): number {
    return this.rows.size
  }

  insert(row: R): void {
    if (this.rows.has(row.id)) throw new Error(`UNIQUE constraint failed: ${this.table}.id`)
    const shaped = this.shape(row)
    this.put(shaped, this.nextSeq++)
    this.log.record(() => this.drop(shaped))
  }

  /** Change some columns (undefined becomes null); an unknown id changes nothing, as an UPDATE would. */
  update(id: string, changes: Partial<R>): void {
    const old = this.rows.get(id)
    if (!old) return
    const row = {...old} as Record<string, unknown>
    for (const k in changes) {
      const v = changes[k]
      row[k] = v === undefined ? null : v
    }
    this.replace(old, row as R)
    this.log.record(() => this.replace(row as R, old))
  }

  remove(id: string): void {
    const old = this.rows.get(id)
    if (!old) return
    const seq = this.seqs.get(id)!
    this.drop(old)
    this.log.record(() => this.put(old, seq))
  }

  private put(row: R, seq: number): void {
    this.rows.set(row.id, row)
    this.seqs.set(row.id, seq)
    for (const index of this.indexes) {
      const k = index.key(row)
      if (k !== undefined) this.file(index.groups, k, row)
    }
  }

  private drop(row: R): void {
    for (const index of this.indexes) {
      const k = index.key(row)
      if (k !== undefined) this.unfile(index.groups, k, row.id)
    }
    this.rows.delete(row.id)
    this.seqs.delete(row.id)
  }

  private replace(old: R, row: R): void {
    this.rows.set(row.id, row)
    const moved = old.created_at !== row.created_at
    for (const index of this.indexes) {
      const from = index.key(old)
      const to = index.key(row)
      if (from === to && !moved) {
        if (from !== undefined) index.groups.get(from)!.rows = undefined
      } else {
        if (from !== undefined) this.unfile(index.groups, from, row.id)
        if (to !== undefined) this.file(index.groups, to, row)
      }
    }
  }

  /** File `row` (already in `rows`) under `key`, after every row not after it. */
  private file(groups: Map<string, Filed<R>>, key: string, row: R): void {
    let filed = groups.get(key)
    if (!filed) groups.set(key, filed = {ids: []})
    const {ids} = filed
    let i = ids.length
    while (i > 0 && this.order(this.rows.get(ids[i - 1]!)!, row) > 0) i--
    ids.splice(i, 0, row.id)
    filed.rows = undefined
  }

  private unfile(groups: Map<string, Filed<R>>, key: string, id: string): void {
    const filed = groups.get(key)
    if (!filed) return
    const i = filed.ids.indexOf(id)
    if (i < 0) return
    if (filed.ids.length === 1) {
      groups.delete(key)
      return
    }
    filed.ids.splice(i, 1)
    filed.rows = undefined
  }
}

/** Rows grouped by a key, each group sorted by `cmp` and unique by it (a primary key). */
export class SortedLists<R> {
  private readonly groups = new Map<string, readonly R[]>()

  constructor(private readonly log: UndoLog, private readonly cmp: (a: R, b: R) => number) {}

  of(key: string): readonly R[] {
    return this.groups.get(key) ?? NONE
  }

  /** The row of the group equal to `probe` under `cmp`. */
  find(key: string, probe: R): R | undefined {
    return this.of(key).find((r) => this.cmp(r, probe) === 0)
  }

  /** Add a row; false (and nothing changed) when the group has one equal to it. */
  add(key: string, row: R): boolean {
    const list = this.of(key)
    if (list.some((r) => this.cmp(r, row) === 0)) return false
    this.groups.set(key, inserted(list, row, this.cmp))
    this.log.record(() => this.set(key, list))
    return true
  }

  /** Remove the rows of a group that `match`; returns them. */
  remove(key: string, match: (row: R) => boolean): R[] {
    const list = this.of(key)
    const gone = list.filter(match)
    if (gone.length === 0) return gone
    this.set(key, list.filter((r) => !match(r)))
    this.log.record(() => this.set(key, list))
    return gone
  }

  /** Every key with a group. */
  keys(): IterableIterator<string> {
    return this.groups.keys()
  }

  private set(key: string, list: readonly R[]): void {
    if (list.length === 0) this.groups.delete(key)
    else this.groups.set(key, list)
  }
}

/** A memory repository's reads and writes by id, on its table (the aggregate's questions are the subclass's). */
export class MemoryResources<R extends {readonly id: string, readonly created_at: string}, I extends string> {
  constructor(protected readonly t: ResourceTable<R, I>) {}

  get(id: string): R | undefined {
    return this.t.get(id)
  }

  insert(row: R): void {
    this.t.insert(row)
  }

  update(id: string, changes: Partial<R>): void {
    this.t.update(id, changes)
  }

  remove(id: string): void {
    this.t.remove(id)
  }
}

/**
 * Live rows of a tenant whose id or name is `ref`: the row with that id,
 * else every row of that name, oldest first (several: the name is
 * ambiguous). The table must index live rows by name as `name`.
 */
export function liveRef<R extends {readonly id: string, readonly created_at: string, readonly tenant_id: string, readonly deleted_at: string | null}>(
  t: ResourceTable<R, 'name' | string>, ref: string, tenantId: string): R[] {
  const byId = t.get(ref)
  if (byId && byId.deleted_at === null && byId.tenant_id === tenantId) return [byId]
  return t.list('name', ref).filter((r) => r.tenant_id === tenantId)
}
