/**
 * An example message for every event type of either dialect, built with the
 * real wire code (buildMessage, encodeBody, the dialects' traceback builder
 * and request contexts) from the catalog's fields and plausible values, so
 * `events show` and the docs print exactly what would go on the wire: every
 * field filled, optional ones too. Deterministic: the ids come from a seeded
 * source and the clock is fixed, so generated docs are stable.
 */
import {DEFAULT_TOPIC} from '../catalogs.js'
import {specPublisherId} from '../dialect/spec.js'
import {tracebackLines} from '../dialect/traceback.js'
import {troveContext} from '../trove18/status.js'
import {AMQP_PROPERTIES, buildMessage, encodeBody, osloTimestamp, type OsloMessage} from '../../messaging/envelope.js'
import {routingKey} from '../../messaging/notifier.js'
import {CLOUD_DEFAULTS as DEFAULTS, DEFAULT_SERVICE_IDS} from '../cloud-defaults.js'
import {seededIds} from '../../util/runtime.js'
import {assertPayload, hasType} from '../payload.js'
import type {Component, EventSpec, FieldSpec, FieldType} from '../types.js'

/** The fixed moment examples are sent at. */
const WHEN = new Date('2026-11-24T10:00:05.123Z')
const HOST = 'trove-host'
/** Trove's host option is an IP address. */
const TROVE_HOST = '10.0.0.1'

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
  flavor_id: '2', region_name: 'RegionOne', locality: 'anti-affinity', volume_type: 'ssd', host: 'compute-2',
}

/** Trove 18's own value shapes. */
const BY_TYPE: Partial<Record<FieldType, unknown>> = {
  ip: '10.0.0.5', naive_timestamp: '2026-11-24T09:00:05.000000', string_list: ['shop', 'crm'],
  object_list: [{network_id: 'e1e2e3e4-f5f6-4a7b-8c9d-0a1b2c3d4e5f'}], object: {}, string_or_object: 'app',
}

/** Times of the payload, relative to WHEN. */
const TIMES: Readonly<Record<string, number>> = {
  created_at: -3_600_000, launched_at: -3_600_000, audit_period_beginning: -3_600_000, audit_period_ending: 0,
  updated: -60_000, deleted_at: 0, modify_at: 0,
}

/** The component that emits an example of this event type (our names in the spec dialect, Trove's in trove-18). */
export function exampleComponent(spec: EventSpec): string {
  if (spec.phase === 'start') return 'api'
  const last = spec.emittedBy[spec.emittedBy.length - 1]
  if (spec.dialect === 'trove-18') return last ?? 'taskmanager'
  return last === 'api' || last === 'task' || last === 'conductor' ? last : 'task'
}

const TRACE: Readonly<Record<string, Component>> = {api: 'api', task: 'task', conductor: 'conductor', taskmanager: 'task', guest: 'conductor'}

/** A valid payload for `spec`, every field filled (optional ones too). */
export function examplePayload(spec: EventSpec, requestId: string, ids: ReturnType<typeof seededIds>): Record<string, unknown> {
  const instanceId = ids.uuid()
  const value = (f: FieldSpec): unknown => {
    if (f.name in VALUES && hasType(f.type, VALUES[f.name])) return VALUES[f.name]
    if (f.name in TIMES && f.type === 'timestamp') {
      const iso = new Date(WHEN.getTime() + TIMES[f.name]!).toISOString()
      return spec.dialect === 'trove-18' ? `${iso.slice(0, 19)}Z` : iso
    }
    if (f.name in TIMES && f.type === 'naive_timestamp') return `${new Date(WHEN.getTime() + TIMES[f.name]!).toISOString().slice(0, 19)}.000000`
    if (f.type in BY_TYPE) return BY_TYPE[f.type]
    switch (f.type) {
      case 'request_id': return requestId
      case 'server_type': case 'trove_server_type': return exampleComponent(spec)
      case 'traceback': return tracebackLines(spec.operation ?? 'instance_create', TRACE[exampleComponent(spec)] ?? 'task', 'trove.common.exception.TroveError', String(VALUES.message))
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

/** publisher_id of an example: `<service>.<host>`; Trove 18's status and quota: CONF.host alone. */
function examplePublisher(spec: EventSpec): string {
  if (spec.dialect === 'spec') return specPublisherId(exampleComponent(spec) as Component, HOST)
  if (spec.kind === 'dbaas') return `${exampleComponent(spec)}.${TROVE_HOST}`
  return spec.eventType === 'trove.instance.exists' ? `taskmanager.${TROVE_HOST}` : TROVE_HOST
}

/** The example of an event type as it goes on the wire with the default exchange and its dialect's topic. */
export function exampleMessage(spec: EventSpec): ExampleMessage {
  const ids = seededIds(`example:${spec.dialect === 'spec' ? '' : `${spec.dialect}:`}${spec.eventType}`)
  const requestId = `req-${ids.uuid()}`
  const payload = assertPayload(spec.eventType, examplePayload(spec, requestId, ids), spec.dialect)
  const message = buildMessage({
    messageId: ids.uuid(),
    publisherId: examplePublisher(spec),
    eventType: spec.eventType,
    priority: spec.priority,
    payload,
    timestamp: osloTimestamp(WHEN, ids.micros()),
    uniqueId: ids.hex(),
    context: spec.dialect === 'spec'
      ? {user_id: DEFAULTS.user, project_id: DEFAULTS.tenant, request_id: requestId, roles: ['member'], is_admin: false}
      : troveContext(DEFAULTS.user, DEFAULTS.tenant, requestId, ['member', 'reader']),
  })
  return {
    routing_key: routingKey(DEFAULT_TOPIC[spec.dialect], spec.priority),
    exchange: DEFAULTS.exchange,
    properties: AMQP_PROPERTIES,
    body: encodeBody(message).toString('utf8'),
    message,
  }
}
