/**
 * Simulator entries for an instance's life: create (and replicas), restart,
 * resize volume and flavor, delete — how a tenant of the realistic mix does
 * them, and the arguments a scenario step gives them.
 */
import {REPLICATION_DATASTORES} from '../../operations/replication.js'
import {bogusId, MISTAKE, type SimOperation, simOperation} from '../registry.js'
import type {InstanceView, Rng, TenantWorld} from '../world.js'

/** Datastores a region runs, by how common they are. */
const DATASTORE_WEIGHTS: Readonly<Record<string, number>> = {
  mysql: 40, postgresql: 15, mariadb: 10, redis: 10, percona: 6, mongodb: 7, cassandra: 6, pxc: 6,
}
/** Flavors by popularity (ids of the seeded m1.* flavors). */
const FLAVOR_WEIGHTS: Readonly<Record<string, number>> = {1: 20, 2: 45, 3: 25, 4: 10}
const PREFIXES = ['shop', 'crm', 'web', 'api', 'billing', 'analytics', 'auth', 'search', 'cms', 'events', 'orders', 'geo']

/** The arguments of a fresh instance: datastore, flavor, size, sometimes databases and users. */
function newInstanceArgs(w: TenantWorld, r: Rng, name: string): Record<string, unknown> {
  const datastores = w.datastores()
  const ds = r.weighted(datastores, (d) => DATASTORE_WEIGHTS[d.name] ?? 1)!
  const versions = w.versions(ds.name)
  const flavor = r.weighted(Object.keys(FLAVOR_WEIGHTS), (f) => FLAVOR_WEIGHTS[f]!)!
  const room = w.quotaRoom().volumes
  const args: Record<string, unknown> = {
    name,
    flavor,
    datastore: ds.name,
    size: Math.max(1, Math.min(r.int(1, 4), Number.isFinite(room) ? room : 4)),
  }
  if (versions.length > 1 && r.chance(0.2)) args.datastore_version = r.pick(versions)
  if (w.supportsUsers(ds.name) && r.chance(0.4)) {
    const app = name.split('-')[0]!
    args.databases = [app]
    args.users = [{name: `${app}_rw`.slice(0, 16), password: r.word(12)}]
  }
  if (r.chance(0.1)) args.availability_zone = r.pick(['nova', 'az-1', 'az-2'])
  return args
}

export const instanceEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'instance_create',
    operation: 'instance_create',
    weight: 10,
    creates: 'instance',
    ready: (w) => w.quotaRoom().instances >= 1 && w.quotaRoom().volumes >= 1,
    pick(w, r, names) {
      const args = newInstanceArgs(w, r, names.next(r.pick(PREFIXES)!))
      if (r.chance(MISTAKE)) {
        // What users get wrong: a volume above max_accepted_volume_size, a flavor that does not exist.
        if (r.chance(0.5)) args.size = w.limits.maxAcceptedVolumeSize + r.int(1, 20)
        else args.flavor = String(r.int(90, 99))
      }
      return args
    },
  }),

  simOperation({
    kind: 'replica_create',
    operation: 'instance_create',
    weight: 2,
    creates: 'instance',
    args: {only: ['name', 'replica_of', 'replica_count'], require: ['replica_of']},
    ready: (w) => replicaSources(w).some((i) => w.quotaRoom().instances >= 1 && w.quotaRoom().volumes >= (i.volume_size ?? 1)),
    pick(w, r, names) {
      const source = r.pick(replicaSources(w))
      if (!source || r.chance(MISTAKE)) {
        // A replica of a replica (refused), or of nothing at all.
        const replica = r.pick(w.instances().filter((i) => i.replica_of))
        return {name: names.next('replica'), replica_of: replica?.id ?? bogusId(r)}
      }
      return {name: names.next(`${source.name}-replica`), replica_of: source.id}
    },
  }),

  simOperation({
    kind: 'instance_delete',
    operation: 'instance_delete',
    weight: 7,
    ready: (w) => deletable(w).length > 0,
    pick(w, r) {
      const target = r.pick(deletable(w))
      if (!target || r.chance(MISTAKE)) {
        // Deleting a replication source that still has replicas, or an id that is gone.
        const source = r.pick(w.instances().filter((i) => w.replicaSources().has(i.id)))
        return {instance: source?.id ?? bogusId(r)}
      }
      return {instance: target.id}
    },
  }),

  simOperation({
    kind: 'instance_restart',
    operation: 'instance_restart',
    weight: 3,
    ready: (w) => w.actionable().length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? mistakenInstance(w, r) : r.pick(w.actionable())?.id ?? bogusId(r)}),
  }),

  simOperation({
    kind: 'instance_resize_volume',
    operation: 'instance_resize_volume',
    weight: 3,
    ready: (w) => w.quotaRoom().volumes >= 1 && growable(w).length > 0,
    pick(w, r) {
      const inst = r.pick(growable(w))
      if (!inst || r.chance(MISTAKE)) {
        // Shrinking a volume, the most common mistake (refused).
        const any = r.pick(resizable(w))
        return {instance: any?.id ?? bogusId(r), size: Math.max(1, (any?.volume_size ?? 2) - 1)}
      }
      const current = inst.volume_size ?? 1
      const most = Math.min(w.limits.maxAcceptedVolumeSize, current + w.quotaRoom().volumes)
      return {instance: inst.id, size: r.int(current + 1, Math.min(most, current + 3))}
    },
  }),

  simOperation({
    kind: 'instance_resize_instance',
    operation: 'instance_resize_instance',
    weight: 2,
    ready: (w) => resizable(w).length > 0,
    pick(w, r) {
      const inst = r.pick(resizable(w))
      if (!inst || r.chance(MISTAKE)) return {instance: inst?.id ?? bogusId(r), flavor: inst?.flavor_id ?? '2'} // unchanged flavor: refused
      const flavors = Object.keys(FLAVOR_WEIGHTS).filter((f) => f !== inst.flavor_id)
      return {instance: inst.id, flavor: r.weighted(flavors, (f) => FLAVOR_WEIGHTS[f]!)!}
    },
  }),
]

/** Instances whose volume can grow (below max_accepted_volume_size). */
function growable(w: TenantWorld): InstanceView[] {
  return resizable(w).filter((i) => i.volume_size !== null && i.volume_size < w.limits.maxAcceptedVolumeSize)
}

/** Instances that can be the source of a new replica: stand-alone, of a datastore Trove replicates. */
function replicaSources(w: TenantWorld): InstanceView[] {
  return w.standalone().filter((i) => REPLICATION_DATASTORES.includes(i.datastore))
}

/** An instance a user would act on by mistake: one that is busy, gone, or (as a fallback) any. */
function mistakenInstance(w: TenantWorld, r: Rng): string {
  return r.chance(0.5) ? bogusId(r) : r.pick(w.instances())?.id ?? bogusId(r)
}

/** Actionable instances outside clusters (resize is refused for cluster members). */
function resizable(w: TenantWorld): InstanceView[] {
  return w.actionable().filter((i) => !i.cluster_id)
}

/** Instances a delete succeeds on: idle, not in a cluster, without replicas. */
function deletable(w: TenantWorld): InstanceView[] {
  const sources = w.replicaSources()
  return w.instances().filter((i) => (i.status === 'ACTIVE' || i.status === 'ERROR') && i.task === null && !i.cluster_id && !sources.has(i.id))
}
