/**
 * Simulator entries for replication: promote a replica, eject a source,
 * detach a replica. (Replicas are created by the replica_create entry.)
 */
import {bogusId, MISTAKE, type SimOperation, simOperation} from '../registry.js'
import type {InstanceView, Rng, TenantWorld} from '../world.js'

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

/**
 * What a user gets wrong: an instance of the other kind than the action
 * needs — promoting or detaching one that is no replica, ejecting a replica.
 */
function wrongKind(w: TenantWorld, r: Rng, needsReplica: boolean): string {
  return r.pick(w.actionable().filter((i) => Boolean(i.replica_of) !== needsReplica))?.id ?? bogusId(r)
}

/** An action on one instance of a replication set: who it applies to (`targets`), and what a user gets wrong instead. */
function replicationAction(kind: 'instance_promote' | 'instance_eject' | 'instance_detach', weight: number,
  targets: (w: TenantWorld) => InstanceView[], onReplica: boolean): SimOperation {
  return simOperation({
    kind,
    operation: kind,
    weight,
    ready: (w) => targets(w).length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? wrongKind(w, r, onReplica) : r.pick(targets(w))?.id ?? wrongKind(w, r, onReplica)}),
  })
}

export const replicationEntries: readonly SimOperation[] = [
  replicationAction('instance_promote', 1, idleReplicas, true),
  replicationAction('instance_eject', 0.5, idleSources, false),
  replicationAction('instance_detach', 1, idleReplicas, true),
]
