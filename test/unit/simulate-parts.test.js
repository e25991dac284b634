// The simulator's pure parts: histograms, the rate limiter, --mix, --worker,
// scenario checking (file:line errors) and reference resolution, and the
// hot-path rewrites (seeded ids, Python-style JSON) against what they replace.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {virtualTime} from '../helpers/clock.js'
import {Histogram, SimulationStats} from '../../dist/simulate/stats.js'
import {share, threadWorker} from '../../dist/simulate/threads.js'
import {RateLimiter, Sleeper} from '../../dist/simulate/timing.js'
import {defaultMix, parseMix} from '../../dist/simulate/mix.js'
import {parseWorker, workerTenantIndexes} from '../../dist/simulate/tenants.js'
import {parseScenario, resolveArgs} from '../../dist/simulate/scenario.js'
import {SIM_OPERATIONS} from '../../dist/simulate/operations.js'
import {BEYOND_SPEC_OPERATIONS, OPERATIONS} from '../../dist/events/catalog.js'
import {seededIds} from '../../dist/util/runtime.js'
import {pyDumps} from '../../dist/messaging/pyjson.js'

test('histogram percentiles are within 2 % of the exact ones', () => {
  const h = new Histogram()
  const values = []
  let x = 12345
  for (let i = 0; i < 20000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    const v = 0.05 + (x / 2147483648) ** 3 * 900
    values.push(v)
    h.record(v)
  }
  values.sort((a, b) => a - b)
  for (const q of [0.5, 0.95, 0.99]) {
    const exact = values[Math.ceil(q * values.length) - 1]
    assert.ok(Math.abs(h.quantile(q) - exact) / exact < 0.02, `q${q}: ${h.quantile(q)} vs ${exact}`)
  }
  assert.equal(h.summary().count, 20000)
  assert.equal(new Histogram().summary().p99, 0)
})

test('the rate limiter keeps its timetable (no drift, no burst after a stall)', async () => {
  const time = virtualTime(1000) // (a monotonic clock's reading, never 0)
  const limiter = new RateLimiter(100, time, 0.2, time.now)
  for (let i = 0; i < 50; i++) {
    await limiter.next()
    time.spend(3) // each request takes 3 ms of its 10 ms slot: the timetable absorbs it, no drift
  }
  assert.equal(time.now() - 1000, 490 + 3, '50 slots at 100/s: the 50th is due at 490 ms')
  // A stall of 1 s: 0.2 s worth (20 slots) come at once afterwards (older ones are skipped), then the timetable again.
  time.spend(1000)
  let immediate = 0
  while (limiter.next() === undefined) immediate++
  assert.equal(immediate, 20, `${immediate} slots burst after a stall`)
  assert.equal(new RateLimiter(0, new Sleeper()).next(), undefined)
})

test('a stopped sleeper ends every sleep at once', async () => {
  const s = new Sleeper()
  const p = s.sleep(10_000)
  s.interrupt()
  // Ended before anything else the event loop has queued (a timer would come after).
  const first = await Promise.race([p.then(() => 'sleep ended'), new Promise((resolve) => setImmediate(() => resolve('still asleep')))])
  assert.equal(first, 'sleep ended')
  assert.equal(await Promise.race([s.sleep(10_000).then(() => 'at once'), new Promise((resolve) => setImmediate(() => resolve('asleep')))]), 'at once',
    'later sleeps end at once too')
})

test('--mix: weights by name or glob, "default" first, usage errors otherwise', () => {
  const byKind = (mix) => Object.fromEntries(mix.map((e) => [e.op.kind, e.weight]))
  assert.deepEqual(byKind(parseMix('instance_create=3,instance delete=1')), {instance_create: 3, instance_delete: 1})
  const d = byKind(parseMix('default,instance_*=0'))
  assert.equal(d.instance_create, undefined)
  assert.ok(Object.keys(d).length >= 1)
  assert.deepEqual(byKind(defaultMix()), byKind(parseMix('default')))
  for (const bad of ['nosuch=1', 'instance_create', 'instance_create=x', 'instance_create=0', 'instance_create=1,default']) {
    assert.throws(() => parseMix(bad), (e) => e.exitCode === 2 && /--mix/.test(e.message), bad)
  }
})

test('the default mix runs every one of the spec\'s 29 operations; Trove 18\'s nine are entries of weight 0 that --mix selects', () => {
  const names = new Set(OPERATIONS.map((o) => o.name))
  const beyond = new Set(BEYOND_SPEC_OPERATIONS.map((o) => o.name))
  for (const e of SIM_OPERATIONS) assert.ok(names.has(e.operation) || beyond.has(e.operation), e.kind)
  const inMix = new Set(defaultMix().map((e) => e.op.operation))
  assert.equal(names.size, 29)
  for (const name of names) assert.ok(inMix.has(name), `${name} is not in the default mix`)
  assert.equal(beyond.size, 9)
  for (const name of beyond) {
    assert.ok(!inMix.has(name), `${name} keeps the default mix (and its seeded spec stream) unchanged`)
    assert.ok(SIM_OPERATIONS.some((e) => e.operation === name && e.weight === 0), `${name} has a simulate entry`)
    assert.ok(parseMix(`${name}=1`).some((e) => e.op.operation === name), `--mix ${name}=1 selects it`)
  }
})

test('--worker partitions tenants: disjoint, and together all of them', () => {
  assert.deepEqual(parseWorker('2/4'), {index: 2, count: 4})
  for (const bad of ['0/4', '5/4', '1', 'a/b', '1/0']) assert.throws(() => parseWorker(bad), (e) => e.exitCode === 2)
  const parts = [1, 2, 3].map((i) => workerTenantIndexes(10, {index: i, count: 3}))
  assert.deepEqual(parts.flat().sort((a, b) => a - b), [...Array(10).keys()])
  assert.equal(new Set(parts.flat()).size, 10)
})

test('--threads N partitions a worker\'s tenants between its threads, and divides counts exactly', () => {
  for (const [worker, threads] of [[{index: 1, count: 1}, 2], [{index: 2, count: 3}, 4], [{index: 3, count: 3}, 1]]) {
    const mine = workerTenantIndexes(50, worker)
    const parts = Array.from({length: threads}, (_, t) => workerTenantIndexes(50, threadWorker(worker, threads, t)))
    assert.deepEqual(parts.flat().sort((a, b) => a - b), mine, `${worker.index}/${worker.count} × ${threads}`)
    assert.equal(new Set(parts.flat()).size, mine.length)
    for (const p of parts) assert.ok(p.length > 0)
  }
  assert.deepEqual(threadWorker({index: 1, count: 1}, 1, 0), {index: 1, count: 1}) // one thread: the worker itself
  for (const [total, parts] of [[10, 3], [2, 4], [5000, 2], [7, 7]]) {
    const shares = Array.from({length: parts}, (_, t) => share(total, parts, t))
    assert.equal(shares.reduce((a, b) => a + b, 0), total)
    assert.ok(Math.max(...shares) - Math.min(...shares) <= 1)
  }
})

test('merged stats of the threads are the stats of one run that saw everything', () => {
  const whole = new SimulationStats()
  const parts = [new SimulationStats(), new SimulationStats()]
  let x = 7
  for (let i = 0; i < 5000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    const v = (x / 2147483648) ** 2 * 300
    const part = parts[i % 2]
    for (const s of [whole, part]) {
      s.requests++
      s.confirmLatency.record(v)
      s.lifecycleLatency.record(v / 3)
      s.lifecycle(i % 3 ? 'instance_create' : 'backup_create', i % 7 ? 'end' : 'error', i % 14 === 0)
      if (i % 100 === 0) s.periodicRun('exists', 3)
    }
  }
  const merged = new SimulationStats()
  for (const p of parts) merged.merge(structuredClone(p.toData())) // as it crosses from a thread
  assert.equal(merged.requests, whole.requests)
  assert.deepEqual(merged.confirmLatency.summary(), whole.confirmLatency.summary())
  assert.deepEqual(merged.lifecycleLatency.summary(), whole.lifecycleLatency.summary())
  assert.deepEqual(Object.fromEntries(merged.byOperation), Object.fromEntries(whole.byOperation))
  assert.deepEqual(Object.fromEntries(merged.periodic), Object.fromEntries(whole.periodic))
  assert.deepEqual(merged.totals(), whole.totals())
})

test('scenario files: every problem is one line naming file and line', () => {
  const cases = [
    ['steps:\n  - operation: instance create\n    args: {name: x, size: big}\n', /^f\.yaml:3: argument "size" .* must be a whole number, got "big"/],
    ['steps:\n  - operation: instance creat\n    args: {name: x}\n', /^f\.yaml:2: unknown operation "instance creat" \(did you mean "instance_create"/],
    ['steps:\n  - operation: instance delete\n    args:\n      instance: $nothing\n', /^f\.yaml:4: .*"\$nothing" refers to "nothing", which no earlier step names/],
    ['steps:\n  - operation: instance delete\n    args: {instance: $a}\n  - operation: instance create\n    args: {name: a}\n    as: a\n', /^f\.yaml:3: .*no earlier step/],
    ['steps:\n  - operation: instance create\n    args: {name: x}\n    repeat: 0\n', /^f\.yaml:4: repeat must be ≥ 1/],
    ['steps:\n  - operation: instance create\n', /^f\.yaml:2: step "step 1": instance_create needs argument "name"/],
    ['steps:\n  - wait: soon\n', /^f\.yaml:2: wait of step "step 1" must be a number/],
    ['steps:\n  - operation: instance create\n    args: {name: x}\n    colour: red\n', /^f\.yaml:4: unknown key "colour"/],
    ['stepz: []\n', /^f\.yaml:1: unknown key "stepz"/],
    ['periodic:\n  - task: bills\n    every: 60\nsteps:\n  - wait: 1\n', /^f\.yaml:2: unknown periodic task "bills"/],
    ['steps:\n  - operation: [\n', /^f\.yaml:\d+: not valid YAML\/JSON/],
    ['', /^f\.yaml:1: the file is empty/],
  ]
  for (const [text, re] of cases) {
    assert.throws(() => parseScenario(text, 'f.yaml'), (e) => e.exitCode === 2 && re.test(e.message) && !e.message.includes('\n'), text)
  }
  // JSON too, with its lines.
  assert.throws(() => parseScenario('{"steps": [\n {"operation": "instance create",\n  "args": {"name": 5, "size": "x"}}]}', 'f.json'),
    (e) => /^f\.json:3: argument "size"/.test(e.message))
})

test('scenario references resolve to what earlier steps created; {i} is the repeat number', () => {
  const sc = parseScenario(`
name: refs
defaults: {tenants: 3, time_scale: 60}
steps:
  - operation: instance create
    args: {name: "web-{i}", flavor: "2", databases: "a,b"}
    repeat: 2
    as: web
  - operation: instance delete
    args: {instance: "$web[{i}]"}
    repeat: 2
  - operation: instance delete
    args: {instance: "$web.name"}
`, 'refs.yaml')
  assert.equal(sc.requestsPerTenant, 5)
  assert.deepEqual(sc.defaults, {tenants: 3, time_scale: 60})
  const bindings = new Map([['web', [{id: 'id-1', name: 'web-1'}, undefined]]])
  assert.deepEqual(resolveArgs(sc.steps[0].args, bindings, 2), {name: 'web-2', flavor: '2', databases: 'a,b'})
  assert.deepEqual(resolveArgs(sc.steps[1].args, bindings, 1), {instance: 'id-1'})
  // A reference to a request that failed stays text: the request fails with NotFound, as it would.
  assert.deepEqual(resolveArgs(sc.steps[1].args, bindings, 2), {instance: '$web[2]'})
  assert.deepEqual(resolveArgs(sc.steps[2].args, bindings, 1), {instance: '$web.name'})
})

test('seeded ids: the same streams as always (ids of old --seed runs stay valid)', () => {
  const s = seededIds('abc')
  assert.equal(s.uuid(), '7d1405fb-f6f6-4e18-94b3-0701cbb8a6aa')
  assert.equal(s.hex(), '42d87a27a9c64284fe5637204ae3841f')
  assert.equal(s.micros(), 662)
  assert.equal(s.random(), 0.13150826189666986)
  const t = seededIds(7)
  for (let i = 0; i < 1000; i++) assert.match(t.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
})

/** The straightforward Python json.dumps emulation the fast one replaced. */
function reference(value) {
  const str = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return str(value)
    case 'number': return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean': return value ? 'true' : 'false'
    case 'object':
      if (Array.isArray(value)) return '[' + value.map(reference).join(', ') + ']'
      return '{' + Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => str(k) + ': ' + reference(v)).join(', ') + '}'
    default: return 'null'
  }
}

test('pyDumps writes what Python json.dumps writes (same as the reference emulation)', () => {
  const samples = [
    {a: 1, 'b c': [true, false, null, 1.5, -0, 1e21, NaN], d: 'é ü \u0000 \u001f \u007f \u2028 😀 "q" \\ \n\t', e: {f: undefined, g: {}}, h: []},
    ['x', {'ключ': 'значение'}, [[]], ''],
    'plain', 42, null,
  ]
  for (const s of samples) assert.equal(pyDumps(s), reference(s))
  assert.equal(pyDumps({a: 'é'}), '{"a": "\\u00e9"}')
})

test('docs/simulate.md lists every kind with its arguments, as the registry has them', async () => {
  const {readFileSync} = await import('node:fs')
  const {operationsTable} = await import('../../dist/simulate/operations.js')
  const doc = readFileSync(new URL('../../docs/simulate.md', import.meta.url), 'utf8')
  assert.ok(doc.includes(operationsTable()), `docs/simulate.md is stale: replace its table of kinds with\n${operationsTable()}`)
})
