/**
 * Payload checks against the catalog. A payload our own code builds that
 * misses a required field is a bug: it is refused before anything is
 * published. `tail --check` uses the same checks on what it reads.
 */
import {findEvent} from './catalog.js'
import type {EventSpec, FieldSpec, FieldType} from './types.js'

/** One thing wrong with a payload, naming the field. */
export interface Violation {
  readonly field: string
  readonly problem: string
}

/** Patterns of the string field types (also exported to the JSON Schema). */
export const ISO_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/
export const IP_PORT = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/
export const REQUEST_ID = /^req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

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
  }
}

const TYPE_WORDS: Readonly<Record<FieldType, string>> = {
  string: 'a string', integer: 'an integer', boolean: 'a boolean',
  timestamp: 'an ISO 8601 time ending in Z', ip_port: 'ip:port', request_id: 'req-<uuid>',
  server_type: 'one of api, task, conductor', traceback: 'a list of traceback lines',
}

function checkField(f: FieldSpec, payload: Readonly<Record<string, unknown>>): Violation | undefined {
  const value = payload[f.name]
  if (value === undefined || value === null) {
    return f.required ? {field: f.name, problem: 'required field is missing'} : undefined
  }
  if (!hasType(f.type, value)) {
    return {field: f.name, problem: `should be ${TYPE_WORDS[f.type]}, got ${JSON.stringify(value)?.slice(0, 80)}`}
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
    if (value === undefined || value === null) {
      if (f.required) return false
    } else if (!hasType(f.type, value)) {
      return false
    }
  }
  return true
}

/** Refuse (throw PayloadBug) a payload that breaks the catalog; otherwise return it. */
export function assertPayload<T extends Record<string, unknown>>(eventType: string, payload: T): T {
  const spec = findEvent(eventType)
  if (!spec) throw new PayloadBug(eventType, [{field: 'event_type', problem: 'not in the catalog'}])
  if (!isValid(spec, payload)) throw new PayloadBug(eventType, validatePayload(spec, payload))
  return payload
}

/**
 * The payload without the keys whose value is undefined, so optional fields
 * that were not specified are absent; key order is kept. Returns the payload
 * itself when nothing is undefined, else a new object (built rather than
 * `delete`d: deleting keys puts an object in V8's slow dictionary mode, and
 * the payload is read again to encode it).
 */
export function compact<T extends Record<string, unknown>>(payload: T): T {
  const keys = Object.keys(payload)
  let i = 0
  while (i < keys.length && payload[keys[i]!] !== undefined) i++
  if (i === keys.length) return payload
  const out: Record<string, unknown> = {}
  for (const key of keys) if (payload[key] !== undefined) out[key] = payload[key]
  return out as T
}
