/**
 * Trove 18's own cluster operations the spec lacks (troveRules in
 * events/beyond-spec-data.ts): restart and upgrade (rolling, taskmanager
 * work), reset status (API; also what a cluster force delete runs first, as
 * troveclient does), and attaching / detaching a configuration group on
 * every member (API). What goes on the wire per member is the dialect's
 * (trove-18: a member lifecycle each); the world changes the same way.
 */
import {isoTime} from '../messaging/envelope.js'
import type {ClusterRow, InstanceRow} from '../state/rows.js'
import {memberIdsOf, clusterResource, findClusterOf, idleCluster, knownCluster} from './cluster.js'
import type {OpContext, OperationResult} from './context.js'
import {badRequest} from './errors.js'
import {resetRow} from './instance-beyond.js'
import type {Lifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {runLifecycle} from './lifecycle.js'
import {findConfiguration, findDatastore, startId} from './resolve.js'

const GALERA = ['mariadb', 'pxc']
/** Which cluster datastores each action supports in Trove 18 (the cluster strategies' API classes). */
const SUPPORTED = {
  restart: [...GALERA, 'cassandra'],
  upgrade: [...GALERA, 'redis', 'cassandra'],
  configuration_attach: [...GALERA, 'cassandra'],
  configuration_detach: [...GALERA, 'cassandra'],
} as const

/** Trove's answer for an action the cluster's datastore does not have (after .start: an API .error). */
function assertSupported(cluster: ClusterRow, action: keyof typeof SUPPORTED): void {
  if (!(SUPPORTED[action] as readonly string[]).includes(cluster.datastore)) {
    throw badRequest(`Action '${action}' not supported for ${cluster.datastore} clusters (cluster ${cluster.name}); it is for ${SUPPORTED[action].join(', ')}.`)
  }
}

/**
 * The rolling pattern: in the API, with the checks, the cluster gets `task`
 * and its members `status`/`task`; the work; then every member ACTIVE again
 * (with `finish` applied) and the cluster idle. Undone if the work fails.
 */
async function rolling(lc: Lifecycle, ref: string, o: {
  action: keyof typeof SUPPORTED, clusterTask: string, status: string, task: string, finishedBy: 'task' | 'api',
  check?(cluster: ClusterRow, members: readonly InstanceRow[]): void
  finish(cluster: ClusterRow, members: readonly InstanceRow[], now: string): void
}): Promise<{cluster: ClusterRow, members: readonly InstanceRow[]}> {
  const {world, clock, onStatus} = lc.ctx
  const {cluster, members} = world.tx(() => {
    const {cluster, members} = idleCluster(lc.ctx, ref)
    assertSupported(cluster, o.action)
    o.check?.(cluster, members)
    const now = isoTime(clock.now())
    world.clusters.update(cluster.id, {task: o.clusterTask, updated_at: now})
    for (const m of members) world.instances.update(m.id, {status: o.status, task: o.task, updated_at: now})
    return {cluster, members}
  })
  lc.onRollback(
    ['clusters.update', cluster.id, {task: cluster.task, updated_at: cluster.updated_at}],
    ...members.map((m): UndoStep => ['instances.update', m.id, {status: m.status, task: m.task, updated_at: m.updated_at}]),
  )
  if (o.finishedBy === 'task') lc.handoff('task')
  await lc.work(() => members.forEach((m) => onStatus?.(m.name, o.status)))
  const now = isoTime(clock.now())
  world.tx(() => {
    o.finish(cluster, members, now)
    for (const m of members) world.instances.update(m.id, {status: 'ACTIVE', task: null, updated_at: now})
    world.clusters.update(cluster.id, {task: null, updated_at: now})
  })
  lc.forgetRollbacks() // the change is made: a later failure does not take it back
  members.forEach((m) => onStatus?.(m.name, 'ACTIVE'))
  return {cluster, members}
}

/** Restart every member of a Galera or Cassandra cluster (REBOOT in turn; simulated together), taskmanager work. */
export async function restartCluster(ctx: OpContext, ref: string): Promise<OperationResult> {
  return runLifecycle(ctx, 'cluster_restart', {clusterId: startId(ctx.world.clusters.byRef(ref, ctx.caller.tenantId), ref), memberIds: memberIdsOf(ctx, ref)}, async (lc) => {
    const {cluster} = await rolling(lc, ref, {
      action: 'restart', clusterTask: 'RESTARTING_CLUSTER', status: 'REBOOT', task: 'REBOOTING', finishedBy: 'task',
      finish: (_c, members, now) => members.forEach((m) => ctx.world.instances.update(m.id, {restart_required: 0, updated_at: now})),
    })
    return {resource: clusterResource(ctx, cluster.id)}
  }, {precheck: knownCluster(ctx, ref)})
}

/** Upgrade a Galera, Redis or Cassandra cluster and every member to another version of its datastore (taskmanager work). */
export async function upgradeCluster(ctx: OpContext, ref: string, version: string): Promise<OperationResult> {
  const {world} = ctx
  const start = {clusterId: startId(world.clusters.byRef(ref, ctx.caller.tenantId), ref), memberIds: memberIdsOf(ctx, ref), datastoreVersionId: version}
  return runLifecycle(ctx, 'cluster_upgrade', start, async (lc) => {
    const {cluster} = await rolling(lc, ref, {
      action: 'upgrade', clusterTask: 'UPGRADING_CLUSTER', status: 'UPGRADE', task: 'UPGRADING', finishedBy: 'task',
      check: (c) => {
        findDatastore(world.catalogue, c.datastore, version)
        if (c.datastore_version === version) throw badRequest(`Cluster ${c.name} (${c.id}) already runs ${c.datastore} ${version}.`)
      },
      finish: (c, members, now) => {
        world.clusters.update(c.id, {datastore_version: version, updated_at: now})
        for (const m of members) world.instances.update(m.id, {datastore_version: version, updated_at: now})
      },
    })
    return {resource: clusterResource(ctx, cluster.id)}
  }, {precheck: () => findDatastore(world.catalogue, findClusterOf(ctx, ref).datastore, version)})
}

/** Reset a cluster's task and every member's status (any task; finished in the API; the members send nothing of their own). */
export async function resetClusterStatus(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world} = ctx
  return runLifecycle(ctx, 'cluster_reset_status', {clusterId: startId(world.clusters.byRef(ref, ctx.caller.tenantId), ref)}, async (lc) => {
    const cluster = findClusterOf(ctx, ref)
    const members = world.clusters.members(cluster.id)
    world.tx(() => {
      const now = isoTime(ctx.clock.now())
      world.clusters.update(cluster.id, {task: null, updated_at: now})
      for (const m of members) resetRow(world, m, now)
    })
    lc.onRollback(
      ['clusters.update', cluster.id, {task: cluster.task, updated_at: cluster.updated_at}],
      ...members.map((m): UndoStep => ['instances.update', m.id, {status: m.status, task: m.task, updated_at: m.updated_at}]),
    )
    await lc.work()
    return {resource: clusterResource(ctx, cluster.id)}
  }, {precheck: knownCluster(ctx, ref)})
}

/**
 * Attach a configuration group to a Galera or Cassandra cluster: every
 * member without another group gets it and needs a restart (API).
 */
export async function attachClusterConfiguration(ctx: OpContext, ref: string, configuration: string): Promise<OperationResult> {
  const {world} = ctx
  const groups = world.configurations.byRef(configuration, ctx.caller.tenantId)
  const without = memberIdsOf(ctx, ref).filter((id) => world.instances.get(id)?.configuration_id === null)
  const start = {clusterId: startId(world.clusters.byRef(ref, ctx.caller.tenantId), ref), memberIds: without, configurationId: startId(groups, configuration)}
  return runLifecycle(ctx, 'cluster_attach_configuration', start, async (lc) => {
    let groupId = ''
    const {cluster} = await rolling(lc, ref, {
      action: 'configuration_attach', clusterTask: 'UPDATING_CONFIGURATION', status: 'ACTIVE', task: 'UPDATING_CONFIGURATION', finishedBy: 'api',
      check: (c) => {
        const group = findConfiguration(world, ctx.caller.tenantId, configuration)
        if (group.datastore !== c.datastore || group.datastore_version !== c.datastore_version) {
          throw badRequest(`Configuration group ${group.name} is for ${group.datastore} ${group.datastore_version}, but cluster ${c.name} runs ${c.datastore} ${c.datastore_version}.`)
        }
        groupId = group.id
      },
      finish: (_c, members, now) => {
        for (const m of members) if (m.configuration_id === null) world.instances.update(m.id, {configuration_id: groupId, restart_required: 1, updated_at: now})
      },
    })
    return {resource: {...clusterResource(ctx, cluster.id), configuration_id: groupId}}
  }, {precheck: knownCluster(ctx, ref)})
}

/** Detach the configuration group of a Galera or Cassandra cluster from every member (API); they need a restart. */
export async function detachClusterConfiguration(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world} = ctx
  const withGroup = memberIdsOf(ctx, ref).filter((id) => (world.instances.get(id)?.configuration_id ?? null) !== null)
  return runLifecycle(ctx, 'cluster_detach_configuration', {clusterId: startId(world.clusters.byRef(ref, ctx.caller.tenantId), ref), memberIds: withGroup}, async (lc) => {
    const {cluster} = await rolling(lc, ref, {
      action: 'configuration_detach', clusterTask: 'UPDATING_CONFIGURATION', status: 'ACTIVE', task: 'UPDATING_CONFIGURATION', finishedBy: 'api',
      finish: (_c, members, now) => {
        for (const m of members) if (m.configuration_id !== null) world.instances.update(m.id, {configuration_id: null, restart_required: 1, updated_at: now})
      },
    })
    return {resource: clusterResource(ctx, cluster.id)}
  }, {precheck: knownCluster(ctx, ref)})
}
