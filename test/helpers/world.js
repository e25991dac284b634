// An in-process simulated Trove for rule tests: a :memory: state store, the
// log driver writing into an array (so payloads can be read back), a fixed
// caller. No broker, no process spawned: rule matrices stay fast.
import {Store} from '../../dist/state/store.js'
import {createNotifier} from '../../dist/messaging/factory.js'
import {DEFAULTS, DEFAULT_SERVICE_IDS} from '../../dist/settings/settings.js'
import {randomIds, realClock} from '../../dist/util/runtime.js'

export const TENANT = DEFAULTS.tenant

/** A fresh world: {store, ctx, messages, take(), snapshot(), withCtx(overrides), close()}. */
export function world() {
  const store = Store.open(':memory:')
  const messages = []
  const sink = {write(line) { messages.push(JSON.parse(line)); return true }, once() {}}
  const notifier = createNotifier({driver: 'log', topics: ['notification'], url: DEFAULTS.url, exchange: 'trove', durable: false}, {logStream: sink})
  const settings = {
    region: DEFAULTS.region, host: 'test-host', serviceIds: DEFAULT_SERVICE_IDS, clientIp: DEFAULTS.clientIp, serverIp: DEFAULTS.serverIp,
    limits: {instances: DEFAULTS.maxInstances, volumes: DEFAULTS.maxVolumes, backups: DEFAULTS.maxBackups, maxAcceptedVolumeSize: DEFAULTS.maxAcceptedVolumeSize},
  }
  const ctx = {store, notifier, clock: realClock, ids: randomIds, settings, caller: {tenantId: TENANT, userId: DEFAULTS.user}, delay: 0}
  return {
    store,
    ctx,
    messages,
    /** The context with some fields replaced (e.g. {fail: 'boom'}). */
    withCtx: (overrides) => ({...ctx, ...overrides}),
    /** The messages published since the last take (inner oslo messages, routing_key added). */
    take: () => messages.splice(0),
    /** Every table an operation may touch, as one comparable value (rows as sets: a restored row may get a new rowid). */
    snapshot: () => Object.fromEntries(['instances', 'databases', 'users', 'user_access', 'configurations']
      .map((t) => [t, store.db.prepare(`SELECT * FROM ${t}`).all().map((r) => JSON.stringify(r)).sort()])),
    close: () => store.close(),
  }
}
