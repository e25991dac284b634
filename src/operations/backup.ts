/**
 * Backups (spec 1.10.47–1.10.52). Create is guest-agent work reported through
 * the conductor (`server_type` conductor): the instance shows BACKUP while the
 * backup goes NEW → BUILDING → COMPLETED; the backups quota is reserved when
 * the API accepts and committed when it completes. Delete is taskmanager work
 * and takes the backup's incremental descendants with it, freeing their quota.
 * Trove's rules: an ACTIVE instance, not a cluster member, with no backup
 * running; an incremental parent COMPLETED and of the same instance; a
 * running backup cannot be deleted.
 */
import {isoTime} from '../messaging/envelope.js'
import {
  backupDescendants, backupsByRef, deleteBackupRow, insertBackup, RUNNING_BACKUP_STATUSES, runningBackup, updateBackup,
} from '../state/backups.js'
import type {BackupRow, InstanceRow} from '../state/store.js'
import type {OpContext, OperationResult} from './context.js'
import {badRequest, TroveError, unprocessable} from './errors.js'
import {runLifecycle} from './lifecycle.js'
import {adjustInUse, commit, release, reserve} from './quota.js'
import {assertActionable, findInstance, startInstanceId} from './resolve.js'
import type {Input} from '../inputs/index.js'

/** Declared once, in src/inputs/backup.ts. */
export type CreateBackupInput = Input<'backup_create'>

/** Status a backup shows while the taskmanager deletes it. */
export const DELETING = 'DELETING'

/** One live backup of the tenant by id or name. */
export function findBackup(ctx: OpContext, ref: string): BackupRow {
  const rows = backupsByRef(ctx.store, ref, ctx.caller.tenantId)
  if (rows.length === 0) throw new TroveError('BackupNotFound', `Backup ${ref} could not be found.`)
  if (rows.length > 1) throw badRequest(`Multiple backups are named ${ref} (${rows.map((r) => r.id).join(', ')}); use an id.`)
  return rows[0]!
}

/** The id for a `.start` field: the backup's id when the reference resolves, else the reference as given. */
function backupIdOf(ctx: OpContext, ref: string): string {
  const rows = backupsByRef(ctx.store, ref, ctx.caller.tenantId)
  return rows.length === 1 ? rows[0]!.id : ref
}

/** A simulated backup size in GB: a share of the volume (smaller for an incremental), two decimals. */
function backupSize(ctx: OpContext, volumeSize: number, incremental: boolean): number {
  const share = (incremental ? 0.05 : 0.2) * (0.5 + ctx.ids.random())
  return Math.max(0.01, Math.round(volumeSize * share * 100) / 100)
}

/** Trove's rules for a new backup: the instance and the incremental parent, as they are now. */
function checkBackupable(ctx: OpContext, input: CreateBackupInput): {inst: InstanceRow, parent?: BackupRow} {
  const {store, caller} = ctx
  const inst = findInstance(store, caller.tenantId, input.instance)
  const running = runningBackup(store, inst.id)
  if (running) throw unprocessable(`Instance ${inst.name} (${inst.id}) already has a backup running (${running.name}, ${running.id}); try again when it completes.`)
  if (inst.status === 'BUILD') throw unprocessable(`Instance ${inst.name} (${inst.id}) is still building; back it up when it is ACTIVE.`)
  if (inst.cluster_id) throw badRequest(`Instance ${inst.name} (${inst.id}) is a member of cluster ${inst.cluster_id}; cluster members cannot be backed up one by one.`)
  assertActionable(store, inst)
  const parent = input.parent === undefined ? undefined : findBackup(ctx, input.parent)
  if (parent && parent.instance_id !== inst.id) {
    throw badRequest(`Backup ${parent.name} (${parent.id}) is of instance ${parent.instance_id}, not ${inst.name} (${inst.id}); an incremental backup needs a parent of the same instance.`)
  }
  if (parent && parent.status !== 'COMPLETED') {
    throw unprocessable(`Backup ${parent.name} (${parent.id}) is ${parent.status}; an incremental backup needs a COMPLETED parent.`)
  }
  return {inst, parent}
}

/** Back up an instance (incremental with `parent`). */
export async function createBackup(ctx: OpContext, input: CreateBackupInput): Promise<OperationResult> {
  const {store, settings, caller} = ctx
  const start = {
    name: input.name,
    instance_id: startInstanceId(ctx, input.instance),
    description: input.description,
    parent_id: input.parent === undefined ? undefined : backupIdOf(ctx, input.parent),
  }
  return runLifecycle(ctx, 'backup_create', start, async (lc) => {
    // ---- api: validate and record, in one transaction (no two backups can both pass) --
    const {inst, row} = store.tx(() => {
      const {inst, parent} = checkBackupable(ctx, input)
      const now = isoTime(ctx.clock.now())
      const row: BackupRow = {
        id: ctx.ids.uuid(), name: input.name, tenant_id: caller.tenantId, instance_id: inst.id, parent_id: parent?.id ?? null,
        description: input.description ?? null, status: 'NEW', size: null, datastore: inst.datastore,
        datastore_version: inst.datastore_version, created_at: now, updated_at: now, deleted_at: null,
      }
      reserve(store, settings.limits, caller.tenantId, {backups: 1}, now)
      insertBackup(store, row)
      store.updateInstance(inst.id, {status: 'BACKUP', task: 'BACKING_UP', updated_at: now})
      return {inst, row}
    })
    lc.onRollback(() => store.tx(() => {
      deleteBackupRow(store, row.id)
      store.updateInstance(inst.id, {status: inst.status, task: inst.task, updated_at: inst.updated_at})
      release(store, caller.tenantId, {backups: 1}, isoTime(ctx.clock.now()))
    }))

    // ---- guest agent (reports through the conductor): take the backup --------
    lc.handoff('conductor')
    store.tx(() => updateBackup(store, row.id, {status: 'BUILDING', updated_at: isoTime(ctx.clock.now())}))
    await lc.work(() => ctx.onStatus?.(inst.name, 'BACKUP'))
    const done = isoTime(ctx.clock.now())
    const size = backupSize(ctx, inst.volume_size ?? 1, row.parent_id !== null)
    store.tx(() => {
      updateBackup(store, row.id, {status: 'COMPLETED', size, updated_at: done})
      store.updateInstance(inst.id, {status: inst.status, task: inst.task, updated_at: done})
      commit(store, caller.tenantId, {backups: 1}, done)
    })
    ctx.onStatus?.(inst.name, inst.status)
    return {
      end: {backup_id: row.id},
      resource: {id: row.id, name: row.name, status: 'COMPLETED', instance_id: inst.id, parent_id: row.parent_id, size},
    }
  })
}

/** Delete a backup and its incremental descendants (taskmanager work). */
export async function deleteBackup(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {store, caller} = ctx
  return runLifecycle(ctx, 'backup_delete', {backup_id: backupIdOf(ctx, ref)}, async (lc) => {
    // ---- api: validate and mark, in one transaction ----------------------------
    const {backup, doomed} = store.tx(() => {
      const backup = findBackup(ctx, ref)
      const doomed = [backup, ...backupDescendants(store, backup.id)]
      for (const b of doomed) {
        if (RUNNING_BACKUP_STATUSES.includes(b.status)) {
          throw unprocessable(b === backup
            ? `Backup ${backup.id} cannot be deleted because it is running.`
            : `Backup ${backup.id} cannot be deleted because its incremental backup ${b.id} is running.`)
        }
        if (b.status === DELETING) throw unprocessable(`Backup ${b.id} is already being deleted.`)
      }
      const now = isoTime(ctx.clock.now())
      for (const b of doomed) updateBackup(store, b.id, {status: DELETING, updated_at: now})
      return {backup, doomed}
    })
    lc.onRollback(() => store.tx(() => {
      for (const b of doomed) updateBackup(store, b.id, {status: b.status, updated_at: b.updated_at})
    }))

    lc.handoff('task')
    await lc.work(() => ctx.onStatus?.(backup.name, DELETING))
    const at = isoTime(ctx.clock.now())
    store.tx(() => {
      // A deleted row keeps the status it had before (as Trove's soft-deleted rows do).
      for (const b of doomed) updateBackup(store, b.id, {status: b.status, deleted_at: at, updated_at: at})
      adjustInUse(store, caller.tenantId, {backups: -doomed.length}, at)
    })
    return {resource: {id: backup.id, name: backup.name, status: 'DELETED', deleted: doomed.map((b) => b.id)}}
  })
}
