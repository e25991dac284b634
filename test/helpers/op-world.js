// In-process operations for rules tests: a throwaway world (:memory:), a
// notifier whose driver keeps every message it is handed (no broker), and a
// caller. Fast enough to check every rule; the CLI tests cover the wire.
import assert from 'node:assert/strict'
import {Notifier} from '../../dist/messaging/notifier.js'
import {DEFAULT_SERVICE_IDS, DEFAULTS} from '../../dist/settings/settings.js'
import {Store} from '../../dist/state/store.js'
import {realClock, seededIds} from '../../dist/util/runtime.js'

export const HOST = 'testhost'
export const TENANT = DEFAULTS.tenant

/** A driver that records what it is sent: [{routingKey, message}] (message = the oslo inner message). */
class MemoryDriver {
  stats = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
  messages = []
  async open() {}
  send(routingKey, _body, message) {
    this.stats.published++
    this.stats.confirmed++
    this.messages.push({routingKey, message})
  }
  async flush() {}
  async capacity() {}
  async close() {}
}

/**
 * A world and an operation context. `limits` overrides the default quotas.
 * `ctx(over)` gives a context with e.g. {fail: 'boom'} or {delay: 0.05, onStatus}.
 */
export function opWorld({limits = {}, seed = 'op-world'} = {}) {
  const store = Store.open(':memory:')
  const driver = new MemoryDriver()
  const ids = seededIds(seed)
  const notifier = new Notifier({driver, topics: ['notification'], clock: realClock, ids})
  const settings = {
    region: DEFAULTS.region, host: HOST, serviceIds: DEFAULT_SERVICE_IDS, clientIp: DEFAULTS.clientIp, serverIp: DEFAULTS.serverIp,
    limits: {
      instances: DEFAULTS.maxInstances, volumes: DEFAULTS.maxVolumes, backups: DEFAULTS.maxBackups,
      maxAcceptedVolumeSize: DEFAULTS.maxAcceptedVolumeSize, ...limits,
    },
  }
  const base = {store, notifier, clock: realClock, ids, settings, caller: {tenantId: TENANT, userId: DEFAULTS.user}, delay: 0}
  return {
    store,
    ctx: (over = {}) => ({...base, ...over}),
    /** Every message published so far (and forget them). */
    drain() {
      return driver.messages.splice(0)
    },
    /** {in_use, reserved} of a quota resource for the tenant. */
    usage(resource, tenant = TENANT) {
      const row = store.db.prepare('SELECT in_use, reserved FROM quota_usages WHERE tenant_id = ? AND resource = ?').get(tenant, resource)
      return {in_use: row?.in_use ?? 0, reserved: row?.reserved ?? 0}
    },
    /** The whole mutable world as plain data, to compare before/after a refused operation. */
    snapshot() {
      const out = {}
      for (const t of ['instances', 'clusters', 'backups', 'quota_usages', 'databases', 'users']) {
        out[t] = store.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()
      }
      return out
    },
    /**
     * Run `op`, expect `.error` with a message matching `re` (and `errorClass`),
     * and the world unchanged. After an injected failure (`--fail`) a quota
     * reservation was taken and released: only its `updated` time (or an
     * all-zero usage row) may remain. Returns {r, messages}.
     */
    async refused(op, re, errorClass) {
      const before = this.snapshot()
      this.drain()
      const r = await op()
      assert.equal(r.outcome, 'error')
      assert.match(r.error, re)
      if (errorClass) assert.equal(r.error_class, errorClass)
      const after = this.snapshot()
      if (r.error_class === 'TroveError' || r.error_class === 'GuestError') {
        for (const s of [before, after]) {
          s.quota_usages = s.quota_usages.filter((u) => u.in_use !== 0 || u.reserved !== 0).map(({updated_at, ...u}) => u)
        }
      }
      assert.deepEqual(after, before, 'state unchanged')
      return {r, messages: this.drain()}
    },
    close() {
      store.close()
    },
  }
}
