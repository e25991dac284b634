/**
 * What the realistic mix sees of one tenant's world when it decides what the
 * tenant does next: its live instances, backups, configurations, clusters,
 * databases and users, and its quota headroom — asked of the world's
 * repositories (never a second copy of the state that could drift from it).
 * Also the seeded random choices the mix makes (`Rng`).
 */
import type {Limits} from '../settings/settings.js'
import type {QuotaRoom} from '../state/quotas.js'
import type {BackupRow, ClusterRow, ConfigurationRow, DatastoreRow, InstanceRow} from '../state/rows.js'
import type {World} from '../state/world.js'
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

/** The columns of an instance the mix decides on. Read-only: a tenant's views are shared by its decisions. */
export type InstanceView = Readonly<Pick<InstanceRow, 'id' | 'name' | 'status' | 'task' | 'flavor_id' | 'datastore' | 'datastore_version'
  | 'volume_size' | 'cluster_id' | 'shard_id' | 'replica_of' | 'configuration_id'>>

export type BackupView = Readonly<Pick<BackupRow, 'id' | 'name' | 'instance_id' | 'parent_id' | 'status' | 'datastore'>>

export type ConfigurationView = Readonly<Pick<ConfigurationRow, 'id' | 'name' | 'datastore' | 'datastore_version'>>

export type ClusterView = Readonly<Pick<ClusterRow, 'id' | 'name' | 'datastore' | 'datastore_version' | 'task'>>

/**
 * One tenant's world for one decision (create a new view for each decision:
 * the world changes between them); each question is asked of the
 * repositories at most once per view.
 */
export class TenantWorld {
  private memo = new Map<string, unknown>()

  constructor(readonly world: World, readonly tenantId: string, readonly limits: Limits) {}

  private once<T>(key: string, load: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T
    const v = load()
    this.memo.set(key, v)
    return v
  }

  /** Live instances of the tenant, in the order they were created. */
  instances(): readonly InstanceView[] {
    return this.once('instances', () => this.world.instances.live(this.tenantId))
  }

  /** ACTIVE, no task running, no backup running: any instance action may start. */
  actionable(): InstanceView[] {
    // A running backup shows on its instance (status BACKUP, task BACKING_UP), so the status says it all.
    return this.once('actionable', () => this.instances().filter((i) => i.status === 'ACTIVE' && i.task === null))
  }

  /** Actionable instances that are neither cluster members nor replicas (plain, stand-alone ones). */
  standalone(): InstanceView[] {
    return this.once('standalone', () => this.actionable().filter((i) => !i.cluster_id && !i.replica_of))
  }

  /** Ids of instances that have replicas. */
  replicaSources(): Set<string> {
    return this.once('sources', () => new Set(this.instances().filter((i) => i.replica_of).map((i) => i.replica_of!)))
  }

  backups(): readonly BackupView[] {
    return this.once('backups', () => this.world.backups.live(this.tenantId))
  }

  configurations(): readonly ConfigurationView[] {
    return this.once('configurations', () => this.world.configurations.live(this.tenantId))
  }

  /** Ids of configurations attached to a live instance. */
  attachedConfigurations(): Set<string> {
    return this.once('attached', () => new Set(this.instances().filter((i) => i.configuration_id).map((i) => i.configuration_id!)))
  }

  clusters(): readonly ClusterView[] {
    return this.once('clusters', () => this.world.clusters.live(this.tenantId))
  }

  /** Live members of a cluster. */
  members(clusterId: string): InstanceView[] {
    return this.instances().filter((i) => i.cluster_id === clusterId)
  }

  /** Names of the databases of an instance. */
  databases(instanceId: string): readonly string[] {
    return this.once(`databases ${instanceId}`, () => this.world.databases.of(instanceId).map((d) => d.name))
  }

  /** Users of an instance. */
  users(instanceId: string): readonly UserRef[] {
    return this.world.users.of(instanceId)
  }

  /** Databases a user has been granted. */
  grants(instanceId: string, user: UserRef): readonly string[] {
    return this.world.users.grants(instanceId, user)
  }

  /** The datastores of the simulated cloud. */
  datastores(): readonly DatastoreRow[] {
    return this.world.catalogue.datastores()
  }

  /** Active versions of a datastore. */
  versions(datastore: string): readonly string[] {
    return this.world.catalogue.versions(datastore)
  }

  /** Does the datastore take databases and users through Trove (the MySQL family)? */
  supportsUsers(datastore: string): boolean {
    return Boolean(this.world.catalogue.datastore(datastore)?.supports_users)
  }

  /** Does the datastore build clusters? */
  supportsClusters(datastore: string): boolean {
    return Boolean(this.world.catalogue.datastore(datastore)?.supports_clusters)
  }

  /** What the tenant may still create before a quota says no (limit − in use − reserved). */
  quotaRoom(): QuotaRoom {
    return this.once('quota', () => this.world.quotas.room(this.tenantId, this.limits))
  }
}
