/**
 * The simulated Trove world: one typed repository per aggregate, and
 * transactions over all of them. This folder is the only code that knows
 * how the world is kept; operations, periodic jobs, simulate and the
 * read-only commands ask these repositories their questions.
 *
 * Two backends answer the same interfaces, and one contract suite
 * (test/unit/*-rules.test.js, test/unit/state-repositories.test.js) runs
 * against both, so they cannot drift:
 *   - SQLite (sqlite-world.ts): a file several processes share (WAL, busy
 *     timeout, IMMEDIATE transactions, migrations) — the commands' world;
 *   - memory (memory-world.ts): plain maps and indexes, no SQL — simulate's
 *     own worlds, and any `:memory:` world (a throwaway one either way).
 * open-world.ts picks one for a path.
 *
 * `tx(fn)` runs `fn` as one transaction of every repository: if it throws,
 * nothing it changed remains (nested calls are savepoints). That is what
 * lets a state change and what it causes commit together — e.g. the
 * transactional outbox (issue 15): a repository holding each message's
 * final bytes and message_id, written in the same `tx` as the change.
 *
 * Adding a repository (an outbox, the owner records of operations in
 * flight, …):
 *   1. a file of its own here with its interface and both classes (quotas.ts
 *      is a small example; a resource with an id extends ResourceRepository,
 *      its classes MemoryResources and SqliteResources): the memory class
 *      keeps plain maps and calls `log.record(undo)` after each change (or
 *      uses ResourceTable / SortedLists from memory-table.ts, which do), the
 *      SQLite class owns its statements (`statements(db, {...})`, prepared on
 *      first use);
 *   2. for SQLite, a new migration in schema.ts creating its table;
 *   3. a field in `World` below, built in MemoryWorld's and SqliteWorld's
 *      constructors (and its rows in their `compact()` if they outlive
 *      their instance);
 *   4. its questions in test/unit/state-repositories.test.js, which runs
 *      every case against both backends.
 */
import type {BackupRepository} from './backups.js'
import type {Catalogue} from './catalogue.js'
import type {ClusterRepository} from './clusters.js'
import type {ConfigurationRepository} from './configurations.js'
import type {DatabaseRepository, UserRepository} from './databases.js'
import type {ExistsAuditRepository} from './exists-audit.js'
import type {InFlightRepository, InFlightRow} from './in-flight.js'
import type {InstanceRepository} from './instances.js'
import type {OutboxRepository, OutboxRow} from './outbox.js'
import type {QuotaRepository} from './quotas.js'
import type {
  BackupRow, ClusterRow, ConfigurationRow, DatabaseRow, GrantRow, InstanceRow, QuotaUsageRow, UserRow,
} from './rows.js'

export type Backend = 'sqlite' | 'memory'

export interface World {
  readonly backend: Backend
  /** The SQLite file, or `:memory:`. */
  readonly path: string
  readonly catalogue: Catalogue
  readonly instances: InstanceRepository
  readonly clusters: ClusterRepository
  readonly backups: BackupRepository
  readonly configurations: ConfigurationRepository
  readonly databases: DatabaseRepository
  readonly users: UserRepository
  readonly quotas: QuotaRepository
  readonly existsAudit: ExistsAuditRepository
  /** Messages queued with the change that caused them, until the broker confirmed them (outbox.ts). */
  readonly outbox: OutboxRepository
  /** Operations in progress: owner, deadline, how to end them (in-flight.ts). */
  readonly inFlight: InFlightRepository
  /**
   * Run `fn` once the transaction open now commits (at once when none is
   * open); never if it rolls back (a savepoint that rolls back drops what
   * was registered inside it). The outbox sends its rows from here, so
   * nothing reaches the wire before its change is committed.
   */
  afterCommit(fn: () => void): void
  /**
   * Open a transaction held across turns of the event loop (an operation's
   * steps between its awaits, operations/lifecycle.ts): tx() calls made
   * while it is held are savepoints in it. Only for one caller at a time
   * (a command's operation), never while others share the world
   * (simulate), and never across I/O that waits (it holds the write lock).
   */
  hold(): HeldTx
  /** Run `fn` as one transaction (serialised across processes on SQLite); nested calls are savepoints. `fn` must be synchronous. */
  tx<T>(fn: () => T): T
  /** Every tenant the world knows (from instances, backups, quota usage and overrides), sorted. */
  tenants(): string[]
  /**
   * Remove what was deleted at or before `mark` (ISO time), with what hung
   * off it; returns the rows removed. Only for a world nobody keeps
   * (simulate's own): every decision and operation reads live rows only.
   */
  compact(mark: string): number
  /** Every row the world holds, table by table, in a fixed order (tests compare backends and check that a failure changed nothing). */
  dump(): WorldDump
  close(): void
}

/** A transaction held open (World.hold): commit it, or roll it back, once. */
export interface HeldTx {
  commit(): void
  rollback(): void
}

/** A tenant's own limit of a resource. */
export interface QuotaLimitRow {
  readonly tenant_id: string
  readonly resource: string
  readonly hard_limit: number
}

export interface ExistsAuditRow {
  readonly instance_id: string
  readonly period_ending: string
}

/**
 * The whole world as rows, named as the SQLite tables: resources oldest
 * first (created_at, then insertion), the others by their keys.
 */
export interface WorldDump {
  readonly instances: readonly InstanceRow[]
  readonly clusters: readonly ClusterRow[]
  readonly backups: readonly BackupRow[]
  readonly configurations: readonly ConfigurationRow[]
  readonly databases: readonly DatabaseRow[]
  readonly users: readonly UserRow[]
  readonly user_access: readonly GrantRow[]
  readonly quotas: readonly QuotaLimitRow[]
  readonly quota_usages: readonly QuotaUsageRow[]
  readonly exists_audit: readonly ExistsAuditRow[]
  readonly outbox: readonly OutboxRow[]
  readonly operations_in_flight: readonly InFlightRow[]
}
