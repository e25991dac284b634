/**
 * `events schema`: JSON Schema (draft 2020-12) of every payload in the
 * catalog, of the inner oslo message and of the messagingv2 envelope. The
 * root validates an inner message: its event_type selects the payload schema.
 */
import {OSLO_PRIORITIES, WIRE_PATTERNS} from '../../messaging/envelope.js'
import {eventsOf} from '../catalogs.js'
import {BARE_IP, IP_PORT, ISO_Z, NAIVE_ISO, REQUEST_ID} from '../payload.js'
import type {DialectName, EventSpec, FieldSpec, FieldType} from '../types.js'

export type JsonSchema = Record<string, unknown>

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema'

function typeSchema(type: FieldType): JsonSchema {
  switch (type) {
    case 'string': return {type: 'string'}
    case 'integer': return {type: 'integer'}
    case 'boolean': return {type: 'boolean'}
    case 'timestamp': return {type: 'string', format: 'date-time', pattern: ISO_Z.source}
    case 'ip_port': return {type: 'string', pattern: IP_PORT.source}
    case 'request_id': return {type: 'string', pattern: REQUEST_ID.source}
    case 'server_type': return {enum: ['api', 'task', 'conductor']}
    case 'traceback': return {type: 'array', items: {type: 'string'}, minItems: 1}
    case 'ip': return {type: 'string', pattern: BARE_IP.source}
    case 'trove_server_type': return {enum: ['api', 'taskmanager', 'guest']}
    case 'naive_timestamp': return {type: 'string', pattern: NAIVE_ISO.source}
    case 'string_list': return {type: 'array', items: {type: 'string'}}
    case 'object': return {type: 'object'}
    case 'object_list': return {type: 'array', items: {type: 'object'}}
    case 'string_or_object': return {type: ['string', 'object']}
  }
}

/** A field's schema; a nullable one also accepts null. */
function fieldSchema(f: FieldSpec): JsonSchema {
  const schema = typeSchema(f.type)
  return {description: f.description, ...(f.nullable ? {anyOf: [schema, {type: 'null'}]} : schema)}
}

/** The schema of one event type's payload. Extra keys are allowed (the spec does not forbid them). */
export function payloadSchema(spec: EventSpec): JsonSchema {
  return {
    title: `${spec.eventType} payload`,
    description: `${spec.summary} Queue ${spec.queue}, priority ${spec.priority}; spec section ${spec.specSection}.${spec.beyondSpec ? ' Beyond the spec (Trove 18).' : ''}`,
    type: 'object',
    required: spec.fields.filter((f) => f.required).map((f) => f.name),
    properties: Object.fromEntries(spec.fields.map((f) => [f.name, fieldSchema(f)])),
  }
}

/** The inner oslo message, whatever its event type. */
const MESSAGE: JsonSchema = {
  title: 'oslo notification (inner message)',
  type: 'object',
  required: ['message_id', 'publisher_id', 'event_type', 'priority', 'payload', 'timestamp', '_unique_id'],
  properties: {
    message_id: {type: 'string', pattern: WIRE_PATTERNS.messageId.source},
    publisher_id: {type: 'string', description: '<service>.<host>, e.g. api.trove-host', minLength: 1},
    event_type: {type: 'string'},
    priority: {enum: [...OSLO_PRIORITIES]},
    payload: {type: 'object'},
    timestamp: {type: 'string', description: "Python's str(datetime.utcnow())", pattern: WIRE_PATTERNS.timestamp.source},
    _unique_id: {type: 'string', pattern: WIRE_PATTERNS.uniqueId.source},
    _context_auth_token: {type: 'null', description: 'never a token: oslo.messaging 14 packs it without a value (Trove 18 does)'},
  },
  patternProperties: {'^_context_': true},
  additionalProperties: false,
}

const ENVELOPE: JsonSchema = {
  title: 'oslo messagingv2 envelope (the AMQP body)',
  type: 'object',
  required: ['oslo.version', 'oslo.message'],
  properties: {
    'oslo.version': {const: '2.0'},
    'oslo.message': {type: 'string', contentMediaType: 'application/json', contentSchema: {$ref: '#'}},
  },
  additionalProperties: false,
}

/** One event type's inner message: the generic message with this event_type, priority and payload. */
function notificationSchema(spec: EventSpec): JsonSchema {
  return {
    $ref: '#/$defs/message',
    properties: {
      event_type: {const: spec.eventType},
      priority: {const: spec.priority},
      payload: {$ref: `#/$defs/${spec.eventType}`},
    },
  }
}

/** The whole document of a dialect: root = any notification of its catalog; $defs = envelope, message and each payload. */
export function buildJsonSchema(dialect: DialectName = 'spec'): JsonSchema {
  const events = eventsOf(dialect)
  return {
    $schema: SCHEMA_DIALECT,
    $id: dialect === 'spec' ? 'urn:trove-notify:notifications' : `urn:trove-notify:notifications:${dialect}`,
    title: dialect === 'spec' ? 'Trove notifications (ceilometer-integration spec)' : 'Trove notifications as Trove 18.0.0 sends them (trove-18 dialect)',
    description: 'Validates an inner oslo message; $defs/envelope validates the AMQP body around it, and $defs/<event type> each payload.',
    oneOf: events.map((e) => ({$ref: `#/$defs/notification:${e.eventType}`})),
    $defs: {
      envelope: ENVELOPE,
      message: MESSAGE,
      ...Object.fromEntries(events.map((e) => [e.eventType, payloadSchema(e)])),
      ...Object.fromEntries(events.map((e) => [`notification:${e.eventType}`, notificationSchema(e)])),
    },
  }
}
