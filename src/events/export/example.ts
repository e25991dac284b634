/**
 * An example message for every event type, built with the real wire code
 * (buildMessage, encodeBody, the lifecycle's traceback builder) from the
 * catalog's fields and plausible values, so `events show` and the docs print
 * exactly what would go on the wire. Deterministic: the ids come from a
 * seeded source and the clock is fixed, so generated docs are stable.
 */
import {tracebackLines} from '../../operations/lifecycle.js'
import {publisherId} from '../../operations/context.js'
import {TroveError} from '../../operations/errors.js'
import {AMQP_PROPERTIES, buildMessage, encodeBody, osloTimestamp, type OsloMessage} from '../../messaging/envelope.js'
import {routingKey} from '../../messaging/notifier.js'
import {DEFAULTS, DEFAULT_SERVICE_IDS} from '../../settings/settings.js'
import {seededIds} from '../../util/runtime.js'
import {assertPayload} from '../payload.js'
import type {Component, EventSpec, FieldSpec} from '../types.js'

/** The fixed moment examples are sent at. */
const WHEN = new Date('2026-11-24T10:00:05.123Z')
const HOST = 'trove-host'

/** Plain values by field name (strings and integers); ids and times are filled in below. */
const VALUES: Readonly<Record<string, string | number>> = {
  name: 'db1', instance_name: 'db1', display_name: 'db1', flavor: '2', new_flavor_id: '3',
  instance_type: 'm1.small', instance_type_id: '2', datastore: 'mysql', datastore_version: '8.0',
  databases: 'shop,crm', users: 'app', dbname: 'shop', database: 'shop', username: 'app',
  state: 'ACTIVE', state_description: 'active', region: DEFAULTS.region, availability_zone: 'nova',
  service_id: DEFAULT_SERVICE_IDS.mysql!, resource: 'instances', description: 'nightly backup',
  tenant_id: DEFAULTS.tenant, user_id: DEFAULTS.user,
  client_ip: '10.0.0.5:51234', server_ip: '10.0.0.1:8779',
  volume_size: 2, new_size: 4, replica_count: 1, instance_size: 2048, old_volume_size: 2,
  old_instance_size: 1024, in_use: 3, reserved: 0, limit: 10,
  message: 'No valid host was found. There are not enough hosts available.',
}

/** Times of the payload, relative to WHEN. */
const TIMES: Readonly<Record<string, number>> = {
  created_at: -3_600_000, launched_at: -3_600_000, audit_period_beginning: -3_600_000, audit_period_ending: 0,
  updated: -60_000, deleted_at: 0, modify_at: 0,
}

/** The component that emits an example of this event type. */
export function exampleComponent(spec: EventSpec): Component {
  if (spec.phase === 'start') return 'api'
  const last = spec.emittedBy[spec.emittedBy.length - 1]
  return last === 'api' || last === 'task' || last === 'conductor' ? last : 'task'
}

/** A valid payload for `spec`, every field filled (optional ones too). */
export function examplePayload(spec: EventSpec, requestId: string, ids: ReturnType<typeof seededIds>): Record<string, unknown> {
  const instanceId = ids.uuid()
  const value = (f: FieldSpec): unknown => {
    if (f.name in VALUES) return VALUES[f.name]
    if (f.name in TIMES) return new Date(WHEN.getTime() + TIMES[f.name]!).toISOString()
    switch (f.type) {
      case 'request_id': return requestId
      case 'server_type': return exampleComponent(spec)
      case 'traceback': return tracebackLines(spec.operation ?? 'instance_create', exampleComponent(spec), new TroveError('TroveError', String(VALUES.message)))
      case 'integer': return 1
      default: break
    }
    if (f.name === 'instance_id' || f.name === 'resource_id') return instanceId
    return ids.uuid() // the other *_id fields, restore_point, replica_of, nova ids…
  }
  const payload: Record<string, unknown> = {}
  for (const f of spec.fields) payload[f.name] = value(f)
  return payload
}

export interface ExampleMessage {
  readonly routing_key: string
  readonly exchange: string
  readonly properties: typeof AMQP_PROPERTIES
  /** The body exactly as published (messagingv2 envelope). */
  readonly body: string
  /** The inner message the body carries. */
  readonly message: OsloMessage
}

/** The example of an event type as it goes on the wire with the default exchange and topic. */
export function exampleMessage(spec: EventSpec): ExampleMessage {
  const ids = seededIds(`example:${spec.eventType}`)
  const requestId = `req-${ids.uuid()}`
  const payload = assertPayload(spec.eventType, examplePayload(spec, requestId, ids))
  const message = buildMessage({
    messageId: ids.uuid(),
    publisherId: publisherId(exampleComponent(spec), HOST),
    eventType: spec.eventType,
    priority: spec.priority,
    payload,
    timestamp: osloTimestamp(WHEN, ids.micros()),
    uniqueId: ids.hex(),
    context: {user_id: DEFAULTS.user, project_id: DEFAULTS.tenant, request_id: requestId, roles: ['member'], is_admin: false},
  })
  return {
    routing_key: routingKey(DEFAULTS.topics[0], spec.priority),
    exchange: DEFAULTS.exchange,
    properties: AMQP_PROPERTIES,
    body: encodeBody(message).toString('utf8'),
    message,
  }
}
