/**
 * Instance actions the taskmanager finishes: restart, resize-volume and
 * resize-instance, and the shared runner they (and the replication actions in
 * replication.ts) use.
 *
 * Every action follows Trove's path: the API checks the instance is ACTIVE
 * with no task and no backup running (`assertActionable`) plus the action's
 * own rules, and puts the instances involved into the action's status (REBOOT,
 * RESIZE, PROMOTE…) in one transaction; the taskmanager does the work
 * (`--delay`: another `instance show` sees the status meanwhile), applies the
 * change, publishes the status notification and `.end`. A broken rule or an
 * injected failure leaves the state as it was.
 */
import {isoTime} from '../messaging/envelope.js'
import type {Catalogue} from '../state/catalogue.js'
import type {Deltas} from '../state/quotas.js'
import type {InstanceRow} from '../state/rows.js'
import type {OpContext, OperationResult, ResourceRef} from './context.js'
import {badRequest, unprocessable} from './errors.js'
import {type Lifecycle, runLifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {reserve} from './quota.js'
import {assertActionable, findFlavor, findInstance, startInstanceId} from './resolve.js'
import {instanceFacts} from './status.js'
import type {StartFacts} from '../events/dialect/facts.js'

export type InstanceActionName =
  | 'instance_restart' | 'instance_resize_volume' | 'instance_resize_instance'
  | 'instance_promote' | 'instance_eject' | 'instance_detach'
  | 'instance_reboot' | 'upgrade' | 'migrate'

/** What an action does to the instance it was called on, decided by the API. */
export interface ActionPlan {
  /** Other instances that pass through the action's status too (a replication set). */
  readonly others?: readonly InstanceRow[]
  /** Quota reserved when the API accepts the request, committed when the work is done. */
  readonly deltas?: Deltas
  /** The taskmanager's state change, run inside the transaction that ends the work. */
  finish(now: string): void
  /** Status notifications (trove.instance.*) once the change is applied. */
  notify?(lc: Lifecycle, now: string): void
  /** Extra keys of the resource shown to the user. */
  resource?(): Record<string, unknown>
}

/** How one action runs: its status during the work and its rules. */
export interface ActionSpec {
  readonly operation: InstanceActionName
  /** `.start` facts beyond the instance (newSize, newFlavorId). */
  readonly start?: Record<string, unknown>
  /** The status shown during the work (Trove's REBOOT, RESIZE, …) and the task behind it. */
  readonly status: string
  readonly task: string
  /**
   * The action's own rules, checked after `assertActionable` inside the
   * transaction that claims the instance: throw a TroveError to refuse.
   */
  plan(inst: InstanceRow): ActionPlan
}

/** Another member of a replication set must be idle before an action moves it into its status. */
export function assertIdle(inst: InstanceRow, role: string): void {
  if (inst.status !== 'ACTIVE' || inst.task !== null) {
    throw unprocessable(`${role} ${inst.name} (${inst.id}) is not currently available for an action to be performed (status was ${inst.task ?? inst.status}); try again when it is ACTIVE.`)
  }
}

/**
 * Run one instance action on the instance `ref` (id or name). `precheck`: what
 * Trove 18 checks before its StartNotification (default: the instance exists).
 */
export async function runInstanceAction(ctx: OpContext, ref: string, spec: ActionSpec, precheck?: () => void): Promise<OperationResult> {
  const {world} = ctx
  const start = {instanceId: startInstanceId(ctx, ref), ...spec.start} as StartFacts[InstanceActionName]
  return runLifecycle<InstanceActionName>(ctx, spec.operation, start, async (lc) => {
    // ---- api: check the rules and claim the instances, atomically ---------
    const {inst, plan, members} = world.tx(() => {
      const inst = findInstance(world, ctx.caller.tenantId, ref)
      assertActionable(world, inst)
      const plan = spec.plan(inst)
      const members = [inst, ...(plan.others ?? [])]
      const now = isoTime(ctx.clock.now())
      if (plan.deltas) reserve(world, ctx.settings.limits, inst.tenant_id, plan.deltas, now)
      for (const m of members) world.instances.update(m.id, {status: spec.status, task: spec.task, updated_at: now})
      return {inst, plan, members}
    })
    lc.onRollback(
      ...members.map((m): UndoStep => ['instances.update', m.id, {status: m.status, task: m.task, updated_at: m.updated_at}]),
      ...(plan.deltas ? [['quotas.release', inst.tenant_id, plan.deltas] as const] : []),
    )

    // ---- taskmanager: the work, then the change ---------------------------
    lc.handoff('task')
    await lc.work(() => members.forEach((m) => ctx.onStatus?.(m.name, spec.status)))
    const now = isoTime(ctx.clock.now())
    world.tx(() => {
      plan.finish(now)
      for (const m of members) world.instances.update(m.id, {status: 'ACTIVE', task: null, updated_at: now})
      if (plan.deltas) world.quotas.commit(inst.tenant_id, plan.deltas, now)
    })
    lc.forgetRollbacks() // the change is made: a later failure does not take it back
    members.forEach((m) => ctx.onStatus?.(m.name, 'ACTIVE'))
    plan.notify?.(lc, now)
    const after = world.instances.get(inst.id)!
    const resource: ResourceRef = {id: after.id, name: after.name, status: after.status, ...plan.resource?.()}
    return {resource}
  }, {precheck: precheck ?? ((): void => void findInstance(world, ctx.caller.tenantId, ref))})
}

/** A cluster member is resized through its cluster, never on its own (Trove's ClusterInstanceOperationNotSupported). */
function refuseClusterMember(inst: InstanceRow, what: string): void {
  if (inst.cluster_id) {
    throw badRequest(`Instance ${inst.name} (${inst.id}) is a member of cluster ${inst.cluster_id}; ${what} is not supported for instances that are part of a cluster.`)
  }
}

/** Restart the database service: REBOOT during the work; clears "restart required". */
export function restartInstance(ctx: OpContext, ref: string): Promise<OperationResult> {
  return runInstanceAction(ctx, ref, {
    operation: 'instance_restart',
    status: 'REBOOT',
    task: 'REBOOTING',
    plan: (inst) => ({
      finish: (now) => ctx.world.instances.update(inst.id, {restart_required: 0, updated_at: now}),
    }),
  })
}

/**
 * Grow the data volume to `newSize` GB: RESIZE during the work; the volumes
 * quota is reserved for the difference and committed when done;
 * `trove.instance.modify_volume` carries old_volume_size and modify_at.
 */
export function resizeVolume(ctx: OpContext, ref: string, newSize: number): Promise<OperationResult> {
  const {world, settings} = ctx
  return runInstanceAction(ctx, ref, {
    operation: 'instance_resize_volume',
    start: {newSize},
    status: 'RESIZE',
    task: 'RESIZING',
    plan(inst) {
      refuseClusterMember(inst, 'resize-volume')
      const current = inst.volume_size
      if (current === null) throw badRequest(`Instance ${inst.name} (${inst.id}) has no volume to resize.`)
      if (!Number.isInteger(newSize) || newSize <= current) {
        throw badRequest(`The new volume size ${newSize} GB must be larger than the current volume size of ${current} GB.`)
      }
      const max = settings.limits.maxAcceptedVolumeSize
      if (newSize > max) throw badRequest(`Volume size ${newSize} GB cannot exceed the maximum of ${max} GB (max_accepted_volume_size).`)
      return {
        deltas: {volumes: newSize - current},
        finish: (now) => world.instances.update(inst.id, {volume_size: newSize, updated_at: now}),
        notify: (lc, now) => {
          lc.status({event: 'modify_volume', instance: instanceFacts(world.catalogue, settings, world.instances.get(inst.id)!), oldVolumeSize: current, modifyAt: now})
        },
        resource: () => ({volume_size: newSize, old_volume_size: current}),
      }
    },
  })
}

/** The id of a flavor reference when it is known (for `.start`), else the reference as given. */
function flavorIdOf(catalogue: Catalogue, ref: string): string {
  return catalogue.flavor(ref)?.id ?? ref
}

/**
 * Move an instance to another flavor: RESIZE during the work;
 * `trove.instance.modify_flavor` carries old_instance_size (the old flavor's RAM) and modify_at.
 */
export function resizeInstance(ctx: OpContext, ref: string, flavorRef: string): Promise<OperationResult> {
  const {world, settings} = ctx
  return runInstanceAction(ctx, ref, {
    operation: 'instance_resize_instance',
    start: {newFlavorId: flavorIdOf(world.catalogue, flavorRef)},
    status: 'RESIZE',
    task: 'RESIZING',
    plan(inst) {
      refuseClusterMember(inst, 'resize-instance')
      const flavor = findFlavor(world.catalogue, flavorRef)
      if (flavor.id === inst.flavor_id) {
        throw badRequest(`The new flavor ${flavor.name} (${flavor.id}) must be different from the current flavor of instance ${inst.name}.`)
      }
      const oldRam = world.catalogue.flavor(inst.flavor_id)?.ram ?? 0
      return {
        finish: (now) => world.instances.update(inst.id, {flavor_id: flavor.id, updated_at: now}),
        notify: (lc, now) => {
          lc.status({event: 'modify_flavor', instance: instanceFacts(world.catalogue, settings, world.instances.get(inst.id)!), oldInstanceSize: oldRam, modifyAt: now})
        },
        resource: () => ({flavor_id: flavor.id, old_flavor_id: inst.flavor_id}),
      }
    },
  })
}
