/**
 * The state store: the simulated Trove world in an embedded SQLite file
 * (better-sqlite3, WAL). Several processes may use one file at once: every
 * write runs in a `BEGIN IMMEDIATE` transaction with a busy timeout, so no
 * update is lost. `:memory:` gives a throwaway world.
 */
import {mkdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname} from 'node:path'
import type BetterSqlite3 from 'better-sqlite3'
import {StateError} from '../util/errors.js'
import {insertRow, updateRow} from './rows.js'
import {MIGRATIONS, SEED_DATASTORES, SEED_FLAVORS} from './schema.js'

export type Database = BetterSqlite3.Database

/** A row of `instances`. Times are ISO 8601 strings with Z. */
export interface InstanceRow {
  id: string
  name: string
  tenant_id: string
  user_id: string
  flavor_id: string
  datastore: string
  datastore_version: string
  volume_size: number | null
  volume_type: string | null
  availability_zone: string
  region: string
  status: string
  task: string | null
  nova_instance_id: string
  nova_volume_id: string | null
  cluster_id: string | null
  shard_id: string | null
  replica_of: string | null
  configuration_id: string | null
  restart_required: number
  created_at: string
  launched_at: string | null
  updated_at: string
  deleted_at: string | null
}

export interface FlavorRow {
  id: string
  name: string
  ram: number
  vcpus: number
  disk: number
}

export interface DatastoreRow {
  name: string
  manager: string
  default_version: string
  supports_clusters: number
  supports_users: number
  supports_shards: number
}

export interface ClusterRow {
  id: string
  name: string
  tenant_id: string
  datastore: string
  datastore_version: string
  task: string | null
  created_at: string
  updated_at: string
  deleted_at: string | null
}

export interface BackupRow {
  id: string
  name: string
  tenant_id: string
  instance_id: string
  parent_id: string | null
  description: string | null
  status: string
  size: number | null
  datastore: string
  datastore_version: string
  created_at: string
  updated_at: string
  deleted_at: string | null
}

export interface ConfigurationRow {
  id: string
  name: string
  tenant_id: string
  datastore: string
  datastore_version: string
  description: string | null
  values_json: string
  created_at: string
  updated_at: string
  deleted_at: string | null
}

export interface QuotaUsageRow {
  tenant_id: string
  resource: string
  in_use: number
  reserved: number
  updated_at: string | null
}

const require = createRequire(import.meta.url)

/**
 * An instance row from a raw-mode row (values in INSTANCE_COLUMNS order): a
 * literal with one stable shape, about half the cost of better-sqlite3's row
 * objects on the operations' most frequent lookups. The literal's keys are in
 * the schema's column order and define INSTANCE_COLUMNS, so the two cannot
 * disagree.
 */
function instanceFromRaw(r: readonly unknown[]): InstanceRow {
  return {
    id: r[0], name: r[1], tenant_id: r[2], user_id: r[3], flavor_id: r[4], datastore: r[5], datastore_version: r[6],
    volume_size: r[7], volume_type: r[8], availability_zone: r[9], region: r[10], status: r[11], task: r[12],
    nova_instance_id: r[13], nova_volume_id: r[14], cluster_id: r[15], shard_id: r[16], replica_of: r[17],
    configuration_id: r[18], restart_required: r[19], created_at: r[20], launched_at: r[21], updated_at: r[22], deleted_at: r[23],
  } as InstanceRow
}

/** The columns instanceFromRaw reads, in its order. */
const INSTANCE_COLUMNS = Object.keys(instanceFromRaw([])).join(', ')

/** Statements kept per connection; past this many distinct SQL texts the cache starts over. */
const STATEMENT_CACHE_SIZE = 1000

/** How long a statement waits for another process's lock before "database is locked". */
const BUSY_TIMEOUT_MS = 10_000

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

/**
 * Make `db.prepare(sql)` return a cached statement for SQL it has seen:
 * preparing costs more than running a small query, and operations prepare
 * their queries inline. Safe because statements are only used with
 * run/get/all (none is left mid-`iterate()`); a statement switched to
 * pluck/raw/expand mode keeps that mode in the cache, so such a statement
 * must have SQL text of its own (simulate's raw instance query does).
 */
function cachePrepare(db: Database): void {
  const prepare = db.prepare.bind(db)
  const cache = new Map<string, ReturnType<Database['prepare']>>()
  db.prepare = ((sql: string) => {
    let stmt = cache.get(sql)
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear()
      stmt = prepare(sql)
      cache.set(sql, stmt)
    }
    return stmt
  }) as Database['prepare']
}

export class Store {
  /** One transaction wrapper for every tx() (creating one per call is measurable in simulate's hot path). */
  private readonly transaction: BetterSqlite3.Transaction<(fn: () => unknown) => unknown>

  private constructor(readonly db: Database, readonly path: string) {
    this.transaction = db.transaction((fn: () => unknown) => fn())
  }

  /** Open (creating, migrating and seeding as needed) the store at `path`. */
  static open(path: string): Store {
    const Sqlite = require('better-sqlite3') as typeof BetterSqlite3
    let db: Database
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), {recursive: true})
      db = new Sqlite(path)
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
      if (path !== ':memory:') useWal(db)
      db.pragma('synchronous = NORMAL')
    } catch (err) {
      throw new StateError(`cannot open the state store ${path}: ${(err as Error).message}`,
        'check the path (--state / TROVE_NOTIFY_STATE), or use --state :memory: for a throwaway world')
    }
    const store = new Store(db, path)
    try {
      store.migrate()
    } catch (err) {
      db.close()
      throw new StateError(`the state store ${path} cannot be used: ${(err as Error).message}`,
        'move the file away to start a new world, or use --state :memory:')
    }
    cachePrepare(db)
    return store
  }

  /** Run `fn` in an IMMEDIATE transaction: all or nothing, serialised across processes. Nested calls become savepoints. */
  tx<T>(fn: () => T): T {
    return this.transaction.immediate(fn) as T
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

  // ---- catalogue -------------------------------------------------------

  flavors(): FlavorRow[] {
    return this.db.prepare('SELECT * FROM flavors ORDER BY CAST(id AS INTEGER), id').all() as FlavorRow[]
  }

  /** Flavors and datastores found so far (the seeded catalogue never changes while a process runs). */
  private readonly catalogueMemo = new Map<string, FlavorRow | DatastoreRow>()

  /** A flavor by id or name. */
  flavor(ref: string): FlavorRow | undefined {
    const key = `f:${ref}`
    let row = this.catalogueMemo.get(key) as FlavorRow | undefined
    if (!row) {
      row = this.db.prepare('SELECT * FROM flavors WHERE id = ? OR name = ? ORDER BY id = ? DESC LIMIT 1').get(ref, ref, ref) as FlavorRow | undefined
      if (row) this.catalogueMemo.set(key, row)
    }
    return row
  }

  datastores(): DatastoreRow[] {
    return this.db.prepare('SELECT * FROM datastores ORDER BY name').all() as DatastoreRow[]
  }

  datastore(name: string): DatastoreRow | undefined {
    const key = `d:${name}`
    let row = this.catalogueMemo.get(key) as DatastoreRow | undefined
    if (!row) {
      row = this.db.prepare('SELECT * FROM datastores WHERE name = ?').get(name) as DatastoreRow | undefined
      if (row) this.catalogueMemo.set(key, row)
    }
    return row
  }

  datastoreVersions(datastore: string): string[] {
    let versions = this.versionsMemo.get(datastore)
    if (!versions) {
      versions = (this.db.prepare('SELECT name FROM datastore_versions WHERE datastore = ? AND active = 1 ORDER BY rowid').all(datastore) as Array<{name: string}>).map((r) => r.name)
      if (versions.length > 0) this.versionsMemo.set(datastore, versions)
    }
    return [...versions]
  }

  private readonly versionsMemo = new Map<string, string[]>()

  // ---- instances -------------------------------------------------------

  /** Live (not deleted) instances, optionally of one tenant. */
  instances(tenantId?: string): InstanceRow[] {
    return (tenantId === undefined
      ? this.db.prepare('SELECT * FROM instances WHERE deleted_at IS NULL ORDER BY created_at, rowid').all()
      : this.db.prepare('SELECT * FROM instances WHERE deleted_at IS NULL AND tenant_id = ? ORDER BY created_at, rowid').all(tenantId)) as InstanceRow[]
  }

  /** Live instances whose id or name is `ref` (ids win). Several rows mean the name is ambiguous. */
  instancesByRef(ref: string, tenantId?: string): InstanceRow[] {
    const byId = this.rawInstances(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE id = ? AND deleted_at IS NULL`, ref)
    const rows = byId.length > 0 ? byId : this.rawInstances(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE name = ? AND deleted_at IS NULL ORDER BY created_at`, ref)
    return tenantId === undefined ? rows : rows.filter((r) => r.tenant_id === tenantId)
  }

  instance(id: string): InstanceRow | undefined {
    return this.rawInstances(`SELECT ${INSTANCE_COLUMNS} FROM instances WHERE id = ?`, id)[0]
  }

  /**
   * Instance rows of a query on INSTANCE_COLUMNS, read in raw mode. The SQL
   * texts are used nowhere else (only here are they built from
   * INSTANCE_COLUMNS), so the cached statements' raw mode stays ours.
   */
  private rawInstances(sql: string, param: string): InstanceRow[] {
    return (this.db.prepare(sql).raw(true).all(param) as unknown[][]).map(instanceFromRaw)
  }

  insertInstance(row: InstanceRow): void {
    insertRow(this.db, 'instances', row)
  }

  /** Update some columns of an instance. */
  updateInstance(id: string, changes: Partial<InstanceRow>): void {
    updateRow(this.db, 'instances', id, changes)
  }

  deleteInstanceRow(id: string): void {
    this.db.prepare('DELETE FROM instances WHERE id = ?').run(id)
  }

  /** Every tenant the world knows (from instances, quota usage and overrides). */
  tenants(): string[] {
    return (this.db.prepare(`SELECT tenant_id FROM instances UNION SELECT tenant_id FROM quota_usages
      UNION SELECT tenant_id FROM quotas UNION SELECT tenant_id FROM backups ORDER BY tenant_id`).all() as Array<{tenant_id: string}>).map((r) => r.tenant_id)
  }
}
