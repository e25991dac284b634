/**
 * Simulator entries for backups: full and incremental backups of a tenant's
 * instances, and their deletion (incremental children go too).
 */
import {createBackup, deleteBackup} from '../../operations/backup.js'
import {bogusId, MISTAKE, optStr, type SimOperation, simOperation, str} from '../registry.js'
import type {TenantWorld} from '../world.js'

/** Backups a tenant keeps before it deletes old ones. */
const RETAINED = 8

/** Instances that can be backed up now: actionable, not cluster members. */
function backupable(w: TenantWorld) {
  return w.actionable().filter((i) => !i.cluster_id)
}

export const backupEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'backup_create',
    operation: 'backup_create',
    weight: 5,
    creates: 'backup',
    params: {
      instance: {type: 'string', required: true, about: 'instance id or name'},
      name: {type: 'string', required: true},
      description: {type: 'string'},
      parent: {type: 'string', about: 'backup id or name: an incremental backup of it'},
    },
    // Teams keep a handful of backups (retention), far below the quota of 50.
    ready: (w) => w.quotaRoom().backups >= 1 && w.backups().length < RETAINED && backupable(w).length > 0,
    pick(w, r, names) {
      const inst = r.pick(backupable(w))
      if (!inst || r.chance(MISTAKE)) {
        // Backing up a cluster member, or an instance that is gone (refused).
        const member = r.pick(w.instances().filter((i) => i.cluster_id))
        return {instance: member?.id ?? bogusId(r), name: names.next('backup')}
      }
      const parents = w.backups().filter((b) => b.instance_id === inst.id && b.status === 'COMPLETED')
      const parent = parents.length > 0 && r.chance(0.5) ? parents[parents.length - 1] : undefined
      return {
        instance: inst.id,
        name: names.next(`${inst.name}-${parent ? 'incr' : 'full'}`),
        ...(r.chance(0.3) ? {description: parent ? 'nightly incremental' : 'weekly full backup'} : {}),
        ...(parent ? {parent: parent.id} : {}),
      }
    },
    run: (ctx, a) => createBackup(ctx, {instance: str(a, 'instance'), name: str(a, 'name'), description: optStr(a, 'description'), parent: optStr(a, 'parent')}),
  }),

  simOperation({
    kind: 'backup_delete',
    operation: 'backup_delete',
    weight: 3,
    params: {backup: {type: 'string', required: true, about: 'backup id or name'}},
    ready: (w) => w.backups().some((b) => b.status === 'COMPLETED'),
    pick(w, r) {
      const done = w.backups().filter((b) => b.status === 'COMPLETED')
      // Oldest first, as retention policies do.
      return {backup: r.chance(MISTAKE) ? bogusId(r) : done[0]?.id ?? bogusId(r)}
    },
    run: (ctx, a) => deleteBackup(ctx, str(a, 'backup')),
  }),
]
