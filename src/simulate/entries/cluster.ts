/**
 * Simulator entries for clusters: create, grow, shrink, add a shard
 * (MongoDB), delete. Members count against the instances and volumes quota,
 * so the mix only builds what fits.
 */
import {bogusId, MISTAKE, type SimOperation, simOperation} from '../registry.js'
import type {Rng, TenantWorld} from '../world.js'

/** Cluster datastores by how common they are. */
const CLUSTER_DATASTORES: Readonly<Record<string, number>> = {mongodb: 3, cassandra: 3, redis: 2, mariadb: 2, pxc: 2}

/** `n` members of one flavor and volume size. */
function members(n: number, flavor: string, volume: number): Array<Record<string, unknown>> {
  return Array.from({length: n}, () => ({flavor, volume}))
}

/** Idle clusters whose members are all ACTIVE (cluster actions need it). */
function idleClusters(w: TenantWorld) {
  return w.clusters().filter((c) => c.task === null && w.members(c.id).every((m) => m.status === 'ACTIVE' && m.task === null))
}

/** Room in the quota for `n` more members of `volume` GB. */
function roomFor(w: TenantWorld, n: number, volume: number): boolean {
  const room = w.quotaRoom()
  return room.instances >= n && room.volumes >= n * volume
}

function clusterOrBogus(w: TenantWorld, r: Rng): string {
  return r.pick(w.clusters())?.id ?? bogusId(r)
}

export const clusterEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'cluster_create',
    operation: 'cluster_create',
    weight: 1,
    creates: 'cluster',
    ready: (w) => roomFor(w, 3, 1),
    pick(w, r, names) {
      const datastore = r.weighted(Object.keys(CLUSTER_DATASTORES), (d) => CLUSTER_DATASTORES[d]!)!
      const room = w.quotaRoom()
      const volume = Math.max(1, Math.min(2, Math.floor(room.volumes / 3)))
      const args = {name: names.next(`${datastore}-cluster`), datastore, instances: members(3, r.pick(['2', '3'])!, volume)}
      // A cluster of a datastore that does not cluster (refused).
      return r.chance(MISTAKE) ? {...args, datastore: r.pick(['mysql', 'postgresql'])!} : args
    },
  }),

  simOperation({
    kind: 'cluster_grow',
    operation: 'cluster_grow',
    weight: 0.5,
    ready: (w) => idleClusters(w).length > 0 && roomFor(w, 1, 1),
    pick(w, r) {
      const cluster = r.pick(idleClusters(w))
      if (!cluster || r.chance(MISTAKE)) return {cluster: clusterOrBogus(w, r), instances: members(1, '2', w.limits.maxAcceptedVolumeSize + 5)}
      const first = w.members(cluster.id)[0]
      return {cluster: cluster.id, instances: members(1, first?.flavor_id ?? '2', Math.min(first?.volume_size ?? 1, Math.max(1, w.quotaRoom().volumes)))}
    },
  }),

  simOperation({
    kind: 'cluster_shrink',
    operation: 'cluster_shrink',
    weight: 0.4,
    ready: (w) => idleClusters(w).some((c) => w.members(c.id).length > 1),
    pick(w, r) {
      const cluster = r.pick(idleClusters(w).filter((c) => w.members(c.id).length > 1))
      if (!cluster || r.chance(MISTAKE)) {
        // Removing an instance that is not a member (refused).
        return {cluster: cluster?.id ?? clusterOrBogus(w, r), instances: [r.pick(w.standalone())?.id ?? bogusId(r)]}
      }
      return {cluster: cluster.id, instances: [w.members(cluster.id).at(-1)!.id]}
    },
  }),

  simOperation({
    kind: 'cluster_add_shard',
    operation: 'cluster_add_shard',
    weight: 0.3,
    ready: (w) => shardable(w).length > 0,
    pick(w, r) {
      const cluster = r.pick(shardable(w))
      // A shard for a datastore without shards (refused).
      if (!cluster || r.chance(MISTAKE)) return {cluster: r.pick(idleClusters(w).filter((c) => c.datastore !== 'mongodb'))?.id ?? clusterOrBogus(w, r)}
      return {cluster: cluster.id}
    },
  }),

  simOperation({
    kind: 'cluster_delete',
    operation: 'cluster_delete',
    weight: 0.8,
    ready: (w) => idleClusters(w).length > 0,
    pick: (w, r) => ({cluster: r.chance(MISTAKE) ? bogusId(r) : r.pick(idleClusters(w))?.id ?? bogusId(r)}),
  }),
]

/** Idle MongoDB clusters with quota room for another shard (as many members as the first shard). */
function shardable(w: TenantWorld) {
  return idleClusters(w).filter((c) => {
    if (c.datastore !== 'mongodb') return false
    const ms = w.members(c.id)
    const first = ms[0]
    const shard = ms.filter((m) => m.shard_id === first?.shard_id)
    return first !== undefined && roomFor(w, shard.length, first.volume_size ?? 1)
  })
}
