/**
 * What the realistic mix sees of one tenant's world when it decides what the
 * tenant does next: its live instances, backups, configurations, clusters,
 * databases and users, and its quota headroom — read from the state store
 * (never a second copy of the state that could drift from it). Also the
 * seeded random choices the mix makes (`Rng`).
 */
import type {Limits} from '../settings/settings.js'
import type {BackupRow, ClusterRow, ConfigurationRow, Database, DatastoreRow, InstanceRow, Store} from '../state/store.js'
import type {IdSource} from '../util/runtime.js'

/** Seeded choices: the same seed gives the same decisions. */
export class Rng {
  constructor(private readonly source: IdSource) {}

  /** A float in [0, 1). */
  float(): number {
    return this.source.random()
  }

  /** true with probability p. */
  chance(p: number): boolean {
    return this.source.random() < p
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.source.random() * (hi - lo + 1))
  }

  /** One element (undefined for an empty list). */
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[Math.floor(this.source.random() * items.length)]
  }

  /** One element chosen by weight (undefined when every weight is 0). */
  weighted<T>(items: readonly T[], weight: (t: T) => number): T | undefined {
    let total = 0
    for (const i of items) total += Math.max(0, weight(i))
    if (total <= 0) return undefined
    let x = this.source.random() * total
    for (const i of items) {
      x -= Math.max(0, weight(i))
      if (x < 0) return i
    }
    return items[items.length - 1]
  }

  /** A word of lower-case letters and digits (passwords, suffixes). */
  word(length: number): string {
    const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
    let s = ''
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.source.random() * alphabet.length)]
    return s
  }
}

export interface UserRef {
  readonly name: string
  readonly host: string
}

export interface QuotaRoom {
  readonly instances: number
  readonly volumes: number
  readonly backups: number
}

/**
 * The columns of an instance the mix decides on (reading all of them costs twice as much).
 * Read-only: a tenant's views are shared by its decisions until its instances change (see instances()).
 */
export type InstanceView = Readonly<Pick<InstanceRow, 'id' | 'name' | 'status' | 'task' | 'flavor_id' | 'datastore' | 'datastore_version'
  | 'volume_size' | 'cluster_id' | 'shard_id' | 'replica_of' | 'configuration_id'>>

export type BackupView = Readonly<Pick<BackupRow, 'id' | 'name' | 'instance_id' | 'parent_id' | 'status' | 'datastore'>>

export type ConfigurationView = Readonly<Pick<ConfigurationRow, 'id' | 'name' | 'datastore' | 'datastore_version'>>

export type ClusterView = Readonly<Pick<ClusterRow, 'id' | 'name' | 'datastore' | 'datastore_version' | 'task'>>

/** A view from a row as an array (values in INSTANCE_COLUMNS order): a literal, so every view has one shape. */
function toInstanceView(r: readonly unknown[]): InstanceView {
  return {
    id: r[0], name: r[1], status: r[2], task: r[3], flavor_id: r[4], datastore: r[5], datastore_version: r[6],
    volume_size: r[7], cluster_id: r[8], shard_id: r[9], replica_of: r[10], configuration_id: r[11],
  } as InstanceView
}

/** The columns toInstanceView reads, in its order (its keys, so the two cannot disagree). */
const INSTANCE_COLUMNS = Object.keys(toInstanceView([])).join(', ')

/** Per database, tenant and query: the JSON text of the last read and what was parsed from it (see TenantWorld.json). */
const lastReads = new WeakMap<Database, Map<string, Map<string, {readonly text: string, readonly value: unknown}>>>()


/** The seeded catalogue (flavors, datastores, versions) never changes during a run: read once per store. */
const catalogues = new WeakMap<Store, {datastores: DatastoreRow[], versions: Map<string, string[]>}>()

function catalogue(store: Store): {datastores: DatastoreRow[], versions: Map<string, string[]>} {
  let c = catalogues.get(store)
  if (!c) {
    const datastores = store.datastores()
    c = {datastores, versions: new Map(datastores.map((d) => [d.name, store.datastoreVersions(d.name)]))}
    catalogues.set(store, c)
  }
  return c
}

/**
 * One tenant's world, read lazily and memoised for one decision (create a
 * new view for each decision: the world changes between them).
 */
export class TenantWorld {
  private memo = new Map<string, unknown>()

  constructor(readonly store: Store, readonly tenantId: string, readonly limits: Limits) {}

  private once<T>(key: string, load: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T
    const v = load()
    this.memo.set(key, v)
    return v
  }

  /**
   * A query whose SQL builds its whole answer as one JSON text (one string to
   * hand over instead of a value per column and row: about half the cost),
   * parsed by `parse` only when the text differs from this tenant's previous
   * read of the same query. The text is all that is read, so a reused parse
   * is exactly what a fresh one would give: never stale, whoever changed the
   * store. What it returns is shared between decisions, hence read-only.
   */
  private json<T>(name: string, sql: string, parse: (rows: unknown[][]) => T): T {
    return this.once(name, () => {
      // Store caches statements by SQL text (store.ts); these texts are used nowhere else, so their pluck/raw mode stays ours.
      const text = this.store.db.prepare(sql).pluck(true).get(this.tenantId) as string
      let byTenant = lastReads.get(this.store.db)
      if (!byTenant) {
        byTenant = new Map()
        lastReads.set(this.store.db, byTenant)
      }
      let reads = byTenant.get(this.tenantId)
      if (!reads) {
        reads = new Map()
        byTenant.set(this.tenantId, reads)
      }
      let last = reads.get(name)
      if (last?.text !== text) {
        last = {text, value: parse(JSON.parse(text) as unknown[][])}
        reads.set(name, last)
      }
      return last.value as T
    })
  }

  /** Live instances of the tenant, in the order they were created. */
  instances(): readonly InstanceView[] {
    return this.json('instances', `SELECT json_group_array(json_array(${INSTANCE_COLUMNS}) ORDER BY rowid) FROM instances
      WHERE tenant_id = ? AND deleted_at IS NULL`, (rows) => rows.map(toInstanceView))
  }

  /** ACTIVE, no task running, no backup running: any instance action may start. */
  actionable(): InstanceView[] {
    // A running backup shows on its instance (status BACKUP, task BACKING_UP), so the status says it all.
    return this.once('actionable', () => this.instances().filter((i) => i.status === 'ACTIVE' && i.task === null))
  }

  /** Actionable instances that are neither cluster members nor replicas (plain, stand-alone ones). */
  standalone(): InstanceView[] {
    return this.actionable().filter((i) => !i.cluster_id && !i.replica_of)
  }

  /** Ids of instances that have replicas. */
  replicaSources(): Set<string> {
    return this.once('sources', () => new Set(this.instances().filter((i) => i.replica_of).map((i) => i.replica_of!)))
  }

  backups(): readonly BackupView[] {
    return this.json('backups', `SELECT json_group_array(json_array(id, name, instance_id, parent_id, status, datastore) ORDER BY rowid)
      FROM backups WHERE tenant_id = ? AND deleted_at IS NULL`,
    (rows) => rows.map((r): BackupView => ({
      id: r[0] as string, name: r[1] as string, instance_id: r[2] as string, parent_id: r[3] as string | null,
      status: r[4] as string, datastore: r[5] as string,
    })))
  }

  configurations(): readonly ConfigurationView[] {
    return this.json('configurations', `SELECT json_group_array(json_array(id, name, datastore, datastore_version) ORDER BY rowid)
      FROM configurations WHERE tenant_id = ? AND deleted_at IS NULL`,
    (rows) => rows.map((r): ConfigurationView => ({id: r[0] as string, name: r[1] as string, datastore: r[2] as string, datastore_version: r[3] as string})))
  }

  /** Ids of configurations attached to a live instance. */
  attachedConfigurations(): Set<string> {
    return this.once('attached', () => new Set(this.instances().filter((i) => i.configuration_id).map((i) => i.configuration_id!)))
  }

  clusters(): readonly ClusterView[] {
    return this.json('clusters', `SELECT json_group_array(json_array(id, name, datastore, datastore_version, task) ORDER BY rowid)
      FROM clusters WHERE tenant_id = ? AND deleted_at IS NULL`,
    (rows) => rows.map((r): ClusterView => ({
      id: r[0] as string, name: r[1] as string, datastore: r[2] as string, datastore_version: r[3] as string, task: r[4] as string | null,
    })))
  }

  /** Live members of a cluster. */
  members(clusterId: string): InstanceView[] {
    return this.instances().filter((i) => i.cluster_id === clusterId)
  }

  /** Databases of an instance (read for all the tenant's instances at once). */
  databases(instanceId: string): readonly string[] {
    return this.byInstance('databases', `SELECT json_group_array(json_array(d.instance_id, d.name) ORDER BY d.instance_id, d.name)
      FROM databases d JOIN instances i ON i.id = d.instance_id WHERE i.tenant_id = ? AND i.deleted_at IS NULL`,
    (r) => r[1] as string).get(instanceId) ?? []
  }

  /** Users of an instance (read for all the tenant's instances at once). */
  users(instanceId: string): readonly UserRef[] {
    return this.byInstance('users', `SELECT json_group_array(json_array(u.instance_id, u.name, u.host) ORDER BY u.instance_id, u.name, u.host)
      FROM users u JOIN instances i ON i.id = u.instance_id WHERE i.tenant_id = ? AND i.deleted_at IS NULL`,
    (r): UserRef => ({name: r[1] as string, host: r[2] as string})).get(instanceId) ?? []
  }

  /** Databases a user has been granted. */
  grants(instanceId: string, user: UserRef): readonly string[] {
    return this.byInstance('grants', `SELECT json_group_array(json_array(a.instance_id || ' ' || a.user_name || '@' || a.host, a.database)
      ORDER BY a.instance_id || ' ' || a.user_name || '@' || a.host, a.database)
      FROM user_access a JOIN instances i ON i.id = a.instance_id WHERE i.tenant_id = ? AND i.deleted_at IS NULL`,
    (r) => r[1] as string).get(`${instanceId} ${user.name}@${user.host}`) ?? []
  }

  /** One query for the whole tenant: rows [key, …] grouped by key (the first value) into lists of `value(row)`. */
  private byInstance<V>(name: string, sql: string, value: (row: unknown[]) => V): ReadonlyMap<string, readonly V[]> {
    return this.json(name, sql, (rows) => {
      const out = new Map<string, V[]>()
      for (const row of rows) {
        const key = row[0] as string
        const list = out.get(key)
        if (list) list.push(value(row))
        else out.set(key, [value(row)])
      }
      return out
    })
  }

  /** The datastores of the simulated cloud. */
  datastores(): readonly DatastoreRow[] {
    return catalogue(this.store).datastores
  }

  /** Active versions of a datastore. */
  versions(datastore: string): readonly string[] {
    return catalogue(this.store).versions.get(datastore) ?? []
  }

  /** Does the datastore take databases and users through Trove (the MySQL family)? */
  supportsUsers(datastore: string): boolean {
    return Boolean(catalogue(this.store).datastores.find((d) => d.name === datastore)?.supports_users)
  }

  /** Does the datastore build clusters? */
  supportsClusters(datastore: string): boolean {
    return Boolean(catalogue(this.store).datastores.find((d) => d.name === datastore)?.supports_clusters)
  }

  /** What the tenant may still create before a quota says no (limit − in use − reserved). */
  quotaRoom(): QuotaRoom {
    return this.once('quota', () => {
      // Two narrow raw-mode reads (half the cost of one query joining usage and overrides):
      // an override may exist without usage, and usage without an override.
      const used = new Map(this.store.db.prepare('SELECT resource, in_use + reserved FROM quota_usages WHERE tenant_id = ? /* simulate: raw */')
        .raw(true).all(this.tenantId) as Array<[string, number]>)
      const limits = new Map(this.store.db.prepare('SELECT resource, hard_limit FROM quotas WHERE tenant_id = ? /* simulate: raw */')
        .raw(true).all(this.tenantId) as Array<[string, number]>)
      const room = (resource: 'instances' | 'volumes' | 'backups', dflt: number): number => {
        const limit = limits.get(resource) ?? dflt
        return limit < 0 ? Number.POSITIVE_INFINITY : limit - (used.get(resource) ?? 0)
      }
      return {instances: room('instances', this.limits.instances), volumes: room('volumes', this.limits.volumes), backups: room('backups', this.limits.backups)}
    })
  }
}
