/**
 * Configuration groups and their attachments (the live instances whose
 * configuration_id names a group): the questions the configuration
 * operations and `configuration list|show` ask, and the two backends'
 * answers.
 */
import {type InstanceTable, INSTANCE_COLUMNS, instancesFromRaw} from './instances.js'
import {liveRef, MemoryResources, type ResourceTable} from './memory-table.js'
import type {ConfigurationRow, InstanceRow, ResourceRepository} from './rows.js'
import {type Database, SqliteResources, statements} from './sqlite-statements.js'

export interface ConfigurationRepository extends ResourceRepository<ConfigurationRow> {
  /** Live groups of the tenant whose id or name is `ref` (an id wins); several: the name is ambiguous. */
  byRef(ref: string, tenantId: string): ConfigurationRow[]
  /** The tenant's live groups, oldest first. */
  live(tenantId: string): readonly ConfigurationRow[]
  /** The live instances a group is attached to, oldest first. */
  attachedTo(configurationId: string): readonly InstanceRow[]
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

export class MemoryConfigurations extends MemoryResources<ConfigurationRow, 'tenant' | 'name'> implements ConfigurationRepository {
  constructor(t: ConfigurationTable, private readonly instances: InstanceTable) {
    super(t)
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
}

export class SqliteConfigurations extends SqliteResources<ConfigurationRow> implements ConfigurationRepository {
  private readonly q

  constructor(db: Database) {
    super(db, 'configurations')
    this.q = statements(db, {
      liveById: 'SELECT * FROM configurations WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL',
      liveByName: 'SELECT * FROM configurations WHERE name = ? AND tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      live: 'SELECT * FROM configurations WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      attachedTo: {raw: `SELECT ${INSTANCE_COLUMNS} FROM instances WHERE configuration_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid`},
    })
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
}
