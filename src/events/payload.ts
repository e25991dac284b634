/**
 * Payload checks against the catalog of a dialect. A payload our own code
 * builds that misses a required field is a bug: it is refused before anything
 * is published. `tail --check` uses the same checks on what it reads.
 * `settle` gives a payload its catalog shape: optional fields without a value
 * left out, required ones without a value sent as null.
 */
import {findEventIn} from './catalogs.js'
import type {DialectName, EventSpec, FieldSpec, FieldType} from './types.js'

/** One thing wrong with a payload, naming the field. */
export interface Violation {
  readonly field: string
  readonly problem: string
}

/** Patterns of the string field types (also exported to the JSON Schema). */
export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/
export const IP_PORT = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/
export const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
/** An address without port (Trove 18's client_ip, request.remote_addr). */
export const BARE_IP = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:]+)$/
/** oslo's to_primitive of a naive datetime: `2026-11-24T09:00:05.000000`. */
export const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Does `value` have the field type `type`? (null is handled by the caller) */
export function hasType(type: FieldType, value: unknown): boolean {
  switch (type) {
    case 'string': return typeof value === 'string'
    case 'integer': return typeof value === 'number' && Number.isInteger(value)
    case 'boolean': return typeof value === 'boolean'
    case 'timestamp': return typeof value === 'string' && ISO_Z.test(value)
    case 'ip_port': return typeof value === 'string' && IP_PORT.test(value)
    case 'request_id': return typeof value === 'string' && REQUEST_ID.test(value)
    case 'server_type': return value === 'api' || value === 'task' || value === 'conductor'
    case 'traceback': return Array.isArray(value) && value.length > 0 && value.every((l) => typeof l === 'string')
    case 'ip': return typeof value === 'string' && BARE_IP.test(value)
    case 'trove_server_type': return value === 'api' || value === 'taskmanager' || value === 'guest'
    case 'naive_timestamp': return typeof value === 'string' && NAIVE_ISO.test(value)
    case 'string_list': return Array.isArray(value) && value.every((v) => typeof v === 'string')
    case 'object': return isObject(value)
    case 'object_list': return Array.isArray(value) && value.every(isObject)
    case 'string_or_object': return typeof value === 'string' || isObject(value)
  }
}

export const TYPE_WORDS: Readonly<Record<FieldType, string>> = {
  string: 'a string', integer: 'an integer', boolean: 'a boolean',
  timestamp: 'an ISO 8601 time ending in Z', ip_port: 'ip:port', request_id: 'req-<uuid>',
  server_type: 'one of api, task, conductor', traceback: 'a list of traceback lines',
  ip: 'an IP address without port', trove_server_type: 'one of api, taskmanager, guest',
  naive_timestamp: 'a zone-less time like 2026-11-24T09:00:05.000000', string_list: 'a list of strings',
  object: 'a JSON object', object_list: 'a list of JSON objects', string_or_object: 'a string or a JSON object',
}

function checkField(f: FieldSpec, payload: Readonly<Record<string, unknown>>): Violation | undefined {
  const value = payload[f.name]
  if (value === undefined) return f.required ? {field: f.name, problem: 'required field is missing'} : undefined
  if (value === null) {
    if (f.nullable) return undefined
    return {field: f.name, problem: f.required ? 'required field is null' : `should be ${TYPE_WORDS[f.type]} or absent, got null`}
  }
  if (!hasType(f.type, value)) {
    return {field: f.name, problem: `should be ${TYPE_WORDS[f.type]}${f.nullable ? ' or null' : ''}, got ${JSON.stringify(value)?.slice(0, 80)}`}
  }
  return undefined
}

/** Every violation of `payload` against its catalog entry (empty when it is valid). */
export function validatePayload(spec: EventSpec, payload: unknown): Violation[] {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return [{field: 'payload', problem: 'payload is not an object'}]
  }
  const record = payload as Record<string, unknown>
  return spec.fields.flatMap((f) => checkField(f, record) ?? [])
}

/** Thrown when our own code builds a payload the catalog refuses: a bug, not a user error. */
export class PayloadBug extends Error {
  constructor(readonly eventType: string, readonly violations: readonly Violation[]) {
    super(`bug: ${eventType} payload refused: ${violations.map((v) => `${v.field}: ${v.problem}`).join('; ')}`)
  }
}

/**
 * Is the payload valid? The same rules as validatePayload, answered without
 * building the list of violations: every notification we publish passes
 * through here, and almost all of them are valid.
 */
function isValid(spec: EventSpec, payload: Readonly<Record<string, unknown>>): boolean {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false
  for (const f of spec.fields) {
    const value = payload[f.name]
    if (value === undefined) {
      if (f.required) return false
    } else if (value === null) {
      if (!f.nullable) return false
    } else if (!hasType(f.type, value)) {
      return false
    }
  }
  return true
}

/** Refuse (throw PayloadBug) a payload that breaks its dialect's catalog; otherwise return it. */
export function assertPayload<T extends Record<string, unknown>>(eventType: string, payload: T, dialect: DialectName = 'spec'): T {
  const spec = findEventIn(dialect, eventType)
  if (!spec) throw new PayloadBug(eventType, [{field: 'event_type', problem: `not in the catalog (${dialect} dialect)`}])
  if (!isValid(spec, payload)) throw new PayloadBug(eventType, validatePayload(spec, payload))
  return payload
}

/** Does the payload lack a nullable field (which settle then sends as null)? */
function lacksNullable(spec: EventSpec | undefined, payload: Readonly<Record<string, unknown>>): boolean {
  if (spec) for (const f of spec.fields) if (f.nullable && !(f.name in payload)) return true
  return false
}

/**
 * The payload in its catalog shape: a required field without a value
 * (undefined) becomes null — the spec lists it, so a consumer can read it —
 * and an optional one ("(if specified)") is left out; key order is kept.
 * Returns the payload itself when nothing is undefined, else a new object
 * (built rather than `delete`d: deleting keys puts an object in V8's slow
 * dictionary mode, and the payload is read again to encode it). A required
 * field that is not nullable keeps undefined, so assertPayload names the bug.
 */
export function settle<T extends Record<string, unknown>>(spec: EventSpec | undefined, payload: T): T {
  const keys = Object.keys(payload)
  let i = 0
  while (i < keys.length && payload[keys[i]!] !== undefined) i++
  if (i === keys.length && !lacksNullable(spec, payload)) return payload // the common case, without allocating
  const missing = spec?.fields.filter((f) => f.nullable && !(f.name in payload)) ?? []
  const position = new Map(spec?.fields.map((f, at) => [f.name, at]))
  const nullable = new Set(spec?.fields.filter((f) => f.nullable).map((f) => f.name))
  const out: Record<string, unknown> = {}
  let next = 0
  const insertMissingBefore = (at: number): void => {
    while (next < missing.length && position.get(missing[next]!.name)! < at) out[missing[next++]!.name] = null
  }
  for (const key of keys) {
    const at = position.get(key)
    if (at !== undefined) insertMissingBefore(at)
    const value = payload[key]
    if (value !== undefined) out[key] = value
    else if (nullable.has(key)) out[key] = null
  }
  insertMissingBefore(Number.POSITIVE_INFINITY)
  return out as T
}

/**
 * The payload without the keys whose value is undefined (no catalog at
 * hand). Prefer settle(), which sends a required field's missing value as null.
 */
export function compact<T extends Record<string, unknown>>(payload: T): T {
  return settle(undefined, payload)
}
