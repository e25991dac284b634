/**
 * Configuration groups and their attachments (the live instances whose
 * configuration_id names a group): the questions the configuration
 * operations and `configuration list|show` ask, and the two backends'
 * answers.
 */
import {type InstanceTable, INSTANCE_COLUMNS, instancesFromRaw} from './instances.js'
import {liveRef, type ResourceTable} from './memory-table.js'
import type {Changes, ConfigurationRow, InstanceRow} from './rows.js'
import {type Database, RowWriter, statements} from './sqlite-statements.js'

export interface ConfigurationRepository {
  get(id: string): ConfigurationRow | undefined
  /** Live groups of the tenant whose id or name is `ref` (an id wins); several: the name is ambiguous. */
  byRef(ref: string, tenantId: string): ConfigurationRow[]
  /** The tenant's live groups, oldest first. */
  live(tenantId: string): readonly ConfigurationRow[]
  /** The live instances a group is attached to, oldest first. */
  attachedTo(configurationId: string): readonly InstanceRow[]
  insert(row: ConfigurationRow): void
  update(id: string, changes: Changes<ConfigurationRow>): void
  remove(id: string): void
}

export type ConfigurationTable = ResourceTable<ConfigurationRow, 'tenant' | 'name'>

export const CONFIGURATION_INDEXES = {
  tenant: (r: ConfigurationRow) => (r.deleted_at === null ? r.tenant_id : undefined),
  name: (r: ConfigurationRow) => (r.deleted_at === null ? r.name : undefined),
} as const

export function configurationShape(r: ConfigurationRow): ConfigurationRow {
  return {
    id: r.id, name: r.name, tenant_id: r.tenant_id, datastore: r.datastore, datastore_version: r.datastore_version,
    description: r.description ?? null, values_json: r.values_json, created_at: r.created_at, updated_at: r.updated_at,
    deleted_at: r.deleted_at ?? null,
  }
}

export class MemoryConfigurations implements ConfigurationRepository {
  constructor(private readonly t: ConfigurationTable, private readonly instances: InstanceTable) {}

  get(id: string): ConfigurationRow | undefined {
    return this.t.get(id)
  }

  byRef(ref: string, tenantId: string): ConfigurationRow[] {
    return liveRef(this.t, ref, tenantId)
  }

  live(tenantId: string): readonly ConfigurationRow[] {
    return this.t.list('tenant', tenantId)
  }

  attachedTo(configurationId: string): readonly InstanceRow[] {
    return this.instances.list('attached', configurationId)
  }

  insert(row: ConfigurationRow): void {
    this.t.insert(row)
  }

  update(id: string, changes: Changes<ConfigurationRow>): void {
    this.t.update(id, changes)
  }

  remove(id: string): void {
    this.t.remove(id)
  }
}

export class SqliteConfigurations implements ConfigurationRepository {
  private readonly q
  private readonly writer: RowWriter

  constructor(db: Database) {
    this.q = statements(db, {
      get: 'SELECT * FROM configurations WHERE id = ?',
      liveById: 'SELECT * FROM configurations WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL',
      liveByName: 'SELECT * FROM configurations WHERE name = ? AND tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      live: 'SELECT * FROM configurations WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      attachedTo: {raw: `SELECT ${INSTANCE_COLUMNS} FROM instances WHERE configuration_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid`},
      remove: 'DELETE FROM configurations WHERE id = ?',
    })
    this.writer = new RowWriter(db, 'configurations')
  }

  get(id: string): ConfigurationRow | undefined {
    return this.q.get.get(id) as ConfigurationRow | undefined
  }

  byRef(ref: string, tenantId: string): ConfigurationRow[] {
    const byId = this.q.liveById.all(ref, tenantId) as ConfigurationRow[]
    return byId.length > 0 ? byId : this.q.liveByName.all(ref, tenantId) as ConfigurationRow[]
  }

  live(tenantId: string): readonly ConfigurationRow[] {
    return this.q.live.all(tenantId) as ConfigurationRow[]
  }

  attachedTo(configurationId: string): readonly InstanceRow[] {
    return instancesFromRaw(this.q.attachedTo.all(configurationId))
  }

  insert(row: ConfigurationRow): void {
    this.writer.insert(row)
  }

  update(id: string, changes: Changes<ConfigurationRow>): void {
    this.writer.update([id], changes)
  }

  remove(id: string): void {
    this.q.remove.run(id)
  }
}
