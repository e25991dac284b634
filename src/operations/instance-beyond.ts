/**
 * Trove 18's own instance operations the spec lacks (the catalog's *beyond
 * the spec (Trove 18)*, troveRules in events/beyond-spec-data.ts): reboot and
 * migrate (management API), upgrade to another datastore version, and reset
 * status (also what a force delete runs first, as troveclient does). Reboot,
 * migrate and upgrade run through the shared instance action runner (the
 * instance claimed ACTIVE, a status during the work, the taskmanager
 * finishing); reset status is finished in the API and allowed in any state.
 */
import {isoTime} from '../messaging/envelope.js'
import type {InstanceRow} from '../state/rows.js'
import type {World} from '../state/world.js'
import type {OpContext, OperationResult} from './context.js'
import {badRequest} from './errors.js'
import {runInstanceAction} from './instance-actions.js'
import {runLifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {findDatastore, findInstance, startInstanceId} from './resolve.js'

/** Trove 18 refuses reboot and migrate of a cluster member for a non-admin context (ClusterInstanceOperationNotSupported). */
function refuseMember(inst: InstanceRow, what: string): void {
  if (inst.cluster_id) throw badRequest(`Instance ${inst.name} (${inst.id}) is a member of cluster ${inst.cluster_id}; ${what} is not supported for instances that are part of a cluster.`)
}

/** Reboot the Nova server of an instance (management API): REBOOT during the work, the taskmanager ends it. */
export function rebootInstance(ctx: OpContext, ref: string): Promise<OperationResult> {
  return runInstanceAction(ctx, ref, {
    operation: 'instance_reboot',
    status: 'REBOOT',
    task: 'REBOOTING',
    plan: (inst) => {
      refuseMember(inst, 'reboot')
      return {finish: () => undefined}
    },
  })
}

/** Migrate the server of an instance to another compute host (management API): MIGRATE during the work. */
export function migrateInstance(ctx: OpContext, ref: string, host?: string): Promise<OperationResult> {
  return runInstanceAction(ctx, ref, {
    operation: 'migrate',
    start: {host},
    status: 'MIGRATE',
    task: 'MIGRATING',
    plan: (inst) => {
      refuseMember(inst, 'migrate')
      return {finish: () => undefined, resource: () => (host === undefined ? {} : {host})}
    },
  })
}

/**
 * Upgrade an instance to another version of its datastore: UPGRADE during
 * the work, the new version recorded when it is done. The same version as
 * now is no request at all in Trove 18 (a warning, no notification): the
 * result then has no lifecycle.
 */
export async function upgradeInstance(ctx: OpContext, ref: string, version: string): Promise<OperationResult> {
  const {world} = ctx
  const rows = world.instances.byRef(ref, ctx.caller.tenantId)
  const current = rows.length === 1 ? rows[0]! : undefined
  if (current && current.datastore_version === version) {
    return {operation: 'upgrade', request_id: '', outcome: 'end', ended_by: 'api', notifications: [],
      resource: {id: current.id, name: current.name, status: current.status, datastore_version: version, unchanged: true}}
  }
  return runInstanceAction(ctx, ref, {
    operation: 'upgrade',
    start: {datastoreVersionId: version},
    status: 'UPGRADE',
    task: 'UPGRADING',
    plan: (inst) => {
      findDatastore(world.catalogue, inst.datastore, version)
      return {
        finish: (now) => world.instances.update(inst.id, {datastore_version: version, updated_at: now}),
        resource: () => ({datastore_version: version, old_datastore_version: inst.datastore_version}),
      }
    },
  }, () => {
    const inst = findInstance(world, ctx.caller.tenantId, ref)
    findDatastore(world.catalogue, inst.datastore, version)
  })
}

/**
 * Trove's reset_status of one instance row: the task back to NONE and the
 * guest's status UNKNOWN, so the instance shows what its server shows — a
 * server still building is reported ERROR (Trove's "Resetting the status to
 * ERROR"), one busy with a task ACTIVE again — and its running backups FAILED.
 * Call inside a world transaction.
 */
export function resetRow(world: World, inst: InstanceRow, now: string): void {
  const status = inst.status === 'BUILD' || inst.status === 'ERROR' ? 'ERROR' : inst.status === 'SHUTDOWN' ? 'SHUTDOWN' : 'ACTIVE'
  world.instances.update(inst.id, {status, task: null, updated_at: now})
  for (let b = world.backups.runningOf(inst.id); b; b = world.backups.runningOf(inst.id)) world.backups.update(b.id, {status: 'FAILED', updated_at: now})
}

/** Reset an instance's status (any state; finished in the API). */
export async function resetInstanceStatus(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world} = ctx
  return runLifecycle(ctx, 'instance_reset_status', {instanceId: startInstanceId(ctx, ref)}, async (lc) => {
    const inst = findInstance(world, ctx.caller.tenantId, ref)
    const failing = world.backups.runningOf(inst.id)
    world.tx(() => resetRow(world, inst, isoTime(ctx.clock.now())))
    lc.onRollback(
      ['instances.update', inst.id, {status: inst.status, task: inst.task, updated_at: inst.updated_at}],
      ...(failing ? [['backups.update', failing.id, {status: failing.status, updated_at: failing.updated_at}] as const] : []),
    )
    await lc.work()
    const after = world.instances.get(inst.id)!
    return {resource: {id: after.id, name: after.name, status: after.status}}
  }, {precheck: () => findInstance(world, ctx.caller.tenantId, ref)})
}
