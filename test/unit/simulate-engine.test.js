// The simulation engine in-process (noop / log driver, in-memory world): the
// realistic mix exercises all 29 operations under Trove's rules without a
// single internal error, --error-rate injects what it says, and a long run's
// own world stays small.
import assert from 'node:assert/strict'
import {PassThrough} from 'node:stream'
import {test} from 'node:test'
import {Simulation} from '../../dist/simulate/engine.js'
import {defaultMix, parseMix} from '../../dist/simulate/mix.js'
import {OPERATIONS} from '../../dist/events/catalog.js'
import {resolveSettings} from '../../dist/settings/settings.js'
import {Store} from '../../dist/state/store.js'
import {recordedMessages} from '../helpers/recording.js'

function settings(driver = 'noop') {
  return resolveSettings({flags: {driver, state: ':memory:'}, env: {}, configDir: '/nonexistent', dataDir: '/nonexistent'})
}

function simulation(options) {
  const store = Store.open(':memory:')
  const sim = new Simulation({
    settings: settings(options.driver), store, ownWorld: true, seed: 'engine', worker: {index: 1, count: 1}, tenants: 30,
    rate: 0, concurrency: 8, errorRate: 0, mix: defaultMix(), timeScale: 1, delay: 0, ...options,
  })
  return {sim, store}
}

test('the realistic mix runs all 29 operations, mostly to .end, with no internal error and nothing unconfirmed', async () => {
  const {sim} = simulation({operations: 15_000})
  const r = await sim.run()
  assert.deepEqual(r.crashes, [])
  assert.equal(r.failure, undefined)
  assert.equal(r.requests, 15_000)
  assert.equal(r.notifications.unconfirmed, 0)
  for (const op of OPERATIONS) {
    const o = r.operations.by_type[op.name]
    assert.ok(o && o.end > 0, `${op.name} never ended in .end (${JSON.stringify(o)})`)
  }
  // Natural mistakes and quota refusals happen, but most requests succeed.
  const {end, error} = r.operations.total
  assert.ok(error > 0 && error / (end + error) < 0.1, `${error} errors of ${end + error}`)
  assert.ok(r.lifecycle_latency_ms.count === end + error)
})

test('--error-rate P: about P of the requests fail where their work is done, with the injected message', async () => {
  const out = new PassThrough()
  const lines = []
  let buf = ''
  out.on('data', (d) => {
    buf += d
    const parts = buf.split('\n')
    buf = parts.pop()
    lines.push(...parts)
  })
  const {sim} = simulation({driver: 'log', operations: 2000, errorRate: 0.2, mix: parseMix('instance_restart=1,instance_create=1'), logStream: out})
  const r = await sim.run()
  const injected = r.operations.total.injected
  const n = r.operations.total.end + r.operations.total.error
  // Binomial(n≈2000, 0.2) – creates can also fail on their own before the work; allow a wide band.
  assert.ok(injected > 0.15 * n && injected < 0.25 * n, `${injected} injected of ${n}`)
  const errors = recordedMessages(lines.join('\n')).filter((m) => m.event_type.endsWith('.error'))
  const injectedMessages = errors.filter((m) => /No valid host|Timed out waiting|Volume attachment failed|disk I\/O error|Swift upload failed/.test(m.payload.message))
  assert.equal(injectedMessages.length, injected)
  // The failure strikes the component that finishes the work (the taskmanager here), not the API.
  assert.ok(injectedMessages.every((m) => m.payload.server_type === 'task' && m.publisher_id.startsWith('taskmanager.')))
})

test('a long run of the own world keeps it small: deleted resources are compacted away', async () => {
  const {sim, store} = simulation({operations: 12_000, mix: parseMix('instance_create=1,instance_delete=1')})
  const r = await sim.run()
  const created = r.operations.by_type.instance_create.end
  const rows = store.db.prepare('SELECT COUNT(*) AS n FROM instances').get().n
  const live = store.db.prepare('SELECT COUNT(*) AS n FROM instances WHERE deleted_at IS NULL').get().n
  assert.ok(created > 5000, `${created} instances created`)
  assert.ok(rows < 5000, `${rows} instance rows kept for ${created} created (${live} live)`)
})
