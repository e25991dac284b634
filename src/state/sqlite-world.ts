/**
 * The SQLite backend: the world in an embedded SQLite file (better-sqlite3,
 * WAL) that several processes may use at once. Every transaction is
 * `BEGIN IMMEDIATE` with a busy timeout, so no update is lost; the schema
 * comes from numbered migrations and the catalogue from the seed
 * (schema.ts). Each repository owns its statements; only the questions that
 * span tables (tenants, compaction) are asked here.
 */
import {createRequire} from 'node:module'
import type BetterSqlite3 from 'better-sqlite3'
import {StateError} from '../util/errors.js'
import {SqliteBackups} from './backups.js'
import {SqliteCatalogue} from './catalogue.js'
import {SqliteClusters} from './clusters.js'
import {SqliteConfigurations} from './configurations.js'
import {SqliteDatabases, SqliteUsers} from './databases.js'
import {SqliteExistsAudit} from './exists-audit.js'
import {SqliteInFlight} from './in-flight.js'
import {SqliteInstances} from './instances.js'
import {SqliteOutbox} from './outbox.js'
import {SqliteQuotas} from './quotas.js'
import {MIGRATIONS, SEED_DATASTORES, SEED_FLAVORS} from './schema.js'
import {type Database, statements} from './sqlite-statements.js'
import {checkStatePath, readOnlyError} from './state-path.js'
import type {HeldTx, World, WorldDump} from './world.js'

const require = createRequire(import.meta.url)

/** How long a statement waits for another process's lock before "database is locked". */
const BUSY_TIMEOUT_MS = 10_000

export interface OpenOptions {
  /** Create the file's directory when it is missing (only for the default location, never for a path the user gave). */
  readonly createDirectory?: boolean
}

/**
 * Put the file in WAL mode. Converting takes an exclusive lock, and SQLite
 * does not run the busy handler for it when another process holds a write
 * lock: opening a fresh world while another process writes to it failed at
 * once with "database is locked". WAL is a property of the file, so read the
 * mode first (after the first open nothing is locked); otherwise retry, with
 * backoff, within the busy timeout.
 */
function useWal(db: Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS
  for (let waitMs = 5; ; waitMs = Math.min(2 * waitMs, 100)) {
    try {
      if (db.pragma('journal_mode', {simple: true}) === 'wal') return
      if (db.pragma('journal_mode = WAL', {simple: true}) === 'wal') return
    } catch (err) {
      if (!String((err as {code?: string}).code).startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err
    }
    if (Date.now() >= deadline) throw new Error('could not switch the store to WAL mode: it stayed locked')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs) // a synchronous sleep: opening is synchronous
  }
}

export class SqliteWorld implements World {
  readonly backend = 'sqlite' as const
  readonly catalogue: SqliteCatalogue
  readonly instances: SqliteInstances
  readonly clusters: SqliteClusters
  readonly backups: SqliteBackups
  readonly configurations: SqliteConfigurations
  readonly databases: SqliteDatabases
  readonly users: SqliteUsers
  readonly quotas: SqliteQuotas
  readonly existsAudit: SqliteExistsAudit
  readonly outbox: SqliteOutbox
  readonly inFlight: SqliteInFlight
  /** What runs after the outermost transaction commits (afterCommit), and how deep tx() calls are. */
  private readonly committed: Array<() => void> = []
  private depth = 0
  /** One transaction wrapper for every tx() (creating one per call is measurable in simulate's hot path). */
  private readonly transaction: BetterSqlite3.Transaction<(fn: () => unknown) => unknown>
  private readonly q

  private constructor(private readonly db: Database, readonly path: string) {
    this.transaction = db.transaction((fn: () => unknown) => fn())
    this.catalogue = new SqliteCatalogue(db)
    this.instances = new SqliteInstances(db)
    this.clusters = new SqliteClusters(db)
    this.backups = new SqliteBackups(db)
    this.configurations = new SqliteConfigurations(db)
    this.databases = new SqliteDatabases(db)
    this.users = new SqliteUsers(db)
    this.quotas = new SqliteQuotas(db)
    this.existsAudit = new SqliteExistsAudit(db)
    this.outbox = new SqliteOutbox(db)
    this.inFlight = new SqliteInFlight(db)
    this.q = statements(db, {
      tenants: `SELECT tenant_id FROM instances UNION SELECT tenant_id FROM quota_usages
        UNION SELECT tenant_id FROM quotas UNION SELECT tenant_id FROM backups ORDER BY tenant_id`,
      // Compaction, in this order (MemoryWorld.compact does the same). Former members of a live
      // cluster stay: their names are never reused within it.
      compactInstances: `DELETE FROM instances WHERE deleted_at IS NOT NULL AND deleted_at <= ?
        AND (cluster_id IS NULL OR cluster_id NOT IN (SELECT id FROM clusters WHERE deleted_at IS NULL))`,
      compactClusters: 'DELETE FROM clusters WHERE deleted_at IS NOT NULL AND deleted_at <= ?',
      compactBackups: 'DELETE FROM backups WHERE deleted_at IS NOT NULL AND deleted_at <= ?',
      compactConfigurations: 'DELETE FROM configurations WHERE deleted_at IS NOT NULL AND deleted_at <= ?',
      compactDatabases: 'DELETE FROM databases WHERE instance_id NOT IN (SELECT id FROM instances)',
      compactUsers: 'DELETE FROM users WHERE instance_id NOT IN (SELECT id FROM instances)',
      compactAccess: 'DELETE FROM user_access WHERE instance_id NOT IN (SELECT id FROM instances)',
      compactAudit: 'DELETE FROM exists_audit WHERE instance_id NOT IN (SELECT id FROM instances)',
      dumpInstances: 'SELECT * FROM instances ORDER BY created_at, rowid',
      dumpClusters: 'SELECT * FROM clusters ORDER BY created_at, rowid',
      dumpBackups: 'SELECT * FROM backups ORDER BY created_at, rowid',
      dumpConfigurations: 'SELECT * FROM configurations ORDER BY created_at, rowid',
      dumpDatabases: 'SELECT * FROM databases ORDER BY instance_id, name',
      dumpUsers: 'SELECT * FROM users ORDER BY instance_id, name, host',
      dumpAccess: 'SELECT * FROM user_access ORDER BY instance_id, user_name, host, database',
      dumpQuotas: 'SELECT * FROM quotas ORDER BY tenant_id, resource',
      dumpUsages: 'SELECT * FROM quota_usages ORDER BY tenant_id, resource',
      dumpAudit: 'SELECT * FROM exists_audit ORDER BY instance_id',
      dumpInFlight: 'SELECT * FROM operations_in_flight ORDER BY started_at, rowid',
    })
  }

  /** Open (creating, migrating and seeding as needed) the world at `path`; SQLite's own `:memory:` works too. */
  static open(path: string, options: OpenOptions = {}): SqliteWorld {
    const file = path !== ':memory:'
    if (file) checkStatePath(path, options.createDirectory ?? false)
    const Sqlite = require('better-sqlite3') as typeof BetterSqlite3
    let db: Database
    try {
      db = new Sqlite(path)
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
      if (file) useWal(db)
      db.pragma('synchronous = NORMAL')
    } catch (err) {
      throw readOnlyError(path, err) ?? new StateError(`cannot open the state store ${path}: ${(err as Error).message}`,
        'check the path (--state / TROVE_NOTIFY_STATE), or use --state :memory: for a throwaway world')
    }
    const world = new SqliteWorld(db, path)
    try {
      world.migrate()
    } catch (err) {
      db.close()
      throw readOnlyError(path, err) ?? new StateError(`the state store ${path} cannot be used: ${(err as Error).message}`,
        'move the file away to start a new world, or use --state :memory:')
    }
    return world
  }

  tx<T>(fn: () => T): T {
    const mark = this.committed.length
    this.depth++
    let out: T
    try {
      out = this.transaction.immediate(fn) as T
    } catch (err) {
      this.committed.length = mark
      throw err
    } finally {
      this.depth--
    }
    if (this.depth === 0 && this.committed.length > 0) for (const fn of this.committed.splice(0)) fn()
    return out
  }

  hold(): HeldTx {
    const mark = this.committed.length
    this.db.exec('BEGIN IMMEDIATE')
    this.depth++
    let open = true
    const end = (sql: string): void => {
      if (!open) throw new Error('bug: a held transaction ended twice')
      open = false
      this.depth--
      if (sql === 'ROLLBACK') this.committed.length = mark
      if (this.db.inTransaction) this.db.exec(sql) // SQLite may have rolled back on its own (an error inside)
      if (sql === 'COMMIT' && this.depth === 0 && this.committed.length > 0) for (const fn of this.committed.splice(0)) fn()
    }
    return {commit: () => end('COMMIT'), rollback: () => end('ROLLBACK')}
  }

  afterCommit(fn: () => void): void {
    if (this.depth === 0) fn()
    else this.committed.push(fn)
  }

  tenants(): string[] {
    return (this.q.tenants.all() as Array<{tenant_id: string}>).map((r) => r.tenant_id)
  }

  compact(mark: string): number {
    return this.tx(() => {
      const q = this.q
      return [q.compactInstances, q.compactClusters, q.compactBackups, q.compactConfigurations].reduce((n, s) => n + s.run(mark).changes, 0)
        + [q.compactDatabases, q.compactUsers, q.compactAccess, q.compactAudit].reduce((n, s) => n + s.run().changes, 0)
    })
  }

  dump(): WorldDump {
    const q = this.q
    return this.tx(() => ({
      instances: q.dumpInstances.all(), clusters: q.dumpClusters.all(), backups: q.dumpBackups.all(),
      configurations: q.dumpConfigurations.all(), databases: q.dumpDatabases.all(), users: q.dumpUsers.all(),
      user_access: q.dumpAccess.all(), quotas: q.dumpQuotas.all(), quota_usages: q.dumpUsages.all(), exists_audit: q.dumpAudit.all(),
      outbox: this.outbox.rows(), operations_in_flight: q.dumpInFlight.all(),
    })) as WorldDump
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  private migrate(): void {
    const version = (): number => this.db.pragma('user_version', {simple: true}) as number
    if (version() >= MIGRATIONS.length) return
    this.tx(() => {
      const from = version() // re-read inside the lock: another process may have migrated
      if (from > MIGRATIONS.length) throw new Error(`schema version ${from} is newer than this trove-notify knows (${MIGRATIONS.length})`)
      for (let v = from; v < MIGRATIONS.length; v++) this.db.exec(MIGRATIONS[v]!)
      if (from === 0) this.seed()
      this.db.pragma(`user_version = ${MIGRATIONS.length}`)
    })
  }

  private seed(): void {
    const flavor = this.db.prepare('INSERT INTO flavors (id, name, ram, vcpus, disk) VALUES (?, ?, ?, ?, ?)')
    for (const f of SEED_FLAVORS) flavor.run(...f)
    const ds = this.db.prepare(`INSERT INTO datastores (name, manager, default_version, supports_clusters, supports_users, supports_shards)
      VALUES (?, ?, ?, ?, ?, ?)`)
    const ver = this.db.prepare('INSERT INTO datastore_versions (datastore, name) VALUES (?, ?)')
    for (const d of SEED_DATASTORES) {
      ds.run(d.name, d.name, d.defaultVersion, Number(d.clusters), Number(d.users), Number(d.shards))
      for (const v of d.versions) ver.run(d.name, v)
    }
  }
}
