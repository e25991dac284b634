/**
 * Backups, with their incremental chains: the questions the backup
 * operations, the instance rules ("is a backup running?") and `backup list`
 * ask, and the two backends' answers.
 */
import {liveRef, MemoryResources, type ResourceTable} from './memory-table.js'
import type {BackupRow, ResourceRepository} from './rows.js'
import {type Database, SqliteResources, statements} from './sqlite-statements.js'

/** Statuses of a backup still being taken (the guest agent is working). */
export const RUNNING_BACKUP_STATUSES: readonly string[] = ['NEW', 'BUILDING']

export function isRunningBackup(status: string): boolean {
  return RUNNING_BACKUP_STATUSES.includes(status)
}

export interface BackupRepository extends ResourceRepository<BackupRow> {
  /** Live backups of the tenant whose id or name is `ref` (an id wins); several: the name is ambiguous. */
  byRef(ref: string, tenantId: string): BackupRow[]
  /** Live backups of a tenant, optionally of one instance, oldest first. */
  live(tenantId: string, instanceId?: string): readonly BackupRow[]
  /** The backup of an instance still being taken (NEW or BUILDING), if any. */
  runningOf(instanceId: string): BackupRow | undefined
  /** Every live incremental backup built on `id`: children before grandchildren, each generation oldest first. */
  descendants(id: string): BackupRow[]
}

export type BackupTable = ResourceTable<BackupRow, 'tenant' | 'name' | 'children' | 'running'>

const live = (r: BackupRow, key: string | null): string | undefined => (r.deleted_at === null && key !== null ? key : undefined)

export const BACKUP_INDEXES = {
  tenant: (r: BackupRow) => live(r, r.tenant_id),
  name: (r: BackupRow) => live(r, r.name),
  children: (r: BackupRow) => live(r, r.parent_id),
  running: (r: BackupRow) => (isRunningBackup(r.status) ? live(r, r.instance_id) : undefined),
} as const

export function backupShape(r: BackupRow): BackupRow {
  return {
    id: r.id, name: r.name, tenant_id: r.tenant_id, instance_id: r.instance_id, parent_id: r.parent_id ?? null,
    description: r.description ?? null, status: r.status, size: r.size ?? null, datastore: r.datastore,
    datastore_version: r.datastore_version, created_at: r.created_at, updated_at: r.updated_at, deleted_at: r.deleted_at ?? null,
  }
}

export class MemoryBackups extends MemoryResources<BackupRow, 'tenant' | 'name' | 'children' | 'running'> implements BackupRepository {
  byRef(ref: string, tenantId: string): BackupRow[] {
    return liveRef(this.t, ref, tenantId)
  }

  live(tenantId: string, instanceId?: string): readonly BackupRow[] {
    const rows = this.t.list('tenant', tenantId)
    return instanceId === undefined ? rows : rows.filter((r) => r.instance_id === instanceId)
  }

  runningOf(instanceId: string): BackupRow | undefined {
    return this.t.list('running', instanceId)[0]
  }

  descendants(id: string): BackupRow[] {
    const out: BackupRow[] = []
    let generation: readonly BackupRow[] = this.t.list('children', id)
    while (generation.length > 0) {
      out.push(...generation)
      generation = generation.flatMap((b) => this.t.list('children', b.id)).sort(this.t.order)
    }
    return out
  }
}

export class SqliteBackups extends SqliteResources<BackupRow> implements BackupRepository {
  private readonly q

  constructor(db: Database) {
    super(db, 'backups')
    this.q = statements(db, {
      liveById: 'SELECT * FROM backups WHERE id = ? AND tenant_id = ? AND deleted_at IS NULL',
      liveByName: 'SELECT * FROM backups WHERE name = ? AND tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      live: 'SELECT * FROM backups WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      liveOfInstance: 'SELECT * FROM backups WHERE tenant_id = ? AND instance_id = ? AND deleted_at IS NULL ORDER BY created_at, rowid',
      runningOf: `SELECT * FROM backups WHERE instance_id = ? AND deleted_at IS NULL
        AND status IN (${RUNNING_BACKUP_STATUSES.map((s) => `'${s}'`).join(', ')}) ORDER BY created_at, rowid LIMIT 1`,
      // CROSS JOIN keeps SQLite walking the small tree and looking backups up by id, instead of scanning every backup.
      descendants: `WITH RECURSIVE tree(id, depth) AS (
          SELECT id, 1 FROM backups WHERE parent_id = ? AND deleted_at IS NULL
          UNION ALL SELECT b.id, tree.depth + 1 FROM backups b JOIN tree ON b.parent_id = tree.id WHERE b.deleted_at IS NULL)
        SELECT backups.* FROM tree CROSS JOIN backups USING (id) ORDER BY tree.depth, backups.created_at, backups.rowid`,
    })
  }

  byRef(ref: string, tenantId: string): BackupRow[] {
    const byId = this.q.liveById.all(ref, tenantId) as BackupRow[]
    return byId.length > 0 ? byId : this.q.liveByName.all(ref, tenantId) as BackupRow[]
  }

  live(tenantId: string, instanceId?: string): readonly BackupRow[] {
    return (instanceId === undefined ? this.q.live.all(tenantId) : this.q.liveOfInstance.all(tenantId, instanceId)) as BackupRow[]
  }

  runningOf(instanceId: string): BackupRow | undefined {
    return this.q.runningOf.get(instanceId) as BackupRow | undefined
  }

  descendants(id: string): BackupRow[] {
    return this.q.descendants.all(id) as BackupRow[]
  }
}
