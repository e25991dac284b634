// In-process harness for rule tests: a throwaway world (:memory:) and a
// Notifier whose driver records the encoded messages it is handed (what
// would go on the wire). Integration tests use the real broker instead.
import assert from 'node:assert/strict'
import {Notifier} from '../../dist/messaging/notifier.js'
import {Store} from '../../dist/state/store.js'
import {resolveSettings} from '../../dist/settings/settings.js'
import {realClock, randomIds} from '../../dist/util/runtime.js'
import {pairLifecycles} from './lifecycle.js'

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
    /**
     * A snapshot of every table, to prove a failed operation changed nothing
     * (rows compared as sets: a row an undo puts back gets a new rowid).
     */
    snapshot: () => Object.fromEntries(['instances', 'clusters', 'backups', 'databases', 'users', 'user_access', 'configurations', 'quotas', 'quota_usages']
      .map((t) => [t, store.db.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()])),
  }
}

/**
 * Run an operation that must break one of Trove's rules: exactly .start then
 * .error (ERROR priority, same request_id, message, traceback ending in the
 * Trove class), and every table as it was. Returns the .error (inner message).
 */
export async function expectError(w, run, pattern, cls) {
  const before = w.snapshot()
  w.reset()
  const r = await run()
  assert.equal(r.outcome, 'error', `expected .error, got ${r.outcome}`)
  assert.match(r.error, pattern)
  if (cls) assert.equal(r.error_class, cls)
  const [start, error] = w.messages()
  assert.equal(w.messages().length, 2)
  assert.match(start.event_type, /\.start$/)
  assert.match(error.event_type, /\.error$/)
  assert.equal(error.priority, 'ERROR')
  assert.equal(error.payload.request_id, start.payload.request_id)
  assert.equal(error.payload.message, r.error)
  assert.match(error.payload.exception.at(-1), new RegExp(`${r.error_class}: `))
  assert.equal(error.payload.exception[0], 'Traceback (most recent call last):\n')
  assert.deepEqual(w.snapshot(), before, 'state unchanged')
  return error
}

/**
 * The lifecycles sent since the last reset are exactly `expected`
 * ([{operation, outcome, endedBy}], in the order of their .start), each
 * checked against the catalog as on the wire (see lifecycle.js
 * pairLifecycles). Returns [{start, end}|{start, error}].
 */
export function expectSent(w, expected) {
  return pairLifecycles(w.driver.sent, expected, {topic: 'notification', host: w.settings.host})
}
