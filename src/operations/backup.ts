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
import {isRunningBackup} from '../state/backups.js'
import type {BackupRow, InstanceRow} from '../state/rows.js'
import type {OpContext, OperationResult} from './context.js'
import {badRequest, unprocessable} from './errors.js'
import {runLifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {reserve} from './quota.js'
import {assertActionable, findBackup, findInstance, startId, startInstanceId} from './resolve.js'
import type {Input} from '../inputs/index.js'

/** Declared once, in src/inputs/backup.ts. */
export type CreateBackupInput = Input<'backup_create'>

/** Status a backup shows while the taskmanager deletes it. */
export const DELETING = 'DELETING'

/** The id for a `.start` field: the backup's id when the reference resolves, else the reference as given. */
function backupIdOf(ctx: OpContext, ref: string): string {
  return startId(ctx.world.backups.byRef(ref, ctx.caller.tenantId), ref)
}

/** A simulated backup size in GB: a share of the volume (smaller for an incremental), two decimals. */
function backupSize(ctx: OpContext, volumeSize: number, incremental: boolean): number {
  const share = (incremental ? 0.05 : 0.2) * (0.5 + ctx.ids.random())
  return Math.max(0.01, Math.round(volumeSize * share * 100) / 100)
}

/** Trove's rules for a new backup: the instance and the incremental parent, as they are now. */
function checkBackupable(ctx: OpContext, input: CreateBackupInput): {inst: InstanceRow, parent?: BackupRow} {
  const {world, caller} = ctx
  const inst = findInstance(world, caller.tenantId, input.instance)
  const running = world.backups.runningOf(inst.id)
  if (running) throw unprocessable(`Instance ${inst.name} (${inst.id}) already has a backup running (${running.name}, ${running.id}); try again when it completes.`)
  if (inst.status === 'BUILD') throw unprocessable(`Instance ${inst.name} (${inst.id}) is still building; back it up when it is ACTIVE.`)
  if (inst.cluster_id) throw badRequest(`Instance ${inst.name} (${inst.id}) is a member of cluster ${inst.cluster_id}; cluster members cannot be backed up one by one.`)
  assertActionable(world, inst)
  const parent = input.parent === undefined ? undefined : findBackup(world, caller.tenantId, input.parent)
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
  const {world, settings, caller} = ctx
  const start = {
    name: input.name,
    instanceId: startInstanceId(ctx, input.instance),
    description: input.description,
    parentId: input.parent === undefined ? undefined : backupIdOf(ctx, input.parent),
  }
  return runLifecycle(ctx, 'backup_create', start, async (lc) => {
    // ---- api: validate and record, in one transaction (no two backups can both pass) --
    const {inst, row} = world.tx(() => {
      const {inst, parent} = checkBackupable(ctx, input)
      const now = isoTime(ctx.clock.now())
      const row: BackupRow = {
        id: ctx.ids.uuid(), name: input.name, tenant_id: caller.tenantId, instance_id: inst.id, parent_id: parent?.id ?? null,
        description: input.description ?? null, status: 'NEW', size: null, datastore: inst.datastore,
        datastore_version: inst.datastore_version, created_at: now, updated_at: now, deleted_at: null,
      }
      reserve(world, settings.limits, caller.tenantId, {backups: 1}, now)
      world.backups.insert(row)
      world.instances.update(inst.id, {status: 'BACKUP', task: 'BACKING_UP', updated_at: now})
      return {inst, row}
    })
    lc.onRollback(
      ['backups.remove', row.id],
      ['instances.update', inst.id, {status: inst.status, task: inst.task, updated_at: inst.updated_at}],
      ['quotas.release', caller.tenantId, {backups: 1}],
    )

    // ---- guest agent (reports through the conductor): take the backup --------
    lc.handoff('conductor')
    world.tx(() => world.backups.update(row.id, {status: 'BUILDING', updated_at: isoTime(ctx.clock.now())}))
    await lc.work(() => ctx.onStatus?.(inst.name, 'BACKUP'))
    const done = isoTime(ctx.clock.now())
    const size = backupSize(ctx, inst.volume_size ?? 1, row.parent_id !== null)
    world.tx(() => {
      world.backups.update(row.id, {status: 'COMPLETED', size, updated_at: done})
      world.instances.update(inst.id, {status: inst.status, task: inst.task, updated_at: done})
      world.quotas.commit(caller.tenantId, {backups: 1}, done)
    })
    ctx.onStatus?.(inst.name, inst.status)
    return {
      end: {backupId: row.id},
      resource: {id: row.id, name: row.name, status: 'COMPLETED', instance_id: inst.id, parent_id: row.parent_id, size},
    }
  })
}

/** Delete a backup and its incremental descendants (taskmanager work). */
export async function deleteBackup(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world, caller} = ctx
  return runLifecycle(ctx, 'backup_delete', {backupId: backupIdOf(ctx, ref)}, async (lc) => {
    // ---- api: validate and mark, in one transaction ----------------------------
    const {backup, doomed} = world.tx(() => {
      const backup = findBackup(world, caller.tenantId, ref)
      const doomed = [backup, ...world.backups.descendants(backup.id)]
      for (const b of doomed) {
        if (isRunningBackup(b.status)) {
          throw unprocessable(b === backup
            ? `Backup ${backup.id} cannot be deleted because it is running.`
            : `Backup ${backup.id} cannot be deleted because its incremental backup ${b.id} is running.`)
        }
        if (b.status === DELETING) throw unprocessable(`Backup ${b.id} is already being deleted.`)
      }
      const now = isoTime(ctx.clock.now())
      for (const b of doomed) world.backups.update(b.id, {status: DELETING, updated_at: now})
      return {backup, doomed}
    })
    lc.onRollback(...doomed.map((b): UndoStep => ['backups.update', b.id, {status: b.status, updated_at: b.updated_at}]))

    lc.handoff('task')
    await lc.work(() => ctx.onStatus?.(backup.name, DELETING))
    const at = isoTime(ctx.clock.now())
    world.tx(() => {
      // A deleted row keeps the status it had before (as Trove's soft-deleted rows do).
      for (const b of doomed) world.backups.update(b.id, {status: b.status, deleted_at: at, updated_at: at})
      world.quotas.adjustInUse(caller.tenantId, {backups: -doomed.length}, at)
    })
    return {resource: {id: backup.id, name: backup.name, status: 'DELETED', deleted: doomed.map((b) => b.id)}}
  }, {precheck: () => findBackup(world, caller.tenantId, ref)})
}
