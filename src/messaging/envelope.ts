/**
 * The oslo.messaging notification wire format (WIRE.md): the inner message,
 * its key order, the messagingv2 envelope and the AMQP properties. Also the
 * decoder `tail` uses, which accepts the 2.0 envelope and the bare 1.0 form.
 */
import {pyDumpsQuoted} from './pyjson.js'

export type OsloPriority = 'AUDIT' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SAMPLE'

/** oslo.messaging's seven notification priorities (a listener drops any other). */
export const OSLO_PRIORITIES: readonly OsloPriority[] = ['AUDIT', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SAMPLE']

/** Shapes of the inner message's own keys (tail --check and the JSON Schema use them). */
export const WIRE_PATTERNS = {
  /** message_id: uuid4 with dashes. */
  messageId: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  /** _unique_id: uuid4 hex. */
  uniqueId: /^[0-9a-f]{32}$/,
  /** timestamp: Python's str(datetime.utcnow()), a space, no zone, optional 6-digit fraction. */
  timestamp: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{6})?$/,
} as const

/** The request context, packed on the wire as `_context_<key>` keys. Never a token. */
export interface RequestContext {
  readonly user_id: string
  readonly project_id: string
  readonly request_id: string
  readonly roles: readonly string[]
  readonly is_admin: boolean
}

/** The inner oslo message, keys in oslo's order. */
export interface OsloMessage {
  readonly message_id: string
  readonly publisher_id: string
  readonly event_type: string
  readonly priority: string
  readonly payload: Record<string, unknown>
  readonly timestamp: string
  readonly _unique_id: string
  readonly [context: `_context_${string}`]: unknown
}

/** AMQP properties oslo's rabbit driver sets on every notification. */
export const AMQP_PROPERTIES = Object.freeze({
  contentType: 'application/json',
  contentEncoding: 'utf-8',
  headers: {},
  deliveryMode: 2,
  priority: 0,
  mandatory: false,
})

/** Context keys that could carry secrets are never packed, whatever a caller passes. */
const SECRET_CONTEXT_KEYS = new Set(['auth_token', 'password', 'token', 'secret'])

/**
 * Python's `str(datetime.utcnow())`: `2026-11-24 10:00:05.123456`.
 * `micros` (0–999) adds sub-millisecond digits to the JS millisecond clock.
 */
export function osloTimestamp(date: Date, micros = 0): string {
  const ms = date.getTime()
  if (ms !== lastStamp.ms) {
    const iso = date.toISOString() // 2026-11-24T10:00:05.123Z
    lastStamp = {ms, text: `${iso.slice(0, 10)} ${iso.slice(11, 23)}`}
  }
  return lastStamp.text + String(micros).padStart(3, '0')
}

/**
 * The last millisecond osloTimestamp formatted, with its text: a busy
 * publisher stamps many messages in the same millisecond. A pure function
 * of `ms`, so it cannot go stale.
 */
let lastStamp = {ms: Number.NaN, text: ''}

/** ISO 8601 with Z, the format of times inside payloads. */
export function isoTime(date: Date): string {
  return date.toISOString()
}

export interface MessageParts {
  readonly messageId: string
  readonly publisherId: string
  readonly eventType: string
  readonly priority: OsloPriority
  readonly payload: Record<string, unknown>
  readonly timestamp: string
  readonly uniqueId: string
  /** The spec's small context, or a dialect's own (Trove 18 packs every oslo.context key). */
  readonly context: RequestContext | Readonly<Record<string, unknown>>
}

/** Build the inner message in oslo's key order, context flattened last. */
export function buildMessage(p: MessageParts): OsloMessage {
  const msg: Record<string, unknown> = {
    message_id: p.messageId,
    publisher_id: p.publisherId,
    event_type: p.eventType,
    priority: p.priority,
    payload: p.payload,
    timestamp: p.timestamp,
    _unique_id: p.uniqueId,
  }
  for (const [key, value] of Object.entries(p.context)) {
    // a secret key is packed only without a value (oslo 14 sends auth_token: null)
    if (!SECRET_CONTEXT_KEYS.has(key) || value === null) msg[`_context_${key}`] = value
  }
  return msg as unknown as OsloMessage
}

/**
 * The messagingv2 body: `{"oslo.version": "2.0", "oslo.message": "<inner JSON>"}`:
 * the inner message as Python's json.dumps writes it, quoted as a JSON string
 * (`JSON.stringify(pyDumps(message))`, built in one pass). It is pure ASCII,
 * so Latin-1 encodes it byte for byte.
 */
export function encodeBody(message: OsloMessage): Buffer {
  return Buffer.from('{"oslo.version": "2.0", "oslo.message": ' + pyDumpsQuoted(message) + '}', 'latin1')
}

/** The result of decoding a body from the wire. */
export type Decoded =
  | {
    readonly ok: true, readonly version: '2.0' | '1.0', readonly message: Record<string, unknown>,
    /** 2.0 form: the `oslo.message` text as it came (tail --json reuses it). */
    readonly innerText?: string,
  }
  | {readonly ok: false, readonly problem: string}

/** Decode a body: the 2.0 envelope, or the 1.0 form (the inner message itself). */
export function decodeBody(body: Buffer | string): Decoded {
  let outer: unknown
  try {
    outer = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'))
  } catch {
    return {ok: false, problem: 'body is not JSON'}
  }
  if (typeof outer !== 'object' || outer === null || Array.isArray(outer)) {
    return {ok: false, problem: 'body is not a JSON object'}
  }
  const env = outer as Record<string, unknown>
  if ('oslo.message' in env || 'oslo.version' in env) {
    if (env['oslo.version'] !== '2.0') return {ok: false, problem: `unsupported oslo.version ${JSON.stringify(env['oslo.version'])}`}
    if (typeof env['oslo.message'] !== 'string') return {ok: false, problem: 'oslo.message is not a string'}
    let inner: unknown
    try {
      inner = JSON.parse(env['oslo.message'])
    } catch {
      return {ok: false, problem: 'oslo.message is not JSON'}
    }
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
      return {ok: false, problem: 'oslo.message is not a JSON object'}
    }
    return {ok: true, version: '2.0', message: inner as Record<string, unknown>, innerText: env['oslo.message']}
  }
  return {ok: true, version: '1.0', message: env}
}

/** The context keys of a decoded message, unprefixed (what a listener hands its endpoint). */
export function contextOf(message: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const ctx: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(message)) if (k.startsWith('_context_')) ctx[k.slice(9)] = v
  return ctx
}
