// The simulation engine in-process (noop / log driver), on both backends: the
// realistic mix exercises all 29 operations under Trove's rules without a
// single internal error, --error-rate injects what it says, a long run's own
// world stays small, and the same seed gives the same stream and the same
// world whichever backend holds it.
import assert from 'node:assert/strict'
import {PassThrough} from 'node:stream'
import {test} from 'node:test'
import {Simulation} from '../../dist/simulate/engine.js'
import {defaultMix, parseMix} from '../../dist/simulate/mix.js'
import {OPERATIONS} from '../../dist/events/catalog.js'
import {resolveSettings} from '../../dist/settings/settings.js'
import {eachBackend, openBackend} from '../helpers/world.js'
import {recordedMessages} from '../helpers/recording.js'

function settings(driver = 'noop') {
  return resolveSettings({flags: {driver, state: ':memory:'}, env: {}, configDir: '/nonexistent', dataDir: '/nonexistent'})
}

function simulation({backend = 'memory', ...options}) {
  const world = openBackend(backend)
  const sim = new Simulation({
    settings: settings(options.driver), world, ownWorld: true, seed: 'engine', worker: {index: 1, count: 1}, tenants: 30,
    rate: 0, concurrency: 8, errorRate: 0, mix: defaultMix(), timeScale: 1, delay: 0, ...options,
  })
  return {sim, world}
}

eachBackend(({backend}) => {
  test('the realistic mix runs all 29 operations, mostly to .end, with no internal error and nothing unconfirmed', async () => {
    const {sim} = simulation({backend, operations: 15_000})
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
    const {sim} = simulation({backend, driver: 'log', operations: 2000, errorRate: 0.2, mix: parseMix('instance_restart=1,instance_create=1'), logStream: out})
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
    const {sim, world} = simulation({backend, operations: 12_000, mix: parseMix('instance_create=1,instance_delete=1')})
    const r = await sim.run()
    const created = r.operations.by_type.instance_create.end
    const {instances} = world.dump()
    const rows = instances.length
    const live = instances.filter((i) => i.deleted_at === null).length
    assert.ok(created > 5000, `${created} instances created`)
    assert.ok(rows < 5000, `${rows} instance rows kept for ${created} created (${live} live)`)
  })
})

/**
 * Every notification of a log-driver run, as lines, and every row of the
 * world it left, each table as a sorted list (ISO times made equal: the runs
 * are apart in time; password hashes too: their salt is random).
 */
async function seededRun(backend, options) {
  const out = new PassThrough()
  let text = ''
  out.on('data', (d) => { text += d })
  const {sim, world} = simulation({backend, driver: 'log', logStream: out, ...options})
  await sim.run()
  const time = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g
  const rows = Object.entries(world.dump()).map(([table, list]) =>
    [table, list.map((r) => JSON.stringify({...r, ...(r.password_hash ? {password_hash: 'H'} : {})}).replace(time, 'T')).sort()])
  return {lines: text.replace(time, 'T').split('\n').filter(Boolean), rows: Object.fromEntries(rows)}
}

test('the same seed gives the same stream and the same world on the SQLite and the memory backend', async () => {
  for (const options of [{operations: 3000}, {operations: 1500, errorRate: 0.1, concurrency: 1}]) {
    const sqlite = await seededRun('sqlite', options)
    const memory = await seededRun('memory', options)
    assert.ok(sqlite.lines.length > options.operations, `${sqlite.lines.length} notifications`)
    // Concurrent tenants interleave by timing; each tenant's own stream is in order.
    const byTenant = (lines) => [...lines].sort()
    assert.deepEqual(byTenant(memory.lines), byTenant(sqlite.lines))
    if (options.concurrency === 1) assert.deepEqual(memory.lines, sqlite.lines)
    assert.deepEqual(memory.rows, sqlite.rows)
    assert.ok(memory.rows.instances.length > 100 && memory.rows.users.length > 10)
  }
})
