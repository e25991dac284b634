// The catalog must equal the spec: parse the spec's text (a copy in
// test/fixtures) and compare event types, queues and fields with src/events.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {test} from 'node:test'
import {EVENTS, DBAAS_BASE_FIELDS, STATUS_BASE_FIELDS, STATUS_CHANGE_FIELDS, QUOTA_FIELDS, findEvent} from '../../dist/events/catalog.js'

const spec = readFileSync(new URL('../fixtures/ceilometer-integration-spec.txt', import.meta.url), 'utf8')
  .split('\n').map((l) => l.replace(/¶/g, '').trimEnd())

/** The appendix: 1.10.N dbaas.<op>.<phase> sections with Event Type, Queue and Message fields. */
function parseAppendix() {
  const out = []
  let cur
  let mode
  let pending
  for (const line of spec) {
    const head = /^1\.10\.(\d+) (dbaas\.\S+)$/.exec(line)
    if (head) {
      cur = {section: `1.10.${head[1]}`, header: head[2], fields: []}
      out.push(cur)
      mode = undefined
      continue
    }
    if (/^1\.\d/.test(line)) { cur = undefined; continue }
    if (!cur || !line.startsWith('- ')) continue
    const v = line.slice(2).trim()
    if (['Python API', 'REST API', 'Event Type', 'Queue', 'Message'].includes(v)) { mode = v; continue }
    if (mode === 'Event Type') cur.eventType = v
    else if (mode === 'Queue') cur.queue = v
    else if (mode === 'Message') {
      if (pending === undefined && /^[a-z_]+$/.test(v)) pending = v
      else if (pending !== undefined) { cur.fields.push({name: pending, description: v}); pending = undefined }
    }
  }
  return out
}

/** Fields of a "- Message" block under a given heading in section 1.2.1 / 1.10.1. */
function fieldsAfter(heading, stopAt) {
  const start = spec.findIndex((l) => l.startsWith(heading))
  assert.ok(start >= 0, `spec heading ${heading} not found`)
  const fields = []
  let pending
  for (let i = start + 1; i < spec.length; i++) {
    const line = spec[i]
    if (stopAt(line)) break
    if (!line.startsWith('- ') || line === '- Message') continue
    const v = line.slice(2).trim()
    if (pending === undefined && /^[a-z_]+$/.test(v)) pending = v
    else if (pending !== undefined) { fields.push(pending); pending = undefined }
  }
  return fields
}

const appendix = parseAppendix()
const specFieldsOf = (e) => e.fields.filter((f) => f.inSpec).map((f) => f.name)

test('the appendix defines 87 dbaas event types and the catalog has exactly those', () => {
  assert.equal(appendix.length, 87)
  const catalogDbaas = EVENTS.filter((e) => e.kind === 'dbaas').map((e) => e.eventType)
  assert.deepEqual(catalogDbaas, appendix.map((a) => a.eventType))
  for (const a of appendix) assert.equal(a.header, a.eventType, `section ${a.section} heading matches its Event Type`)
})

test('every dbaas event has the spec queue and priority', () => {
  for (const a of appendix) {
    const e = findEvent(a.eventType)
    assert.equal(e.queue, a.queue, a.eventType)
    assert.equal(e.priority, a.queue === 'notification.error' ? 'ERROR' : 'INFO', a.eventType)
    assert.equal(e.specSection, a.section, a.eventType)
  }
})

test('every dbaas event carries the five base fields then exactly its own spec fields, with the spec descriptions', () => {
  const base = fieldsAfter('1.10.1 ', (l) => /^1\.10\.2 /.test(l))
  assert.deepEqual(base, ['tenant_id', 'client_ip', 'server_ip', 'server_type', 'request_id'])
  assert.deepEqual(DBAAS_BASE_FIELDS.map((f) => f[0]), base)
  for (const a of appendix) {
    const e = findEvent(a.eventType)
    const own = specFieldsOf(e).slice(5)
    assert.deepEqual([...own].sort(), a.fields.map((f) => f.name).sort(), a.eventType)
    for (const f of a.fields) {
      assert.equal(e.fields.find((x) => x.name === f.name).description, f.description, `${a.eventType}.${f.name}`)
    }
  }
})

test('fields marked "(if specified)" are optional, the others required', () => {
  for (const a of appendix) {
    const e = findEvent(a.eventType)
    for (const f of a.fields) {
      if (f.description.includes('(if specified)')) assert.equal(e.fields.find((x) => x.name === f.name).required, false, `${a.eventType}.${f.name}`)
    }
  }
  assert.equal(findEvent('dbaas.instance_create.start').fields.find((f) => f.name === 'name').required, true)
})

test('status notifications: section 1.2.1 fields, the change extras, and each event its own', () => {
  const base = fieldsAfter('1.2.1 Trove Status Notifications', (l) => l.startsWith('Trove status notifications for'))
  assert.deepEqual(STATUS_BASE_FIELDS.map((f) => f[0]), base)
  const change = fieldsAfter('Trove status notifications for', (l) => l.startsWith('1.2.1.1'))
  assert.deepEqual(STATUS_CHANGE_FIELDS.map((f) => f[0]), change)
  const own = {
    'trove.instance.create': fieldsAfter('1.2.1.1 ', (l) => l.startsWith('1.2.1.2')),
    'trove.instance.delete': fieldsAfter('1.2.1.2 ', (l) => l.startsWith('1.2.1.3')),
    'trove.instance.modify_volume': fieldsAfter('1.2.1.3 ', (l) => l.startsWith('1.2.1.4')),
    'trove.instance.modify_flavor': fieldsAfter('1.2.1.4 ', (l) => l.startsWith('1.2.1.5')),
    'trove.instance.exists': fieldsAfter('1.2.1.5 ', (l) => l.startsWith('1.2.1.6')),
  }
  for (const [type, fields] of Object.entries(own)) {
    const e = findEvent(type)
    assert.ok(e, type)
    assert.equal(e.queue, 'notification.info')
    const expected = [...base, ...(type === 'trove.instance.exists' ? [] : change), ...fields]
    assert.deepEqual(specFieldsOf(e).sort(), [...expected].sort(), type)
    // Ceilometer reads these keys, so they are carried too.
    assert.ok(e.fields.some((f) => f.name === 'instance_id' && !f.inSpec), type)
    assert.ok(e.fields.some((f) => f.name === 'tenant_id' && !f.inSpec), type)
  }
})

test('dbaas.quotas has the spec fields', () => {
  const fields = fieldsAfter('1.2.1.6 dbaas.quotas', (l) => l.startsWith('1.2.2'))
  assert.deepEqual(QUOTA_FIELDS.map((f) => f[0]), fields)
  assert.deepEqual(specFieldsOf(findEvent('dbaas.quotas')), fields)
})

test('no event type is defined twice and the total is 87 + 5 + 1', () => {
  const types = EVENTS.map((e) => e.eventType)
  assert.equal(new Set(types).size, types.length)
  assert.equal(types.length, 93)
})
