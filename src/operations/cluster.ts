/**
 * Clusters (spec 1.10.32–1.10.46). Create, delete, grow and shrink are
 * taskmanager work (`server_type` task); add-shard (MongoDB only) is finished
 * in the API. Every member is an instance row carrying cluster_id (and a
 * shard_id on datastores with shards), reserved against the tenant's
 * instances and volumes quota like any instance, and announced with its own
 * trove.instance.create / trove.instance.delete carrying cluster_id.
 * Trove's rules: datastores that support clusters only; actions need the
 * cluster idle (no task) and every member ACTIVE; shrink keeps at least one
 * member and refuses instances that are not members.
 */
import {isoTime} from '../messaging/envelope.js'
import type {Deltas} from '../state/quotas.js'
import type {ClusterRow, InstanceRow} from '../state/rows.js'
import type {OpContext, OperationResult, ResourceRef} from './context.js'
import {badRequest, type TroveError, unprocessable} from './errors.js'
import {checkVolumeSize, DEFAULT_VOLUME_SIZE, newInstanceRow} from './instance.js'
import {type Lifecycle, runLifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {reserve} from './quota.js'
import {findCluster, findDatastore, findFlavor, startId, startVersion} from './resolve.js'
import {instanceFacts} from './status.js'
import type {Input, MemberSpec} from '../inputs/index.js'

/** One member asked for with `--instance flavor=F,volume=GB[,…]` (declared in src/inputs/codecs.ts). */
export type {MemberSpec} from '../inputs/index.js'

/** Declared once, in src/inputs/cluster.ts. */
export type CreateClusterInput = Input<'cluster_create'>

/** Trove's cluster tasks (ClusterTasks); a NULL task is Trove's NONE: the cluster is idle. */
export const CLUSTER_TASKS = {
  create: 'BUILDING_INITIAL',
  delete: 'DELETING',
  grow: 'GROWING_CLUSTER',
  shrink: 'SHRINKING_CLUSTER',
  addShard: 'ADDING_SHARD',
} as const

// ---- lookups and rules ------------------------------------------------------

/** The id for a `.start` field: the cluster's id when the reference resolves, else the reference as given. */
function clusterIdOf(ctx: OpContext, ref: string): string {
  return startId(ctx.world.clusters.byRef(ref, ctx.caller.tenantId), ref)
}

/** The member ids of the cluster a reference names, in Trove's order (none when it does not resolve). */
export function memberIdsOf(ctx: OpContext, ref: string): string[] {
  const rows = ctx.world.clusters.byRef(ref, ctx.caller.tenantId)
  return rows.length === 1 ? ctx.world.clusters.members(rows[0]!.id).map((m) => m.id) : []
}

/** Trove 18 loads the cluster before its StartNotification: an unknown one is refused there. */
export const knownCluster = (ctx: OpContext, ref: string) => (): void => {
  findCluster(ctx.world, ctx.caller.tenantId, ref)
}

/** One live cluster of the caller's tenant, by id or name. */
export function findClusterOf(ctx: OpContext, ref: string): ClusterRow {
  return findCluster(ctx.world, ctx.caller.tenantId, ref)
}

/** A cluster action needs the cluster idle and every member ACTIVE with no task. */
export function assertClusterIdle(cluster: ClusterRow, members: readonly InstanceRow[]): void {
  if (cluster.task !== null) {
    throw unprocessable(`This action cannot be performed on the cluster while the current cluster task is '${cluster.task}'.`)
  }
  const busy = members.filter((m) => m.status !== 'ACTIVE' || m.task !== null)
  if (busy.length > 0) {
    throw unprocessable(`Cluster ${cluster.name} (${cluster.id}) is not ready: member ${busy.map((m) => `${m.name} is ${m.task ?? m.status}`).join(', ')}; try again when every member is ACTIVE.`)
  }
}

/** Trove's refusal of a cluster on a datastore without cluster support. */
function unsupportedClusters(ctx: OpContext, datastore: string): TroveError {
  const able = ctx.world.catalogue.datastores().filter((d) => d.supports_clusters).map((d) => d.name)
  return badRequest(`Clusters are not supported for datastore ${datastore}; use one of ${able.join(', ')}.`)
}

/** The resource shown for a cluster: status is its task (ACTIVE when idle), with its members. */
export function clusterResource(ctx: OpContext, id: string): ResourceRef {
  const cluster = ctx.world.clusters.get(id)!
  return {
    id: cluster.id, name: cluster.name, status: cluster.task ?? 'ACTIVE',
    datastore: cluster.datastore, datastore_version: cluster.datastore_version,
    instances: ctx.world.clusters.members(id).map((m) => m.id),
  }
}

// ---- members ---------------------------------------------------------------

/**
 * New member rows (BUILD) for `specs`: flavors and volume sizes checked,
 * names `<cluster>-member-<n>` never reused within the cluster.
 */
function planMembers(ctx: OpContext, cluster: ClusterRow, specs: readonly MemberSpec[], shardId: string | null): InstanceRow[] {
  const checked = specs.map((spec) => {
    checkVolumeSize(spec.volume, ctx.settings.limits)
    return {spec, flavor: findFlavor(ctx.world.catalogue, spec.flavor)}
  })
  const taken = ctx.world.clusters.memberNamesEver(cluster.id)
  let n = 0
  const nextName = (): string => {
    let name: string
    do name = `${cluster.name}-member-${++n}`
    while (taken.has(name))
    taken.add(name)
    return name
  }
  return checked.map(({spec, flavor}) => newInstanceRow(ctx, {
    name: '', availabilityZone: spec.availabilityZone, clusterId: cluster.id, shardId: shardId ?? undefined,
  }, {
    flavorId: flavor.id, datastore: cluster.datastore, version: cluster.datastore_version, size: spec.volume,
    configurationId: null, replicaOf: null, name: nextName(),
  }))
}

/** What members take from the quota: one instance each and their volumes. */
function memberDeltas(rows: readonly InstanceRow[]): Deltas {
  return {instances: rows.length, volumes: rows.reduce((sum, r) => sum + (r.volume_size ?? 0), 0)}
}

/** The API's decision: the cluster, and the members it adds or removes. */
interface Plan {
  readonly cluster: ClusterRow
  readonly rows: readonly InstanceRow[]
}

/**
 * api, in one transaction with the checks (two processes cannot both pass
 * them): `plan` validates against the current state and builds the members;
 * their quota is reserved, the cluster gets `task` (inserted when `isNew`)
 * and the members are inserted in BUILD. Undone if the operation fails later.
 */
function addMembers(lc: Lifecycle, task: string, isNew: boolean, plan: () => Plan): Plan & {deltas: Deltas} {
  const {world, settings, caller, clock} = lc.ctx
  const planned = world.tx(() => {
    const {cluster, rows} = plan()
    const deltas = memberDeltas(rows)
    const now = isoTime(clock.now())
    reserve(world, settings.limits, caller.tenantId, deltas, now)
    if (isNew) world.clusters.insert({...cluster, task})
    else world.clusters.update(cluster.id, {task, updated_at: now})
    for (const row of rows) world.instances.insert(row)
    return {cluster, rows, deltas}
  })
  const {cluster, rows, deltas} = planned
  lc.onRollback(
    ...rows.map((row): UndoStep => ['instances.remove', row.id]),
    isNew ? ['clusters.remove', cluster.id] : ['clusters.update', cluster.id, {task: cluster.task, updated_at: cluster.updated_at}],
    ['quotas.release', caller.tenantId, deltas],
  )
  return planned
}

/** task: the new members are ACTIVE, their quota committed, the cluster idle; one trove.instance.create each. */
function activateMembers(lc: Lifecycle, cluster: ClusterRow, rows: readonly InstanceRow[], deltas: Deltas): void {
  const {world, settings, caller, clock, onStatus} = lc.ctx
  const done = isoTime(clock.now())
  world.tx(() => {
    for (const row of rows) world.instances.update(row.id, {status: 'ACTIVE', task: null, launched_at: row.created_at, updated_at: done})
    world.clusters.update(cluster.id, {task: null, updated_at: done})
    world.quotas.commit(caller.tenantId, deltas, done)
  })
  for (const row of rows) {
    onStatus?.(row.name, 'ACTIVE')
    lc.status({event: 'create', instance: instanceFacts(world.catalogue, settings, world.instances.get(row.id)!)})
  }
}

/**
 * api, in one transaction with the checks: `plan` picks the members to
 * remove; they go SHUTDOWN (task DELETING) and the cluster gets `task`.
 * Undone if the operation fails later.
 */
function shutDownMembers(lc: Lifecycle, task: string, plan: () => Plan): Plan {
  const {world, clock} = lc.ctx
  const planned = world.tx(() => {
    const {cluster, rows} = plan()
    const now = isoTime(clock.now())
    world.clusters.update(cluster.id, {task, updated_at: now})
    for (const row of rows) world.instances.update(row.id, {status: 'SHUTDOWN', task: 'DELETING', updated_at: now})
    return {cluster, rows}
  })
  const {cluster, rows} = planned
  lc.onRollback(
    ['clusters.update', cluster.id, {task: cluster.task, updated_at: cluster.updated_at}],
    ...rows.map((row): UndoStep => ['instances.update', row.id, {status: row.status, task: row.task, updated_at: row.updated_at}]),
  )
  return planned
}

/**
 * task: the members are deleted and their quota freed, the cluster idle (or
 * deleted too); one trove.instance.delete with deleted_at each.
 */
function removeMembers(lc: Lifecycle, cluster: ClusterRow, rows: readonly InstanceRow[], clusterGone: boolean): void {
  const {world, settings, caller, clock} = lc.ctx
  const at = isoTime(clock.now())
  const freed = memberDeltas(rows)
  world.tx(() => {
    for (const row of rows) world.instances.update(row.id, {task: null, deleted_at: at, updated_at: at})
    world.clusters.update(cluster.id, {task: null, updated_at: at, ...(clusterGone ? {deleted_at: at} : {})})
    world.quotas.adjustInUse(caller.tenantId, {instances: -(freed.instances ?? 0), volumes: -(freed.volumes ?? 0)}, at)
  })
  for (const row of rows) lc.status({event: 'delete', instance: instanceFacts(world.catalogue, settings, world.instances.get(row.id)!), deletedAt: at})
}

const showStatus = (lc: Lifecycle, rows: readonly InstanceRow[], status: string) => (): void => {
  for (const row of rows) lc.ctx.onStatus?.(row.name, status)
}

// ---- operations ------------------------------------------------------------

/** A cluster of the tenant, checked idle with every member ACTIVE; and its members. */
export function idleCluster(ctx: OpContext, ref: string): {cluster: ClusterRow, members: readonly InstanceRow[]} {
  const cluster = findCluster(ctx.world, ctx.caller.tenantId, ref)
  const members = ctx.world.clusters.members(cluster.id)
  assertClusterIdle(cluster, members)
  return {cluster, members}
}

/** Create a cluster and its members: one lifecycle, one trove.instance.create per member. */
export async function createCluster(ctx: OpContext, input: CreateClusterInput): Promise<OperationResult> {
  const {world} = ctx
  const start = {
    name: input.name,
    datastore: input.datastore,
    datastoreVersion: startVersion(world.catalogue, input.datastore, input.datastoreVersion),
  }
  const precheck = (): void => {
    const {datastore} = findDatastore(world.catalogue, input.datastore, input.datastoreVersion)
    if (!datastore.supports_clusters) throw unsupportedClusters(ctx, datastore.name)
  }
  return runLifecycle(ctx, 'cluster_create', start, async (lc) => {
    // ---- api: validate, reserve, record -------------------------------------
    const {cluster, rows, deltas} = addMembers(lc, CLUSTER_TASKS.create, true, () => {
      const {datastore, version} = findDatastore(world.catalogue, input.datastore, input.datastoreVersion)
      if (!datastore.supports_clusters) throw unsupportedClusters(ctx, datastore.name)
      if (input.instances.length === 0) throw badRequest('A cluster needs at least one instance: give --instance flavor=F,volume=GB.')
      const now = isoTime(ctx.clock.now())
      const cluster: ClusterRow = {
        id: ctx.ids.uuid(), name: input.name, tenant_id: ctx.caller.tenantId, datastore: datastore.name, datastore_version: version,
        task: null, created_at: now, updated_at: now, deleted_at: null,
      }
      // A sharded datastore (MongoDB) starts with one shard holding every member.
      return {cluster, rows: planMembers(ctx, cluster, input.instances, datastore.supports_shards ? ctx.ids.uuid() : null)}
    })

    // ---- taskmanager: build the members -----------------------------------
    lc.handoff('task')
    await lc.work(showStatus(lc, rows, 'BUILD'))
    activateMembers(lc, cluster, rows, deltas)
    return {end: {clusterId: cluster.id}, resource: clusterResource(ctx, cluster.id)}
  }, {precheck})
}

/** Delete a cluster: every member gets trove.instance.delete (with cluster_id and deleted_at); quota freed. */
export async function deleteCluster(ctx: OpContext, ref: string): Promise<OperationResult> {
  return runLifecycle(ctx, 'cluster_delete', {clusterId: clusterIdOf(ctx, ref), memberIds: memberIdsOf(ctx, ref)}, async (lc) => {
    const {cluster, rows} = shutDownMembers(lc, CLUSTER_TASKS.delete, () => {
      const {cluster, members} = idleCluster(ctx, ref)
      return {cluster, rows: members}
    })

    lc.handoff('task')
    await lc.work(showStatus(lc, rows, 'SHUTDOWN'))
    removeMembers(lc, cluster, rows, true)
    return {resource: {id: cluster.id, name: cluster.name, status: 'DELETED', instances: rows.map((m) => m.id)}}
  }, {precheck: knownCluster(ctx, ref)})
}

/** Add instances to a cluster (on a sharded datastore they join its newest shard). */
export async function growCluster(ctx: OpContext, ref: string, instances: readonly MemberSpec[]): Promise<OperationResult> {
  return runLifecycle(ctx, 'cluster_grow', {clusterId: clusterIdOf(ctx, ref)}, async (lc) => {
    const {cluster, rows, deltas} = addMembers(lc, CLUSTER_TASKS.grow, false, () => {
      const {cluster, members} = idleCluster(ctx, ref)
      if (instances.length === 0) throw badRequest('Growing a cluster needs at least one instance: give --instance flavor=F,volume=GB.')
      return {cluster, rows: planMembers(ctx, cluster, instances, members.at(-1)?.shard_id ?? null)}
    })

    lc.handoff('task')
    await lc.work(showStatus(lc, rows, 'BUILD'))
    activateMembers(lc, cluster, rows, deltas)
    return {end: {instanceIds: rows.map((r) => r.id)}, resource: {...clusterResource(ctx, cluster.id), added: rows.map((r) => r.id)}}
  }, {precheck: knownCluster(ctx, ref)})
}

/** The members named by `refs` (ids or names), refusing names that are not members and removing them all. */
function membersToRemove(cluster: ClusterRow, members: readonly InstanceRow[], refs: readonly string[]): InstanceRow[] {
  if (refs.length === 0) throw badRequest(`Name the member instances to remove from cluster ${cluster.name}.`)
  const unknown: string[] = []
  const chosen = new Map<string, InstanceRow>()
  for (const r of new Set(refs)) {
    const byId = members.filter((m) => m.id === r)
    const matches = byId.length > 0 ? byId : members.filter((m) => m.name === r)
    if (matches.length === 0) unknown.push(r)
    else if (matches.length > 1) throw badRequest(`Several members of cluster ${cluster.name} are named ${r}; use an id.`)
    else chosen.set(matches[0]!.id, matches[0]!)
  }
  if (unknown.length > 0) {
    throw badRequest(`${unknown.join(', ')} ${unknown.length === 1 ? 'is not a member' : 'are not members'} of cluster ${cluster.name} (${cluster.id}); its members are ${members.map((m) => m.name).join(', ')}.`)
  }
  if (chosen.size >= members.length) {
    throw badRequest(`Cannot remove every member of cluster ${cluster.name}: a cluster keeps at least one; use cluster delete to remove it.`)
  }
  return [...chosen.values()]
}

/** Remove named member instances; the cluster keeps at least one. */
export async function shrinkCluster(ctx: OpContext, ref: string, instanceRefs: readonly string[]): Promise<OperationResult> {
  const members = ctx.world.clusters.byRef(ref, ctx.caller.tenantId).flatMap((c) => ctx.world.clusters.members(c.id))
  const instanceIds = instanceRefs.map((r) => members.find((m) => m.id === r)?.id ?? startId(members.filter((m) => m.name === r), r))
  return runLifecycle(ctx, 'cluster_shrink', {clusterId: clusterIdOf(ctx, ref), instanceIds}, async (lc) => {
    const {cluster, rows} = shutDownMembers(lc, CLUSTER_TASKS.shrink, () => {
      const {cluster, members} = idleCluster(ctx, ref)
      return {cluster, rows: membersToRemove(cluster, members, instanceRefs)}
    })

    lc.handoff('task')
    await lc.work(showStatus(lc, rows, 'SHUTDOWN'))
    removeMembers(lc, cluster, rows, false)
    return {resource: {...clusterResource(ctx, cluster.id), removed: rows.map((r) => r.id)}}
  }, {precheck: knownCluster(ctx, ref)})
}

/**
 * Add a shard to a MongoDB cluster: as many members as its first shard, with
 * the first member's flavor, volume size and zone, under a new shard_id.
 * The API finishes the lifecycle (spec: add_shard ends in the API): it takes
 * the simulated time and any `--fail`; the members' trove.instance.create
 * come from the taskmanager that builds them.
 */
export async function addShard(ctx: OpContext, ref: string): Promise<OperationResult> {
  return runLifecycle(ctx, 'cluster_add_shard', {clusterId: clusterIdOf(ctx, ref)}, async (lc) => {
    const {cluster, rows, deltas} = addMembers(lc, CLUSTER_TASKS.addShard, false, () => {
      const found = findCluster(ctx.world, ctx.caller.tenantId, ref)
      if (!ctx.world.catalogue.datastore(found.datastore)?.supports_shards) {
        throw badRequest(`Adding a shard is supported only for MongoDB clusters; cluster ${found.name} is ${found.datastore}.`)
      }
      const {cluster, members} = idleCluster(ctx, ref)
      const first = members[0]
      if (!first) throw unprocessable(`Cluster ${cluster.name} (${cluster.id}) has no members to model a shard on.`)
      const template: MemberSpec = {flavor: first.flavor_id, volume: first.volume_size ?? DEFAULT_VOLUME_SIZE, availabilityZone: first.availability_zone}
      const shardSize = members.filter((m) => m.shard_id === first.shard_id).length
      return {cluster, rows: planMembers(ctx, cluster, Array.from({length: shardSize}, () => template), ctx.ids.uuid())}
    })

    await lc.work(showStatus(lc, rows, 'BUILD'))
    lc.handoff('task')
    activateMembers(lc, cluster, rows, deltas)
    lc.handoff('api')
    return {resource: {...clusterResource(ctx, cluster.id), added: rows.map((r) => r.id), shard_id: rows[0]!.shard_id}}
  }, {precheck: knownCluster(ctx, ref)})
}
