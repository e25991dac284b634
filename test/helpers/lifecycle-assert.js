// Assertions on a lifecycle that arrived (from the broker or the memory
// driver): the event types in order, priority and routing key, publisher and
// server_type per component, one request_id, and every message valid against
// the catalog (required fields present and typed).
import assert from 'node:assert/strict'
import {hostname} from 'node:os'
import {findEvent} from '../../dist/events/catalog.js'
import {validatePayload} from '../../dist/events/payload.js'
import {runCli, tempState} from './cli.js'

const SERVICE = {api: 'api', task: 'taskmanager', conductor: 'conductor'}

/**
 * `got`: [{routingKey, message}] in arrival order. `expected`: [[event_type, component]]
 * where component is api | task | conductor (the publisher; for dbaas.* also server_type).
 * `topic` names the routing keys (`<topic>.info` / `<topic>.error`).
 * Returns the inner messages, in order.
 */
export function assertLifecycle(got, expected, {topic = 'notification', host} = {}) {
  assert.deepEqual(got.map((g) => g.message.event_type), expected.map(([t]) => t), 'event types in order')
  const requestIds = new Set()
  got.forEach(({routingKey, message}, i) => {
    const [eventType, component] = expected[i]
    const spec = findEvent(eventType)
    assert.ok(spec, `${eventType} is in the catalog`)
    assert.equal(message.priority, spec.priority, `${eventType} priority`)
    assert.equal(routingKey, `${topic}.${spec.priority.toLowerCase()}`, `${eventType} routing key`)
    const [service, publisherHost] = message.publisher_id.split(/\.(.*)/s)
    assert.equal(service, SERVICE[component], `${eventType} publisher_id ${message.publisher_id}`)
    if (host) assert.equal(publisherHost, host)
    if (spec.kind === 'dbaas') {
      assert.equal(message.payload.server_type, component, `${eventType} server_type`)
      requestIds.add(message.payload.request_id)
    }
    assert.deepEqual(validatePayload(spec, message.payload), [], `${eventType} payload valid against the catalog`)
    assert.equal(message._context_request_id, [...requestIds][0], `${eventType} context request_id`)
  })
  assert.equal(requestIds.size, 1, 'one request_id across start and end/error')
  return got.map((g) => g.message)
}

/** Broker messages (test/helpers/broker.js take()) → [{routingKey, message}], info first then error. */
export function fromBroker(...lists) {
  return lists.flat().map((m) => ({routingKey: m.fields.routingKey, message: m.message}))
}

/**
 * The built CLI on a private bus (test/helpers/broker.js) and one state file:
 * `cli(...args)` runs a publishing command routed to the bus, `world(...args)`
 * a read-only command on the same state, and `arrived(expected)` takes what
 * arrived on both queues and checks it as one lifecycle (see assertLifecycle;
 * publishers on this machine's hostname).
 */
export function cliSession(bus, state = tempState()) {
  return {
    state,
    cli: (...args) => runCli([...args, '--state', state, ...bus.args]),
    world: (...args) => runCli([...args, '--state', state]),
    async arrived(expected) {
      const {info, error} = await bus.takeAll()
      return assertLifecycle(fromBroker(info, error), expected, {topic: bus.topic, host: hostname()})
    },
  }
}
