// In-process harness for rule tests: a throwaway world (:memory:) and a
// Notifier whose driver records the encoded messages it is handed (what
// would go on the wire). Integration tests use the real broker instead.
import {Notifier} from '../../dist/messaging/notifier.js'
import {Store} from '../../dist/state/store.js'
import {resolveSettings} from '../../dist/settings/settings.js'
import {realClock, randomIds} from '../../dist/util/runtime.js'

export class RecordingDriver {
  constructor() {
    this.sent = []
    this.stats = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
  }
  async open() {}
  send(routingKey, body, message) {
    this.stats.published++
    this.stats.confirmed++
    this.sent.push({routingKey, body, message})
  }
  async flush() {}
  async capacity() {}
  async close() {}
}

/** A world and an OpContext factory; `events()` lists event types sent so far. */
export function world({tenant = 'tenant-a', settingsOverride = {}, ...ctxOverride} = {}) {
  const settings = {...resolveSettings({flags: {}, env: {}, configDir: '/nonexistent', dataDir: '/tmp'}), ...settingsOverride}
  const store = Store.open(':memory:')
  const driver = new RecordingDriver()
  const notifier = new Notifier({driver, topics: ['notification'], clock: realClock, ids: randomIds})
  const ctx = (extra = {}) => ({
    store, notifier, clock: realClock, ids: randomIds, settings,
    caller: {tenantId: tenant, userId: 'user-1'}, delay: 0, ...ctxOverride, ...extra,
  })
  return {
    store, driver, notifier, settings, ctx,
    events: () => driver.sent.map((s) => s.message.event_type),
    messages: () => driver.sent.map((s) => s.message),
    reset: () => { driver.sent.length = 0 },
    /** A snapshot of every table, to prove a failed operation changed nothing. */
    snapshot: () => Object.fromEntries(['instances', 'clusters', 'backups', 'databases', 'users', 'user_access', 'configurations', 'quotas', 'quota_usages']
      .map((t) => [t, store.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()])),
  }
}
