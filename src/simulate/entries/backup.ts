/**
 * Simulator entries for backups: full and incremental backups of a tenant's
 * instances, and their deletion (incremental children go too).
 */
import {bogusId, MISTAKE, type SimOperation, simOperation} from '../registry.js'
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
  }),

  simOperation({
    kind: 'backup_delete',
    operation: 'backup_delete',
    weight: 3,
    ready: (w) => w.backups().some((b) => b.status === 'COMPLETED'),
    pick(w, r) {
      const done = w.backups().filter((b) => b.status === 'COMPLETED')
      // Oldest first, as retention policies do.
      return {backup: r.chance(MISTAKE) ? bogusId(r) : done[0]?.id ?? bogusId(r)}
    },
  }),
]
