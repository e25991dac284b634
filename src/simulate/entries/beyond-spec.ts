/**
 * Simulator entries for the nine operations Trove 18 has and the spec lacks
 * (reboot, reset status, upgrade, migrate; cluster restart, upgrade, reset
 * status, attach / detach configuration). Their default weight is 0: the
 * default mix is the spec's, so a seed gives the same spec stream as before
 * they existed; `--mix default,instance_reboot=2,cluster_*=1` (or a scenario
 * step) selects them.
 */
import {bogusId, MISTAKE, type SimOperation, simOperation} from '../registry.js'
import type {Rng, TenantWorld} from '../world.js'

/** Galera (mariadb, pxc) and Cassandra: the cluster strategies with restart and configuration groups in Trove 18. */
const ROLLING = ['mariadb', 'pxc', 'cassandra']

/** Idle clusters whose members are all ACTIVE. */
function idle(w: TenantWorld, datastores?: readonly string[]) {
  return w.clusters().filter((c) => c.task === null && (!datastores || datastores.includes(c.datastore))
    && w.members(c.id).every((m) => m.status === 'ACTIVE' && m.task === null))
}

const standalone = (w: TenantWorld) => w.actionable().filter((i) => !i.cluster_id)

/** A version of the datastore other than `current`, when it has one. */
function otherVersion(w: TenantWorld, r: Rng, datastore: string, current: string): string | undefined {
  return r.pick(w.versions(datastore).filter((v) => v !== current))
}

export const beyondSpecEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'instance_reboot',
    operation: 'instance_reboot',
    weight: 0,
    ready: (w) => standalone(w).length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? bogusId(r) : r.pick(standalone(w))?.id ?? bogusId(r)}),
  }),
  simOperation({
    kind: 'instance_reset_status',
    operation: 'instance_reset_status',
    weight: 0,
    ready: (w) => w.instances().length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? bogusId(r) : r.pick(w.instances())?.id ?? bogusId(r)}),
  }),
  simOperation({
    kind: 'upgrade',
    operation: 'upgrade',
    weight: 0,
    ready: (w) => standalone(w).some((i) => w.versions(i.datastore).length > 1),
    pick(w, r) {
      const inst = r.pick(standalone(w).filter((i) => w.versions(i.datastore).length > 1))
      if (!inst || r.chance(MISTAKE)) return {instance: inst?.id ?? bogusId(r), datastore_version: '0.0'} // no such version: refused
      return {instance: inst.id, datastore_version: otherVersion(w, r, inst.datastore, inst.datastore_version)!}
    },
  }),
  simOperation({
    kind: 'migrate',
    operation: 'migrate',
    weight: 0,
    ready: (w) => standalone(w).length > 0,
    pick: (w, r) => ({instance: r.chance(MISTAKE) ? bogusId(r) : r.pick(standalone(w))?.id ?? bogusId(r), ...(r.chance(0.5) ? {host: `compute-${r.int(1, 9)}`} : {})}),
  }),
  simOperation({
    kind: 'cluster_restart',
    operation: 'cluster_restart',
    weight: 0,
    ready: (w) => idle(w, ROLLING).length > 0,
    pick: (w, r) => ({cluster: r.chance(MISTAKE) ? r.pick(idle(w))?.id ?? bogusId(r) : r.pick(idle(w, ROLLING))?.id ?? bogusId(r)}),
  }),
  simOperation({
    kind: 'cluster_upgrade',
    operation: 'cluster_upgrade',
    weight: 0,
    ready: (w) => idle(w, [...ROLLING, 'redis']).some((c) => w.versions(c.datastore).length > 1),
    pick(w, r) {
      const c = r.pick(idle(w, [...ROLLING, 'redis']).filter((x) => w.versions(x.datastore).length > 1))
      if (!c) return {cluster: bogusId(r), datastore_version: '1.0'}
      return {cluster: c.id, datastore_version: otherVersion(w, r, c.datastore, c.datastore_version)!}
    },
  }),
  simOperation({
    kind: 'cluster_reset_status',
    operation: 'cluster_reset_status',
    weight: 0,
    ready: (w) => w.clusters().length > 0,
    pick: (w, r) => ({cluster: r.pick(w.clusters())?.id ?? bogusId(r)}),
  }),
  simOperation({
    kind: 'cluster_attach_configuration',
    operation: 'cluster_attach_configuration',
    weight: 0,
    ready: (w) => idle(w, ROLLING).some((c) => w.configurations().some((g) => g.datastore === c.datastore && g.datastore_version === c.datastore_version)),
    pick(w, r) {
      const c = r.pick(idle(w, ROLLING).filter((x) => w.configurations().some((g) => g.datastore === x.datastore && g.datastore_version === x.datastore_version)))
      const group = c && r.pick(w.configurations().filter((g) => g.datastore === c.datastore && g.datastore_version === c.datastore_version))
      return {cluster: c?.id ?? bogusId(r), configuration: group?.id ?? bogusId(r)}
    },
  }),
  simOperation({
    kind: 'cluster_detach_configuration',
    operation: 'cluster_detach_configuration',
    weight: 0,
    ready: (w) => idle(w, ROLLING).length > 0,
    pick: (w, r) => ({cluster: r.pick(idle(w, ROLLING))?.id ?? bogusId(r)}),
  }),
]
