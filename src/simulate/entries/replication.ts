/**
 * Simulator entries for replication: promote a replica, eject a source,
 * detach a replica. (Replicas are created by the replica_create entry.)
 */
import {detachReplica, ejectReplicaSource, promoteToReplicaSource} from '../../operations/replication.js'
import {bogusId, MISTAKE, type SimOperation, simOperation, str} from '../registry.js'
import type {InstanceView, Rng, TenantWorld} from '../world.js'

const INSTANCE = {instance: {type: 'string', required: true, about: 'instance id or name'}} as const

/** Replicas whose whole replication set is idle (promote and detach need it). */
function idleReplicas(w: TenantWorld): InstanceView[] {
  const idle = new Set(w.actionable().map((i) => i.id))
  const all = w.instances()
  return w.actionable().filter((i) => i.replica_of && idle.has(i.replica_of)
    && all.filter((x) => x.replica_of === i.replica_of).every((x) => idle.has(x.id)))
}

/** Sources whose replicas are all idle. */
function idleSources(w: TenantWorld): InstanceView[] {
  const idle = new Set(w.actionable().map((i) => i.id))
  const all = w.instances()
  return w.actionable().filter((i) => !i.replica_of && w.replicaSources().has(i.id)
    && all.filter((x) => x.replica_of === i.id).every((x) => idle.has(x.id)))
}

/** What a user gets wrong: promoting or detaching an instance that is no replica (and the reverse for eject). */
function wrongKind(w: TenantWorld, r: Rng, replica: boolean): string {
  return r.pick(w.actionable().filter((i) => Boolean(i.replica_of) !== replica))?.id ?? bogusId(r)
}

export const replicationEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'instance_promote',
    operation: 'instance_promote',
    weight: 1,
    params: INSTANCE,
    ready: (w) => idleReplicas(w).length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? wrongKind(w, r, false) : r.pick(idleReplicas(w))?.id ?? wrongKind(w, r, false)}),
    run: (ctx, a) => promoteToReplicaSource(ctx, str(a, 'instance')),
  }),

  simOperation({
    kind: 'instance_eject',
    operation: 'instance_eject',
    weight: 0.5,
    params: INSTANCE,
    ready: (w) => idleSources(w).length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? wrongKind(w, r, true) : r.pick(idleSources(w))?.id ?? wrongKind(w, r, true)}),
    run: (ctx, a) => ejectReplicaSource(ctx, str(a, 'instance')),
  }),

  simOperation({
    kind: 'instance_detach',
    operation: 'instance_detach',
    weight: 1,
    params: INSTANCE,
    ready: (w) => idleReplicas(w).length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? wrongKind(w, r, false) : r.pick(idleReplicas(w))?.id ?? wrongKind(w, r, false)}),
    run: (ctx, a) => detachReplica(ctx, str(a, 'instance')),
  }),
]
