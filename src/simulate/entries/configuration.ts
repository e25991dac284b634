/**
 * Simulator entries for configuration groups: create, update (replace the
 * values), edit (merge), delete, and attaching / detaching them to
 * instances. Values come from each datastore's real parameters, so Trove's
 * checks pass — except for the occasional unknown parameter or wrong type.
 */
import {parameterRules} from '../../operations/configuration-parameters.js'
import {bogusId, MISTAKE, type SimOperation, simOperation} from '../registry.js'
import type {Rng, TenantWorld} from '../world.js'

/** Parameters a team tunes, with values that pass Trove's checks, per datastore manager. */
const TUNABLES: Readonly<Record<string, ReadonlyArray<readonly [string, (r: Rng) => unknown]>>> = {
  mysql: [
    ['max_connections', (r) => r.pick([100, 200, 500, 1000])],
    ['wait_timeout', (r) => r.pick([60, 300, 28800])],
    ['slow_query_log', (r) => r.chance(0.5)],
    ['long_query_time', (r) => r.pick([0.5, 1, 2.5])],
    ['innodb_buffer_pool_size', (r) => r.pick([134217728, 536870912, 1073741824])],
    ['max_allowed_packet', (r) => r.pick([16777216, 67108864])],
  ],
  postgresql: [
    ['max_connections', (r) => r.pick([100, 200, 400])],
    ['work_mem', (r) => r.pick(['4MB', '16MB', '64MB'])],
    ['log_min_duration_statement', (r) => r.pick([-1, 250, 1000])],
    ['autovacuum', (r) => r.chance(0.8)],
  ],
  redis: [
    ['maxclients', (r) => r.pick([1000, 10000])],
    ['maxmemory-policy', (r) => r.pick(['allkeys-lru', 'volatile-lru', 'noeviction'])],
    ['timeout', (r) => r.pick([0, 300])],
  ],
  cassandra: [
    ['compaction_throughput_mb_per_sec', (r) => r.pick([16, 32, 64])],
    ['concurrent_reads', (r) => r.pick([32, 64])],
  ],
}

const MANAGER_OF: Readonly<Record<string, string>> = {mysql: 'mysql', mariadb: 'mysql', percona: 'mysql', pxc: 'mysql', postgresql: 'postgresql', redis: 'redis', cassandra: 'cassandra'}

/** One to three tuned values for a datastore (or, as a mistake, an unknown parameter / a wrong type). */
function values(r: Rng, datastore: string, mistake: boolean): Record<string, unknown> {
  if (mistake) return r.chance(0.5) ? {max_connectionz: 100} : {max_connections: 'lots'}
  const tunables = TUNABLES[MANAGER_OF[datastore] ?? 'mysql'] ?? TUNABLES.mysql!
  const out: Record<string, unknown> = {}
  const n = r.int(1, Math.min(3, tunables.length))
  for (let i = 0; i < n; i++) {
    const [key, value] = r.pick(tunables)!
    out[key] = value(r)
  }
  return out
}

/** Datastores of the tenant's instances that have configuration groups (so groups get attached). */
function datastoresInUse(w: TenantWorld): Array<{datastore: string, version: string}> {
  const seen = new Map<string, {datastore: string, version: string}>()
  for (const i of w.instances()) {
    if (parameterRules(MANAGER_OF[i.datastore] ?? '') && !i.cluster_id) seen.set(`${i.datastore} ${i.datastore_version}`, {datastore: i.datastore, version: i.datastore_version})
  }
  return [...seen.values()]
}

/** (instance, group) pairs that may be attached: the instance has none, same datastore and version. */
function attachable(w: TenantWorld) {
  const groups = w.configurations()
  return w.actionable().filter((i) => !i.configuration_id && !i.cluster_id).flatMap((inst) =>
    groups.filter((g) => g.datastore === inst.datastore && g.datastore_version === inst.datastore_version).map((g) => ({inst, g})))
}

export const configurationEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'configuration_create',
    operation: 'configuration_create',
    weight: 2,
    creates: 'configuration',
    ready: (w) => datastoresInUse(w).length > 0 && w.configurations().length < 6,
    pick(w, r, names) {
      const target = r.pick(datastoresInUse(w)) ?? {datastore: 'mysql', version: w.versions('mysql').at(-1) ?? '8.0'}
      return {
        name: names.next(`${target.datastore}-tuning`), datastore: target.datastore, datastore_version: target.version,
        values: values(r, target.datastore, r.chance(MISTAKE)), ...(r.chance(0.3) ? {description: 'tuned for the shop workload'} : {}),
      }
    },
  }),

  simOperation({
    kind: 'configuration_update',
    operation: 'configuration_update',
    weight: 1,
    ready: (w) => w.configurations().length > 0,
    pick(w, r) {
      const g = r.pick(w.configurations())
      return {configuration: g?.id ?? bogusId(r), values: values(r, g?.datastore ?? 'mysql', r.chance(MISTAKE))}
    },
  }),

  simOperation({
    kind: 'configuration_edit',
    operation: 'configuration_edit',
    weight: 1.5,
    ready: (w) => w.configurations().length > 0,
    pick(w, r) {
      const g = r.pick(w.configurations())
      return {configuration: g?.id ?? bogusId(r), values: values(r, g?.datastore ?? 'mysql', r.chance(MISTAKE))}
    },
  }),

  simOperation({
    kind: 'configuration_delete',
    operation: 'configuration_delete',
    weight: 1,
    ready: (w) => w.configurations().some((g) => !w.attachedConfigurations().has(g.id)),
    pick(w, r) {
      const free = w.configurations().filter((g) => !w.attachedConfigurations().has(g.id))
      // Deleting a group still attached to an instance (refused).
      const attached = w.configurations().filter((g) => w.attachedConfigurations().has(g.id))
      const g = r.chance(MISTAKE) && attached.length > 0 ? r.pick(attached) : r.pick(free)
      return {configuration: g?.id ?? bogusId(r)}
    },
  }),

  simOperation({
    kind: 'instance_attach_configuration',
    operation: 'instance_attach_configuration',
    weight: 2,
    ready: (w) => attachable(w).length > 0,
    pick(w, r) {
      const pair = r.pick(attachable(w))
      if (!pair || r.chance(MISTAKE)) {
        // A group for another datastore, or a second group (refused).
        const inst = r.pick(w.actionable())
        const other = r.pick(w.configurations().filter((g) => g.datastore !== inst?.datastore || inst?.configuration_id))
        return {instance: inst?.id ?? bogusId(r), configuration: other?.id ?? bogusId(r)}
      }
      return {instance: pair.inst.id, configuration: pair.g.id}
    },
  }),

  simOperation({
    kind: 'instance_detach_configuration',
    operation: 'instance_detach_configuration',
    weight: 1.5,
    ready: (w) => w.actionable().some((i) => i.configuration_id),
    pick(w, r) {
      const inst = r.pick(w.actionable().filter((i) => i.configuration_id))
      // Detaching from an instance without a group (refused).
      if (!inst || r.chance(MISTAKE)) return {instance: r.pick(w.actionable().filter((i) => !i.configuration_id))?.id ?? bogusId(r)}
      return {instance: inst.id}
    },
  }),
]
