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

export type BackupView = Pick<BackupRow, 'id' | 'name' | 'instance_id' | 'parent_id' | 'status' | 'datastore'>

/** A view from a row as an array (values in INSTANCE_COLUMNS order): a literal, so every view has one shape. */
function toInstanceView(r: readonly unknown[]): InstanceView {
  return {
    id: r[0], name: r[1], status: r[2], task: r[3], flavor_id: r[4], datastore: r[5], datastore_version: r[6],
    volume_size: r[7], cluster_id: r[8], shard_id: r[9], replica_of: r[10], configuration_id: r[11],
  } as InstanceView
}

/** The columns toInstanceView reads, in its order (its keys, so the two cannot disagree). */
const INSTANCE_COLUMNS = Object.keys(toInstanceView([])).join(', ')

/** A tenant's live instances, in creation order, as one JSON text: `[[id, name, …], …]`. */
const INSTANCES_JSON = `SELECT json_group_array(json_array(${INSTANCE_COLUMNS}) ORDER BY rowid) FROM instances
  WHERE tenant_id = ? AND deleted_at IS NULL /* simulate: pluck */`

/** Per database and tenant: the JSON text of its last instances() read and the views parsed from it. */
const lastInstances = new WeakMap<Database, Map<string, {readonly text: string, readonly views: readonly InstanceView[]}>>()

/** Prepared statements, cached per database (preparing is the costly part of a query). */
const statements = new WeakMap<Database, Map<string, ReturnType<Database['prepare']>>>()

function stmt(db: Database, sql: string): ReturnType<Database['prepare']> {
  let cache = statements.get(db)
  if (!cache) {
    cache = new Map()
    statements.set(db, cache)
  }
  let s = cache.get(sql)
  if (!s) {
    s = db.prepare(sql)
    cache.set(sql, s)
  }
  return s
}

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

  private all<T>(sql: string, ...params: unknown[]): T[] {
    const s = stmt(this.store.db, sql) as unknown as {all(...p: unknown[]): unknown[]}
    return s.all(...params) as T[]
  }

  /**
   * Live instances of the tenant, in the order they were created. SQLite
   * hands the rows over as one JSON text (one string instead of ~100 values:
   * the mix's most frequent query costs half as much), and the text is parsed
   * only when it differs from the tenant's previous read. The text is the
   * whole of what is read, so views reused for equal text are exactly what a
   * fresh parse would give: never stale, whoever changed the store.
   */
  instances(): readonly InstanceView[] {
    return this.once('instances', () => {
      const text = stmt(this.store.db, INSTANCES_JSON).pluck(true).get(this.tenantId) as string
      let byTenant = lastInstances.get(this.store.db)
      if (!byTenant) {
        byTenant = new Map()
        lastInstances.set(this.store.db, byTenant)
      }
      let last = byTenant.get(this.tenantId)
      if (last?.text !== text) {
        last = {text, views: (JSON.parse(text) as unknown[][]).map(toInstanceView)}
        byTenant.set(this.tenantId, last)
      }
      return last.views
    })
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

  backups(): BackupView[] {
    return this.once('backups', () => this.all<BackupView>(
      'SELECT id, name, instance_id, parent_id, status, datastore FROM backups WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY rowid', this.tenantId))
  }

  configurations(): ConfigurationRow[] {
    return this.once('configurations', () => this.all<ConfigurationRow>(
      'SELECT * FROM configurations WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY rowid', this.tenantId))
  }

  /** Ids of configurations attached to a live instance. */
  attachedConfigurations(): Set<string> {
    return this.once('attached', () => new Set(this.instances().filter((i) => i.configuration_id).map((i) => i.configuration_id!)))
  }

  clusters(): ClusterRow[] {
    return this.once('clusters', () => this.all<ClusterRow>(
      'SELECT * FROM clusters WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY rowid', this.tenantId))
  }

  /** Live members of a cluster. */
  members(clusterId: string): InstanceView[] {
    return this.instances().filter((i) => i.cluster_id === clusterId)
  }

  /** Databases of an instance (read for all the tenant's instances at once). */
  databases(instanceId: string): string[] {
    return this.byInstance('databases', `SELECT d.instance_id AS k, d.name AS v FROM databases d JOIN instances i ON i.id = d.instance_id
      WHERE i.tenant_id = ? AND i.deleted_at IS NULL ORDER BY d.instance_id, d.name`).get(instanceId) ?? []
  }

  /** Users of an instance (read for all the tenant's instances at once). */
  users(instanceId: string): UserRef[] {
    const names = this.byInstance('users', `SELECT u.instance_id AS k, u.name || '@' || u.host AS v FROM users u JOIN instances i ON i.id = u.instance_id
      WHERE i.tenant_id = ? AND i.deleted_at IS NULL ORDER BY u.instance_id, u.name, u.host`).get(instanceId) ?? []
    return names.map((v) => {
      const at = v.lastIndexOf('@')
      return {name: v.slice(0, at), host: v.slice(at + 1)}
    })
  }

  /** Databases a user has been granted. */
  grants(instanceId: string, user: UserRef): string[] {
    return this.byInstance('grants', `SELECT a.instance_id || ' ' || a.user_name || '@' || a.host AS k, a.database AS v FROM user_access a
      JOIN instances i ON i.id = a.instance_id WHERE i.tenant_id = ? AND i.deleted_at IS NULL ORDER BY k, a.database`)
      .get(`${instanceId} ${user.name}@${user.host}`) ?? []
  }

  /** One query for the whole tenant, grouped by key (k) into lists of values (v). */
  private byInstance(name: string, sql: string): Map<string, string[]> {
    return this.once(name, () => {
      const out = new Map<string, string[]>()
      for (const row of this.all<{k: string, v: string}>(sql, this.tenantId)) {
        const list = out.get(row.k)
        if (list) list.push(row.v)
        else out.set(row.k, [row.v])
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
      const used = new Map(stmt(this.store.db, 'SELECT resource, in_use + reserved FROM quota_usages WHERE tenant_id = ? /* simulate: raw */')
        .raw(true).all(this.tenantId) as Array<[string, number]>)
      const limits = new Map(stmt(this.store.db, 'SELECT resource, hard_limit FROM quotas WHERE tenant_id = ? /* simulate: raw */')
        .raw(true).all(this.tenantId) as Array<[string, number]>)
      const room = (resource: 'instances' | 'volumes' | 'backups', dflt: number): number => {
        const limit = limits.get(resource) ?? dflt
        return limit < 0 ? Number.POSITIVE_INFINITY : limit - (used.get(resource) ?? 0)
      }
      return {instances: room('instances', this.limits.instances), volumes: room('volumes', this.limits.volumes), backups: room('backups', this.limits.backups)}
    })
  }
}
