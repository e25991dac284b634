/**
 * What an instance's guest agent keeps: its databases, its users and the
 * users' grants (access to databases). The questions the database and user
 * operations, `database list`, `user list` and `instance show` ask, and the
 * two backends' answers. Lists are sorted as MySQL's SHOW would list them:
 * databases by name, users by name and host, grants by database.
 */
import {binaryCompare, SortedLists, type UndoLog} from './memory-table.js'
import type {DatabaseRow, GrantRow, UserRow} from './rows.js'
import {type Database, RowWriter, statements} from './sqlite-statements.js'

export interface DatabaseRepository {
  /** The databases of an instance, by name. */
  of(instanceId: string): readonly DatabaseRow[]
  get(instanceId: string, name: string): DatabaseRow | undefined
  /** Add a database (it must not exist); `ifAbsent`: leave an existing one as it is. */
  insert(row: DatabaseRow, ifAbsent?: boolean): void
  remove(instanceId: string, name: string): void
  /** Every database of an instance (undoing its create). */
  removeAllOf(instanceId: string): void
}

/** A user of an instance: name and host. */
export interface UserKey {
  readonly name: string
  readonly host: string
}

export interface UserRepository {
  /** The users of an instance, by name and host. */
  of(instanceId: string): readonly UserRow[]
  get(instanceId: string, name: string, host: string): UserRow | undefined
  /** Add a user (it must not exist); `ifAbsent`: leave an existing one as it is. */
  insert(row: UserRow, ifAbsent?: boolean): void
  /** Remove a user and its grants. */
  remove(instanceId: string, user: UserKey): void
  /** Every user of an instance, and their grants (undoing its create). */
  removeAllOf(instanceId: string): void
  /** Rename and/or re-host a user (its grants follow) and set its password hash. */
  move(instanceId: string, from: UserKey, to: UserKey, passwordHash: string): void
  setPassword(instanceId: string, user: UserKey, passwordHash: string): void
  /** The databases a user may access, by name. */
  grants(instanceId: string, user: UserKey): readonly string[]
  /** Every grant on one database of an instance. */
  grantsOn(instanceId: string, database: string): GrantRow[]
  /** Give a user access to a database (granting twice is harmless, as MySQL's GRANT is). */
  grant(instanceId: string, user: UserKey, database: string): void
  revoke(instanceId: string, user: UserKey, database: string): void
  /** Revoke every user's access to one database (it is being dropped). */
  revokeAllOn(instanceId: string, database: string): void
}

// ---- memory ---------------------------------------------------------------

const byName = (a: DatabaseRow, b: DatabaseRow): number => binaryCompare(a.name, b.name)
const byNameHost = (a: UserRow, b: UserRow): number => binaryCompare(a.name, b.name) || binaryCompare(a.host, b.host)
const byUserDatabase = (a: GrantRow, b: GrantRow): number =>
  binaryCompare(a.user_name, b.user_name) || binaryCompare(a.host, b.host) || binaryCompare(a.database, b.database)

/** The error a duplicate key raises (as SQLite's UNIQUE constraint does). */
function duplicate(table: string, what: string): Error {
  return new Error(`UNIQUE constraint failed: ${table} (${what})`)
}

export class MemoryDatabases implements DatabaseRepository {
  private readonly rows: SortedLists<DatabaseRow>

  constructor(log: UndoLog) {
    this.rows = new SortedLists(log, byName)
  }

  of(instanceId: string): readonly DatabaseRow[] {
    return this.rows.of(instanceId)
  }

  get(instanceId: string, name: string): DatabaseRow | undefined {
    return this.rows.of(instanceId).find((d) => d.name === name)
  }

  insert(row: DatabaseRow, ifAbsent = false): void {
    const shaped: DatabaseRow = {
      instance_id: row.instance_id, name: row.name, character_set: row.character_set ?? null, collation: row.collation ?? null, created_at: row.created_at,
    }
    if (!this.rows.add(row.instance_id, shaped) && !ifAbsent) throw duplicate('databases', `${row.instance_id}, ${row.name}`)
  }

  remove(instanceId: string, name: string): void {
    this.rows.remove(instanceId, (d) => d.name === name)
  }

  removeAllOf(instanceId: string): void {
    this.rows.remove(instanceId, () => true)
  }

  /** Instances that have databases (for compaction). */
  instances(): IterableIterator<string> {
    return this.rows.keys()
  }

  /** Every database, by instance and name. */
  all(): DatabaseRow[] {
    return [...this.rows.keys()].sort(binaryCompare).flatMap((id) => this.rows.of(id))
  }
}

export class MemoryUsers implements UserRepository {
  private readonly users: SortedLists<UserRow>
  private readonly access: SortedLists<GrantRow>

  constructor(log: UndoLog) {
    this.users = new SortedLists(log, byNameHost)
    this.access = new SortedLists(log, byUserDatabase)
  }

  of(instanceId: string): readonly UserRow[] {
    return this.users.of(instanceId)
  }

  get(instanceId: string, name: string, host: string): UserRow | undefined {
    return this.users.of(instanceId).find((u) => u.name === name && u.host === host)
  }

  insert(row: UserRow, ifAbsent = false): void {
    const shaped: UserRow = {instance_id: row.instance_id, name: row.name, host: row.host, password_hash: row.password_hash, created_at: row.created_at}
    if (!this.users.add(row.instance_id, shaped) && !ifAbsent) throw duplicate('users', `${row.instance_id}, ${row.name}, ${row.host}`)
  }

  remove(instanceId: string, user: UserKey): void {
    this.users.remove(instanceId, (u) => u.name === user.name && u.host === user.host)
    this.access.remove(instanceId, (g) => g.user_name === user.name && g.host === user.host)
  }

  /** Returns the rows removed (users and grants). */
  removeAllOf(instanceId: string): number {
    return this.users.remove(instanceId, () => true).length + this.access.remove(instanceId, () => true).length
  }

  move(instanceId: string, from: UserKey, to: UserKey, passwordHash: string): void {
    const [row] = this.users.remove(instanceId, (u) => u.name === from.name && u.host === from.host)
    if (row) this.users.add(instanceId, {...row, name: to.name, host: to.host, password_hash: passwordHash})
    const grants = this.access.remove(instanceId, (g) => g.user_name === from.name && g.host === from.host)
    for (const g of grants) this.access.add(instanceId, {...g, user_name: to.name, host: to.host})
  }

  setPassword(instanceId: string, user: UserKey, passwordHash: string): void {
    this.move(instanceId, user, user, passwordHash)
  }

  grants(instanceId: string, user: UserKey): readonly string[] {
    const out: string[] = []
    for (const g of this.access.of(instanceId)) if (g.user_name === user.name && g.host === user.host) out.push(g.database)
    return out
  }

  grantsOn(instanceId: string, database: string): GrantRow[] {
    return this.access.of(instanceId).filter((g) => g.database === database)
  }

  grant(instanceId: string, user: UserKey, database: string): void {
    this.access.add(instanceId, {instance_id: instanceId, user_name: user.name, host: user.host, database})
  }

  revoke(instanceId: string, user: UserKey, database: string): void {
    this.access.remove(instanceId, (g) => g.user_name === user.name && g.host === user.host && g.database === database)
  }

  revokeAllOn(instanceId: string, database: string): void {
    this.access.remove(instanceId, (g) => g.database === database)
  }

  /** Instances that have users or grants (for compaction). */
  instances(): Set<string> {
    return new Set([...this.users.keys(), ...this.access.keys()])
  }

  /** Every user and grant, by instance and key. */
  rows(): {users: UserRow[], grants: GrantRow[]} {
    const ids = [...this.instances()].sort(binaryCompare)
    return {users: ids.flatMap((id) => this.users.of(id)), grants: ids.flatMap((id) => this.access.of(id))}
  }
}

// ---- SQLite ---------------------------------------------------------------

export class SqliteDatabases implements DatabaseRepository {
  private readonly q
  private readonly writer: RowWriter

  constructor(db: Database) {
    this.q = statements(db, {
      of: 'SELECT * FROM databases WHERE instance_id = ? ORDER BY name',
      get: 'SELECT * FROM databases WHERE instance_id = ? AND name = ?',
      remove: 'DELETE FROM databases WHERE instance_id = ? AND name = ?',
      removeAllOf: 'DELETE FROM databases WHERE instance_id = ?',
    })
    this.writer = new RowWriter(db, 'databases', ['instance_id', 'name'])
  }

  of(instanceId: string): readonly DatabaseRow[] {
    return this.q.of.all(instanceId) as DatabaseRow[]
  }

  get(instanceId: string, name: string): DatabaseRow | undefined {
    return this.q.get.get(instanceId, name) as DatabaseRow | undefined
  }

  insert(row: DatabaseRow, ifAbsent = false): void {
    this.writer.insert({instance_id: row.instance_id, name: row.name, character_set: row.character_set, collation: row.collation, created_at: row.created_at}, ifAbsent)
  }

  remove(instanceId: string, name: string): void {
    this.q.remove.run(instanceId, name)
  }

  removeAllOf(instanceId: string): void {
    this.q.removeAllOf.run(instanceId)
  }
}

export class SqliteUsers implements UserRepository {
  private readonly q
  private readonly writer: RowWriter

  constructor(db: Database) {
    this.q = statements(db, {
      of: 'SELECT * FROM users WHERE instance_id = ? ORDER BY name, host',
      get: 'SELECT * FROM users WHERE instance_id = ? AND name = ? AND host = ?',
      remove: 'DELETE FROM users WHERE instance_id = ? AND name = ? AND host = ?',
      removeAccess: 'DELETE FROM user_access WHERE instance_id = ? AND user_name = ? AND host = ?',
      removeAllOf: 'DELETE FROM users WHERE instance_id = ?',
      removeAllAccessOf: 'DELETE FROM user_access WHERE instance_id = ?',
      move: 'UPDATE users SET name = ?, host = ?, password_hash = ? WHERE instance_id = ? AND name = ? AND host = ?',
      moveAccess: 'UPDATE user_access SET user_name = ?, host = ? WHERE instance_id = ? AND user_name = ? AND host = ?',
      setPassword: 'UPDATE users SET password_hash = ? WHERE instance_id = ? AND name = ? AND host = ?',
      grants: 'SELECT database FROM user_access WHERE instance_id = ? AND user_name = ? AND host = ? ORDER BY database',
      grantsOn: 'SELECT * FROM user_access WHERE instance_id = ? AND database = ?',
      grant: 'INSERT OR IGNORE INTO user_access (instance_id, user_name, host, database) VALUES (?, ?, ?, ?)',
      revoke: 'DELETE FROM user_access WHERE instance_id = ? AND user_name = ? AND host = ? AND database = ?',
      revokeAllOn: 'DELETE FROM user_access WHERE instance_id = ? AND database = ?',
    })
    this.writer = new RowWriter(db, 'users', ['instance_id', 'name', 'host'])
  }

  of(instanceId: string): readonly UserRow[] {
    return this.q.of.all(instanceId) as UserRow[]
  }

  get(instanceId: string, name: string, host: string): UserRow | undefined {
    return this.q.get.get(instanceId, name, host) as UserRow | undefined
  }

  insert(row: UserRow, ifAbsent = false): void {
    this.writer.insert({instance_id: row.instance_id, name: row.name, host: row.host, password_hash: row.password_hash, created_at: row.created_at}, ifAbsent)
  }

  remove(instanceId: string, user: UserKey): void {
    this.q.remove.run(instanceId, user.name, user.host)
    this.q.removeAccess.run(instanceId, user.name, user.host)
  }

  removeAllOf(instanceId: string): void {
    this.q.removeAllOf.run(instanceId)
    this.q.removeAllAccessOf.run(instanceId)
  }

  move(instanceId: string, from: UserKey, to: UserKey, passwordHash: string): void {
    this.q.move.run(to.name, to.host, passwordHash, instanceId, from.name, from.host)
    this.q.moveAccess.run(to.name, to.host, instanceId, from.name, from.host)
  }

  setPassword(instanceId: string, user: UserKey, passwordHash: string): void {
    this.q.setPassword.run(passwordHash, instanceId, user.name, user.host)
  }

  grants(instanceId: string, user: UserKey): readonly string[] {
    return (this.q.grants.all(instanceId, user.name, user.host) as Array<{database: string}>).map((r) => r.database)
  }

  grantsOn(instanceId: string, database: string): GrantRow[] {
    return this.q.grantsOn.all(instanceId, database) as GrantRow[]
  }

  grant(instanceId: string, user: UserKey, database: string): void {
    this.q.grant.run(instanceId, user.name, user.host, database)
  }

  revoke(instanceId: string, user: UserKey, database: string): void {
    this.q.revoke.run(instanceId, user.name, user.host, database)
  }

  revokeAllOn(instanceId: string, database: string): void {
    this.q.revokeAllOn.run(instanceId, database)
  }
}
