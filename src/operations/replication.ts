/**
 * Replication actions the taskmanager finishes: promote a replica to be the
 * replication source, eject a source and elect a new one among its replicas,
 * detach a replica. Replicas themselves are created by `instance create
 * --replica-of` (instance.ts); a replication set is one source (replica_of
 * NULL) and the live instances whose replica_of names it.
 */
import type {InstanceRow} from '../state/rows.js'
import type {World} from '../state/world.js'
import type {OpContext, OperationResult} from './context.js'
import {badRequest} from './errors.js'
import {assertIdle, runInstanceAction} from './instance-actions.js'

/**
 * Datastores Trove has a replication strategy for (MySQL family through
 * GTIDs or binlog, PostgreSQL, Redis). Galera (pxc), MongoDB and Cassandra
 * replicate inside their clusters instead.
 */
export const REPLICATION_DATASTORES: readonly string[] = ['mysql', 'mariadb', 'percona', 'postgresql', 'redis']

/** The live source of a replica, or a refusal naming what to do. */
function sourceOf(world: World, replica: InstanceRow): InstanceRow {
  const source = replica.replica_of ? world.instances.get(replica.replica_of) : undefined
  if (!source || source.deleted_at !== null) {
    throw badRequest(`The replication source ${replica.replica_of} of instance ${replica.name} (${replica.id}) no longer exists; detach the replica instead.`)
  }
  return source
}

function notAReplica(inst: InstanceRow, action: string): never {
  throw badRequest(`Instance ${inst.name} (${inst.id}) is not a replica; only a replica can be ${action}.`)
}

/**
 * Promote a replica to replication source: the replica becomes the source,
 * the old source becomes its replica, and the other replicas follow the new
 * source. The whole set shows PROMOTE during the work.
 */
export function promoteToReplicaSource(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world} = ctx
  return runInstanceAction(ctx, ref, {
    operation: 'instance_promote',
    status: 'PROMOTE',
    task: 'PROMOTING',
    plan(replica) {
      if (!replica.replica_of) notAReplica(replica, 'promoted to replica source')
      const source = sourceOf(world, replica)
      const siblings = world.instances.replicasOf(source.id).filter((r) => r.id !== replica.id)
      assertIdle(source, 'Replication source')
      for (const s of siblings) assertIdle(s, 'Replica')
      return {
        others: [source, ...siblings],
        finish(now) {
          world.instances.update(replica.id, {replica_of: null, updated_at: now})
          for (const follower of [source, ...siblings]) world.instances.update(follower.id, {replica_of: replica.id, updated_at: now})
        },
        resource: () => ({replicas: [source.id, ...siblings.map((s) => s.id)], old_replica_source: source.id}),
      }
    },
  })
}

/**
 * Eject a replication source (the simulated source counts as unreachable, as
 * Trove requires): the oldest replica is elected the new source, the other
 * replicas follow it, and the ejected instance leaves the set. The whole set
 * shows EJECT during the work.
 */
export function ejectReplicaSource(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world} = ctx
  return runInstanceAction(ctx, ref, {
    operation: 'instance_eject',
    status: 'EJECT',
    task: 'EJECTING',
    plan(source) {
      if (source.replica_of) {
        throw badRequest(`Instance ${source.name} (${source.id}) is a replica, not a replica source; eject its source ${source.replica_of}, or promote this replica.`)
      }
      const replicas = world.instances.replicasOf(source.id)
      if (replicas.length === 0) throw badRequest(`Instance ${source.name} (${source.id}) is not a replica source: it has no replicas.`)
      for (const r of replicas) assertIdle(r, 'Replica')
      const [elected, ...followers] = replicas as [InstanceRow, ...InstanceRow[]]
      return {
        others: replicas,
        finish(now) {
          world.instances.update(elected.id, {replica_of: null, updated_at: now})
          for (const f of followers) world.instances.update(f.id, {replica_of: elected.id, updated_at: now})
        },
        resource: () => ({new_replica_source: elected.id, replicas: followers.map((f) => f.id)}),
      }
    },
  })
}

/** Detach a replica from its source: it becomes a standalone instance. DETACH during the work. */
export function detachReplica(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world} = ctx
  return runInstanceAction(ctx, ref, {
    operation: 'instance_detach',
    status: 'DETACH',
    task: 'DETACHING',
    plan(replica) {
      if (!replica.replica_of) notAReplica(replica, 'detached from its replication source')
      const source = replica.replica_of
      return {
        finish: (now) => world.instances.update(replica.id, {replica_of: null, updated_at: now}),
        resource: () => ({detached_from: source}),
      }
    },
  })
}
