// Reading notification lifecycles back: pair each `.start` with the `.end`
// or `.error` of the same request_id, and check one lifecycle against the
// spec's catalog (event types, priorities, routing keys, server_type,
// publisher_id, required fields).
import assert from 'node:assert/strict'
import {getEvent} from '../../dist/events/catalog.js'

const SERVICE = {api: 'api', task: 'taskmanager', conductor: 'conductor'}

/**
 * Group inner oslo messages into lifecycles, in the order their `.start`s
 * were published. Each message is either an inner message or a decoded
 * broker message ({message, fields}); `routingKey` is kept.
 */
export function lifecycles(items) {
  const msgs = items.map((m) => (m.message ? {...m.message, routing_key: m.fields?.routingKey} : m))
  const byRequest = new Map()
  for (const m of msgs) {
    const id = m.payload?.request_id
    if (!byRequest.has(id)) byRequest.set(id, [])
    byRequest.get(id).push(m)
  }
  return msgs.filter((m) => m.event_type.endsWith('.start')).map((start) => {
    const rest = byRequest.get(start.payload.request_id).filter((m) => m !== start)
    assert.equal(rest.length, 1, `one end or error for ${start.event_type} ${start.payload.request_id}, got ${rest.map((m) => m.event_type)}`)
    return {start, finish: rest[0]}
  })
}

/**
 * Check one lifecycle: `.start` from the API on `<topic>.info`, then
 * `.<phase>` from `by` on `<topic>.info` (end) or `<topic>.error` (error),
 * both with every field the catalog requires, plus `start` field values.
 */
export function assertLifecycle(lc, {operation, phase, by, topic = 'notification', start = {}}) {
  const check = (m, eventType, component) => {
    assert.equal(m.event_type, eventType)
    const spec = getEvent(eventType)
    assert.equal(m.priority, spec.priority, `${eventType} priority`)
    assert.equal(m.routing_key, `${topic}.${spec.priority.toLowerCase()}`, `${eventType} routing key`)
    assert.equal(m.payload.server_type, component, `${eventType} server_type`)
    assert.match(m.publisher_id, new RegExp(`^${SERVICE[component]}\\.`), `${eventType} publisher_id`)
    for (const f of spec.fields.filter((x) => x.required)) assert.ok(m.payload[f.name] !== undefined, `${eventType} lacks ${f.name}`)
  }
  check(lc.start, `dbaas.${operation}.start`, 'api')
  check(lc.finish, `dbaas.${operation}.${phase}`, by)
  assert.equal(lc.finish.payload.request_id, lc.start.payload.request_id)
  for (const [k, v] of Object.entries(start)) assert.equal(lc.start.payload[k], v, `start field ${k}`)
}
