// Read one operation's lifecycle back from a private bus and check it against
// the catalog: event types in order, exchange, routing keys, priorities,
// server_type / publisher_id per component, request_id correlation, and every
// payload valid with its required fields present.
import assert from 'node:assert/strict'
import {dbaasEventType, getEvent} from '../../dist/events/catalog.js'
import {validatePayload} from '../../dist/events/payload.js'

const SERVICE = {api: 'api', task: 'taskmanager', conductor: 'conductor'}

/**
 * Take everything waiting on the bus and assert it is exactly one lifecycle of
 * `operation`:
 *   outcome 'end':   info = [.start, ...status, .end], error = []
 *   outcome 'error': info = [.start], error = [.error]
 * `endedBy` is the component of .end / .error (.start is always `api`);
 * `status` the trove.instance.* types expected between .start and .end, and
 * `statusBy` their component when it is not `endedBy` (cluster add-shard: the
 * taskmanager builds the members, the API ends the lifecycle).
 * Returns {start, end, error, status: [...]} (decoded messages).
 */
export async function expectLifecycle(bus, {operation, outcome, endedBy, host, status = [], statusBy = endedBy}) {
  const {info, error} = await bus.takeAll()
  const types = (ms) => ms.map((m) => m.message?.event_type)
  const start = dbaasEventType(operation, 'start')
  if (outcome === 'end') {
    assert.deepEqual(types(info), [start, ...status, dbaasEventType(operation, 'end')], 'info queue')
    assert.deepEqual(types(error), [], 'error queue')
  } else {
    assert.deepEqual(types(info), [start], 'info queue')
    assert.deepEqual(types(error), [dbaasEventType(operation, 'error')], 'error queue')
  }
  const requestId = info[0].message.payload.request_id
  for (const m of [...info, ...error]) {
    const {message, fields, properties} = m
    const spec = getEvent(message.event_type)
    assert.equal(fields.exchange, bus.exchange, `${message.event_type}: exchange`)
    assert.equal(message.priority, spec.priority, `${message.event_type}: priority`)
    assert.equal(fields.routingKey, `${bus.topic}.${spec.priority.toLowerCase()}`, `${message.event_type}: routing key`)
    assert.equal(properties.contentType, 'application/json')
    assert.deepEqual(validatePayload(spec, message.payload), [], `${message.event_type}: payload valid`)
    for (const f of spec.fields.filter((x) => x.required)) assert.ok(f.name in message.payload, `${message.event_type}: ${f.name} present`)
    assert.equal(message._context_request_id, requestId, `${message.event_type}: context request_id`)
    if (spec.kind === 'dbaas') {
      const component = spec.phase === 'start' ? 'api' : endedBy
      assert.equal(message.payload.server_type, component, `${message.event_type}: server_type`)
      assert.equal(message.publisher_id, `${SERVICE[component]}.${host}`, `${message.event_type}: publisher_id`)
      assert.equal(message.payload.request_id, requestId, `${message.event_type}: request_id`)
    } else {
      assert.equal(message.publisher_id, `${SERVICE[statusBy]}.${host}`, `${message.event_type}: publisher_id`)
    }
  }
  const byType = (t) => [...info, ...error].find((m) => m.message.event_type === t)?.message
  return {
    start: byType(start),
    end: byType(dbaasEventType(operation, 'end')),
    error: byType(dbaasEventType(operation, 'error')),
    status: info.filter((m) => m.message.event_type.startsWith('trove.instance.')).map((m) => m.message),
  }
}
