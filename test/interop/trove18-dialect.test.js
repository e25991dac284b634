// The trove-18 dialect against Trove 18's own code: trove18_harness.py drives
// Trove 18.0.0's notification classes (Debian python3-trove) through oslo's
// real notifier to a private RabbitMQ exchange; for every one of the 38
// operations (start, end and error paths), the status notifications, exists
// and quota, the dialect's rendering of the same facts must have the same
// event types in the same order, priority and routing key, publisher id
// shape, the exact payload and context keys (in order) and each value's
// type — and Trove's real values must pass the trove-18 catalog. Prints the
// comparison table (operation × phase).
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {after, before, test} from 'node:test'
import {getDialect} from '../../dist/events/dialect/index.js'
import {eventsOf, findEventIn} from '../../dist/events/catalogs.js'
import {validatePayload} from '../../dist/events/payload.js'
import {TROVE18_EXISTS_SCHEDULE, TROVE18_QUOTA_TASK} from '../../dist/events/trove18/status.js'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {HOST, OPS, existsRun, render} from '../helpers/trove18-cases.js'

const HARNESS = new URL('./trove18_harness.py', import.meta.url).pathname

let bus
let truth
before(async () => {
  bus = await privateBus('trove18')
  const out = execFileSync('/usr/bin/python3', [HARNESS, BROKER_URL.replace(/^amqp:/, 'rabbit:'), bus.exchange, bus.topic], {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore']})
  truth = JSON.parse(out)
})
after(async () => bus.cleanup())

const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)
const shape = (o) => Object.entries(o).map(([k, v]) => `${k}:${kind(v)}`)
const cases = () => new Map(truth.cases.map((c) => [c.key, c]))

/** Every difference between Trove's messages and ours for one case (empty: they match). */
function compare(theirs, ours) {
  const diffs = []
  const types = (list) => list.map((m) => m.event_type ?? m.eventType)
  if (JSON.stringify(types(theirs)) !== JSON.stringify(types(ours))) {
    return [`event types: Trove ${JSON.stringify(types(theirs))}, ours ${JSON.stringify(types(ours))}`]
  }
  theirs.forEach((t, i) => {
    const o = ours[i]
    const name = `${t.event_type} #${i}`
    if (t.priority !== o.priority) diffs.push(`${name}: priority ${t.priority} vs ${o.priority}`)
    if (t.publisher_id !== o.publisherId) diffs.push(`${name}: publisher ${t.publisher_id} vs ${o.publisherId}`)
    if (JSON.stringify(shape(t.payload)) !== JSON.stringify(shape(o.payload))) diffs.push(`${name}: payload ${JSON.stringify(shape(t.payload))} vs ${JSON.stringify(shape(o.payload))}`)
    const context = Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith('_context_')).map(([k, v]) => [k.slice(9), v]))
    if (JSON.stringify(shape(context)) !== JSON.stringify(shape(o.context))) diffs.push(`${name}: context ${JSON.stringify(shape(context))} vs ${JSON.stringify(shape(o.context))}`)
    const spec = findEventIn('trove-18', t.event_type)
    if (!spec) diffs.push(`${name}: not in the trove-18 catalog`)
    else {
      const v = validatePayload(spec, t.payload)
      if (v.length > 0) diffs.push(`${name}: Trove's own payload breaks the trove-18 catalog: ${JSON.stringify(v)}`)
      const ov = validatePayload(spec, o.payload)
      if (ov.length > 0) diffs.push(`${name}: our payload breaks the trove-18 catalog: ${JSON.stringify(ov)}`)
    }
  })
  return diffs
}

test('the harness ran Trove 18.0.0 and oslo.messaging 14 and captured every case', () => {
  assert.equal(truth.versions.trove, '18.0.0')
  assert.match(truth.versions['oslo.messaging'], /^14\./)
  const missing = truth.cases.flatMap((c) => c.messages.filter((m) => m.missing))
  assert.deepEqual(missing, [])
  assert.equal(Object.keys(OPS).length, 38)
  for (const op of Object.keys(OPS)) for (const k of ['end', 'error', 'api-error']) assert.ok(cases().has(`${op}#${k}`), `${op}#${k}`)
})

test('on the wire: every Trove 18 message is INFO on <topic>.info with oslo\'s AMQP properties', () => {
  for (const c of truth.cases) {
    for (const m of c.messages) {
      assert.equal(m.routing_key, `${bus.topic}.info`, `${c.key}: ${m.message.event_type}`)
      assert.equal(m.exchange, bus.exchange)
      assert.equal(m.message.priority, 'INFO')
      assert.deepEqual(m.properties, {content_type: 'application/json', content_encoding: 'utf-8', delivery_mode: 2, priority: 0, application_headers: {}})
    }
  }
  assert.equal(truth.host_default, '0.0.0.0', "Trove's host option defaults to 0.0.0.0 (an IPOpt)")
})

test('the 38 operations: event types, priority, publisher id, payload and context keys and value types match Trove 18', () => {
  const table = []
  const failures = []
  const byKey = cases()
  for (const op of Object.keys(OPS)) {
    const row = {op}
    for (const kase of ['end', 'error', 'api-error']) {
      const theirs = byKey.get(`${op}#${kase}`).messages.map((m) => m.message)
      const diffs = compare(theirs, render('trove-18', op, kase))
      row[kase] = diffs.length === 0 ? `ok (${theirs.length})` : 'DIFFERS'
      failures.push(...diffs.map((d) => `${op}#${kase}: ${d}`))
    }
    table.push(row)
  }
  console.log('\ntrove-18 dialect vs Trove 18.0.0 (messages per case):')
  console.table(table)
  assert.deepEqual(failures, [])
})

test('trove.instance.exists: Trove\'s schedule (60 s, first after 30 s), fixed window of the interval, the same shape', () => {
  const f = truth.facts
  assert.equal(f.spacing.publish_exists_event, TROVE18_EXISTS_SCHEDULE.everySeconds)
  assert.equal(f.report_interval, TROVE18_EXISTS_SCHEDULE.firstAfterSeconds)
  assert.equal(f.exists_notification_interval, 3600)
  assert.deepEqual(getDialect('trove-18').existsSchedule(3600), {everySeconds: 60, firstAfterSeconds: 30, windows: 'fixed'})
  const runs = ['trove.instance.exists#1', 'trove.instance.exists#2'].map((k) => cases().get(k).messages.map((m) => m.message))
  for (const theirs of runs) {
    assert.equal(theirs.length, 1, 'the SHUTDOWN instance is skipped (NovaNotificationTransformer)')
    const t = theirs[0]
    const span = Date.parse(t.payload.audit_period_ending) - Date.parse(t.payload.audit_period_beginning)
    assert.equal(span, 3600 * 1000, 'a window of exists_notification_interval seconds')
    const ours = getDialect('trove-18').exists(existsRun(new Date(t.payload.audit_period_ending)))
    assert.deepEqual(compare(theirs, ours), [])
    assert.equal(ours[0].payload.audit_period_beginning, t.payload.audit_period_beginning)
  }
  // Two runs a minute apart report windows that overlap by all but a minute.
  const d = getDialect('trove-18')
  const [a, b] = [0, 60_000].map((ms) => d.exists(existsRun(new Date(Date.parse('2026-11-24T12:00:00Z') + ms)))[0].payload)
  assert.equal(Date.parse(a.audit_period_ending) - Date.parse(b.audit_period_beginning), 3540 * 1000)
})

test('dbaas.quota: Trove 18\'s periodic task raises before sending, so the dialect sends none; DBaaSQuotas\' own shape is the catalog\'s', () => {
  const f = truth.facts
  assert.ok(f.tasks.includes('publish_quota_notifications'), 'registered once quota_notification_interval is set')
  assert.equal(f.spacing.publish_quota_notifications, 3600)
  assert.match(f.quota_task.raised, /AttributeError: 'Client' object has no attribute 'tenants'/)
  assert.equal(f.quota_loop_item, 'str', 'and past that the loop gets the dict keys (strings), not quota objects')
  assert.deepEqual(cases().get('dbaas.quota#periodic').messages, [])
  assert.deepEqual(getDialect('trove-18').quotas({periodic: existsRun(new Date()).periodic, publisherId: 'x', rows: [{tenantId: 't', resource: 'instances', inUse: 1, reserved: 0, limit: 10, updated: '2026-11-24T09:00:05.000Z'}]}), [])
  assert.match(TROVE18_QUOTA_TASK.reason, /tenants/)
  const [cls] = cases().get('dbaas.quota#class').messages.map((m) => m.message)
  assert.equal(cls.event_type, 'dbaas.quota')
  assert.equal(cls.publisher_id, HOST, 'publisher_id CONF.host')
  const spec = findEventIn('trove-18', 'dbaas.quota')
  assert.deepEqual(Object.keys(cls.payload), spec.fields.map((x) => x.name))
  assert.deepEqual(validatePayload(spec, cls.payload), [])
})

test('every event type Trove 18 sent in the harness is in the trove-18 catalog, and none of the spec-only ones', () => {
  const sent = new Set(truth.cases.flatMap((c) => c.messages.map((m) => m.message.event_type)))
  const catalog = new Set(eventsOf('trove-18').map((e) => e.eventType))
  for (const t of sent) assert.ok(catalog.has(t), t)
  assert.ok(!catalog.has('trove.instance.modify_volume'))
  assert.ok(!catalog.has('dbaas.quotas'))
  assert.ok(!sent.has('dbaas.cluster_add_shard.start'), 'add_shard sends dbaas.cluster_grow.*')
})

/** Per aspect, does our rendering of a case match Trove's? (types, priority, routing key, payload keys, context keys, value types) */
function aspects(theirs, ours) {
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)
  const types = same(theirs.map((m) => m.event_type), ours.map((m) => m.eventType))
  const pairs = types ? theirs.map((t, i) => [t, ours[i]]) : []
  const ctx = (t) => Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith('_context_')).map(([k, v]) => [k.slice(9), v]))
  const all = (f) => types && pairs.every(([t, o]) => f(t, o))
  return {
    types,
    priority: all((t, o) => t.priority === o.priority),
    routing: all((t, o) => o.priority === 'INFO' && t.priority === 'INFO'), // Trove: <topic>.info for every message; ours: the priority's queue
    payloadKeys: all((t, o) => same(Object.keys(t.payload), Object.keys(o.payload))),
    contextKeys: all((t, o) => same(Object.keys(ctx(t)), Object.keys(o.context))),
    valueTypes: all((t, o) => same(shape(t.payload), shape(o.payload)) && same(shape(ctx(t)), shape(o.context))),
  }
}

const COMPARISON = new URL('../../docs/trove18-comparison.md', import.meta.url)

/** docs/trove18-comparison.md: operation × match, from Trove 18's own classes (this harness). */
function comparisonMarkdown() {
  const byKey = cases()
  const mark = (ok) => (ok ? '✓' : '✗')
  const rows = []
  const status = {types: true, priority: true, routing: true, payloadKeys: true, contextKeys: true, valueTypes: true}
  let statusCount = 0
  for (const op of Object.keys(OPS)) {
    const agg = {types: true, priority: true, routing: true, payloadKeys: true, contextKeys: true, valueTypes: true}
    let n = 0
    for (const kase of ['end', 'error', 'api-error']) {
      const theirs = byKey.get(`${op}#${kase}`).messages.map((m) => m.message)
      const ours = render('trove-18', op, kase)
      n += theirs.length
      const a = aspects(theirs, ours)
      for (const k of Object.keys(agg)) agg[k] &&= a[k]
      // the trove.instance.* messages inside the cases: the status row
      const st = theirs.map((t, i) => [t, ours[i]]).filter(([t]) => t.event_type.startsWith('trove.instance.'))
      if (st.length > 0) {
        statusCount += st.length
        const s = aspects(st.map(([t]) => t), st.map(([, o]) => o).filter(Boolean))
        for (const k of Object.keys(status)) status[k] &&= s[k]
      }
    }
    rows.push(`| \`${op}\` | ${n} | ${Object.values(agg).map(mark).join(' | ')} |`)
  }
  rows.push(`| status (\`trove.instance.create/modify_flavor/delete\`) | ${statusCount} | ${Object.values(status).map(mark).join(' | ')} |`)
  rows.push('| quota (`dbaas.quota`) | 0 | ✓ | ✓ | ✓ | ✓ | ✓ | ✓ |')
  return [
    '# The trove-18 dialect against Trove 18.0.0',
    '',
    'Generated by test/interop/trove18-dialect.test.js (run with `TROVE_NOTIFY_WRITE_COMPARISON=1` to rewrite it): for each operation,',
    'Trove 18\'s own notification classes (test/interop/trove18_harness.py, through oslo.messaging 14 on RabbitMQ) and trove-notify\'s',
    '`trove-18` dialect for the same facts, in three cases each (success, failure in the finishing component, failure in the API).',
    'Messages: how many Trove sent over the three cases. ✓: every message of every case matches.',
    '',
    '| operation | messages | event types | priority | routing key | payload keys | context keys | value types |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Quota: Trove 18\'s periodic quota task raises before it sends (novaclient has no `tenants`), so neither Trove nor the dialect',
    'sends `dbaas.quota`; DBaaSQuotas\' own payload, built by the harness, has the catalog\'s keys and types.',
    '',
    'The table holds the dialect\'s rendering of each case\'s facts; test/integration/trove18-operations.test.js holds what the',
    'real commands publish against the same catalog, and feeds it to the oslo listener and Ceilometer\'s converter.',
    '',
    'Not reproduced: message ids, timestamps and ids are ours; the exists task\'s first run 30 s after start (the `exists` command',
    'runs at once, then every 60 s).',
    '',
  ].join('\n')
}

test('docs/trove18-comparison.md is the table this harness gives (operation × match)', () => {
  const md = comparisonMarkdown()
  if (process.env.TROVE_NOTIFY_WRITE_COMPARISON === '1') writeFileSync(COMPARISON, md)
  assert.equal(readFileSync(COMPARISON, 'utf8'), md, 'docs/trove18-comparison.md is stale: run this test with TROVE_NOTIFY_WRITE_COMPARISON=1')
  assert.doesNotMatch(md, /✗/)
})
