// In-process harness for rule tests: a throwaway world of either backend
// and a Notifier whose driver records the encoded messages it is handed
// (what would go on the wire). Every rule test runs against both backends
// (`eachBackend`), so the SQLite and memory worlds cannot drift.
// Integration tests use the real broker instead.
import assert from 'node:assert/strict'
import {describe} from 'node:test'
import {Notifier} from '../../dist/messaging/notifier.js'
import {MemoryWorld} from '../../dist/state/memory-world.js'
import {SqliteWorld} from '../../dist/state/sqlite-world.js'
import {resolveSettings} from '../../dist/settings/settings.js'
import {realClock, randomIds} from '../../dist/util/runtime.js'
import {pairLifecycles} from './lifecycle.js'

export const BACKENDS = ['sqlite', 'memory']

/** A fresh world of `backend`: SQLite's own in-memory database, or the memory backend. */
export function openBackend(backend) {
  if (backend === 'sqlite') return SqliteWorld.open(':memory:')
  if (backend === 'memory') return new MemoryWorld()
  throw new Error(`no backend ${backend}`)
}

/**
 * Register `fn({backend, world})`'s tests once per backend, each group named
 * after it; `world(options)` is `world({...options, backend})` below.
 */
export function eachBackend(fn) {
  for (const backend of BACKENDS) describe(`${backend} world`, () => fn({backend, world: (options = {}) => world({...options, backend})}))
}

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

/** Settings as a command resolves them with no flags, environment or config file. */
export function defaultSettings(override = {}) {
  return {...resolveSettings({flags: {}, env: {}, configDir: '/nonexistent', dataDir: '/tmp'}), ...override}
}

/** A world and an OpContext factory; `events()` lists event types sent so far. */
export function world({backend = 'sqlite', tenant = 'tenant-a', settingsOverride = {}, ...ctxOverride} = {}) {
  const settings = defaultSettings(settingsOverride)
  const state = openBackend(backend)
  const driver = new RecordingDriver()
  const notifier = new Notifier({driver, topics: ['notification'], clock: realClock, ids: randomIds})
  const ctx = (extra = {}) => ({
    world: state, notifier, clock: realClock, ids: randomIds, settings,
    caller: {tenantId: tenant, userId: 'user-1'}, delay: 0, ...ctxOverride, ...extra,
  })
  return {
    world: state, driver, notifier, settings, ctx,
    events: () => driver.sent.map((s) => s.message.event_type),
    messages: () => driver.sent.map((s) => s.message),
    reset: () => { driver.sent.length = 0 },
    /**
     * A snapshot of every table, to prove a failed operation changed nothing
     * (rows compared as sets: a row an undo puts back may come back in another place).
     */
    snapshot: () => Object.fromEntries(Object.entries(state.dump()).map(([t, rows]) => [t, rows.map((r) => JSON.stringify(r)).sort()])),
  }
}

/** A tenant's usage of one quota resource: {in_use, reserved}. */
export function usage(w, resource, tenant = 'tenant-a') {
  const {in_use, reserved} = w.world.quotas.usage(tenant, resource)
  return {in_use, reserved}
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
 * An operation that breaks one of Trove's rules: .start then .error from
 * `by` (the api unless said) with a message matching `message` and Trove's
 * class `cls`, every table as it was (expectError), and both messages right
 * by the catalog — of `operation` when named, else of whatever .start began
 * (expectSent). `run` gets a fresh context. Returns the two messages
 * (inner messages) {start, error}; the recording is reset for what follows.
 */
export async function refused(w, run, message, cls, {operation, by = 'api'} = {}) {
  const error = await expectError(w, () => run(w.ctx()), message, cls)
  const start = w.messages()[0]
  const started = start.event_type.replace(/^dbaas\.(\w+)\.start$/, '$1')
  if (operation !== undefined) assert.equal(started, operation)
  expectSent(w, [{operation: started, outcome: 'error', endedBy: by}])
  w.reset()
  return {start, error}
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
