/**
 * The memory backend: the world as plain maps and indexes (no SQL), with
 * transactions from an undo log (memory-table.ts). Simulate's own worlds
 * use it: a decision's reads are map lookups, and the tenant's lists are
 * snapshots kept per index key, so nothing is copied to answer them.
 */
import {BACKUP_INDEXES, backupShape, type BackupTable, MemoryBackups} from './backups.js'
import {type Catalogue, seededCatalogue} from './catalogue.js'
import {CLUSTER_INDEXES, clusterShape, type ClusterTable, MemoryClusters} from './clusters.js'
import {CONFIGURATION_INDEXES, configurationShape, type ConfigurationTable, MemoryConfigurations} from './configurations.js'
import {MemoryDatabases, MemoryUsers} from './databases.js'
import {MemoryExistsAudit} from './exists-audit.js'
import {MemoryInFlight} from './in-flight.js'
import {INSTANCE_INDEXES, instanceShape, type InstanceTable, MemoryInstances} from './instances.js'
import {binaryCompare, ResourceTable, UndoLog} from './memory-table.js'
import {MemoryOutbox} from './outbox.js'
import {MemoryQuotas} from './quotas.js'
import type {HeldTx, World, WorldDump} from './world.js'

/** The path that names a throwaway world, for a single command as for simulate. */
export const MEMORY_PATH = ':memory:'

export class MemoryWorld implements World {
  readonly backend = 'memory' as const
  readonly path = MEMORY_PATH
  readonly catalogue: Catalogue = seededCatalogue()
  readonly instances: MemoryInstances
  readonly clusters: MemoryClusters
  readonly backups: MemoryBackups
  readonly configurations: MemoryConfigurations
  readonly databases: MemoryDatabases
  readonly users: MemoryUsers
  readonly quotas: MemoryQuotas
  readonly existsAudit: MemoryExistsAudit
  readonly outbox: MemoryOutbox
  readonly inFlight: MemoryInFlight

  private readonly log = new UndoLog()
  private readonly instanceTable: InstanceTable = new ResourceTable(this.log, 'instances', INSTANCE_INDEXES, instanceShape)
  private readonly clusterTable: ClusterTable = new ResourceTable(this.log, 'clusters', CLUSTER_INDEXES, clusterShape)
  private readonly backupTable: BackupTable = new ResourceTable(this.log, 'backups', BACKUP_INDEXES, backupShape)
  private readonly configurationTable: ConfigurationTable = new ResourceTable(this.log, 'configurations', CONFIGURATION_INDEXES, configurationShape)

  constructor() {
    this.instances = new MemoryInstances(this.instanceTable)
    this.clusters = new MemoryClusters(this.clusterTable, this.instanceTable)
    this.backups = new MemoryBackups(this.backupTable)
    this.configurations = new MemoryConfigurations(this.configurationTable, this.instanceTable)
    this.databases = new MemoryDatabases(this.log)
    this.users = new MemoryUsers(this.log)
    this.quotas = new MemoryQuotas(this.log)
    this.existsAudit = new MemoryExistsAudit(this.log, this.instanceTable)
    this.outbox = new MemoryOutbox(this.log)
    this.inFlight = new MemoryInFlight(this.log)
  }

  tx<T>(fn: () => T): T {
    return this.log.run(fn)
  }

  hold(): HeldTx {
    return this.log.hold()
  }

  afterCommit(fn: () => void): void {
    this.log.afterCommit(fn)
  }

  tenants(): string[] {
    const tenants = new Set<string>()
    for (const i of this.instanceTable.all()) tenants.add(i.tenant_id)
    for (const t of this.quotas.tenants()) tenants.add(t)
    for (const b of this.backupTable.all()) tenants.add(b.tenant_id)
    return [...tenants].sort(binaryCompare)
  }

  /** The same removals, in the same order, as SqliteWorld.compact's statements. */
  compact(mark: string): number {
    return this.tx(() => {
      let removed = 0
      const gone = (r: {deleted_at: string | null}): boolean => r.deleted_at !== null && r.deleted_at <= mark
      // Former members of a live cluster stay: their names are never reused within it.
      for (const i of this.instanceTable.all()) {
        const cluster = i.cluster_id === null ? undefined : this.clusterTable.get(i.cluster_id)
        if (gone(i) && !(cluster && cluster.deleted_at === null)) {
          this.instanceTable.remove(i.id)
          removed++
        }
      }
      const sweep = (table: {all(): Array<{id: string, deleted_at: string | null}>, remove(id: string): void}): void => {
        for (const r of table.all()) {
          if (gone(r)) {
            table.remove(r.id)
            removed++
          }
        }
      }
      sweep(this.clusterTable)
      sweep(this.backupTable)
      sweep(this.configurationTable)
      const orphan = (id: string): boolean => this.instanceTable.get(id) === undefined
      for (const id of [...this.databases.instances()].filter(orphan)) {
        removed += this.databases.of(id).length
        this.databases.removeAllOf(id)
      }
      for (const id of [...this.users.instances()].filter(orphan)) removed += this.users.removeAllOf(id)
      removed += this.existsAudit.forgetMissing()
      return removed
    })
  }

  dump(): WorldDump {
    const {limits, usages} = this.quotas.rows()
    const {users, grants} = this.users.rows()
    return {
      instances: this.instanceTable.all(), clusters: this.clusterTable.all(), backups: this.backupTable.all(),
      configurations: this.configurationTable.all(), databases: this.databases.all(), users, user_access: grants,
      quotas: limits, quota_usages: usages, exists_audit: this.existsAudit.rows(),
      outbox: this.outbox.rows(), operations_in_flight: this.inFlight.all(),
    }
  }

  close(): void {}
}
