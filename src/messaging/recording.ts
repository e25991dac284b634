/**
 * The recording format: one JSON line per message, with everything needed to
 * send it again byte for byte. `tail --record` writes it, and so does the
 * `--driver log` of every publishing command; `replay` and `check` read it.
 *
 *   {"recording":1,"time":"2026-11-24T10:00:05.123456Z","exchange":"trove",
 *    "routing_key":"notification.info","properties":{"content_type":"application/json",…},
 *    "body":"{\"oslo.version\": \"2.0\", \"oslo.message\": \"…\"}"}
 *
 * - `recording`: the format version (1). A reader takes every version up to
 *   its own and refuses a newer one by name. Version 0 is the `--driver log`
 *   line of trove-notify before recordings existed (`{"routing_key": …, <inner
 *   message>}`); it is still read.
 * - `time`: ISO 8601 UTC, up to microseconds. For `tail` the receive time; for
 *   `--driver log` the moment of publishing on the publisher's clock (the
 *   message's own oslo timestamp).
 * - `properties`: the AMQP basic properties, snake_case as AMQP names them;
 *   only those set. Header values that are bytes are `{"$base64": "…"}`.
 * - `body`: the body exactly as received when it is valid UTF-8 (its bytes are
 *   the UTF-8 encoding of this string); otherwise `body_base64`, the bytes in
 *   base64 (marked, never lost).
 * Unknown keys are ignored, so later versions may add some.
 */
import {isUtf8} from 'node:buffer'
import {AMQP_PROPERTIES, type AmqpProperties} from './envelope.js'
import {pyDumpsQuoted} from './pyjson.js'

export type {AmqpProperties}

/** The version this build writes (and the newest it reads). */
export const RECORDING_VERSION = 1

/** amqplib's name → the recording's (AMQP's) name, in AMQP's order. */
const PROPERTY_NAMES = [
  ['contentType', 'content_type'], ['contentEncoding', 'content_encoding'], ['headers', 'headers'],
  ['deliveryMode', 'delivery_mode'], ['priority', 'priority'], ['correlationId', 'correlation_id'],
  ['replyTo', 'reply_to'], ['expiration', 'expiration'], ['messageId', 'message_id'],
  ['timestamp', 'timestamp'], ['type', 'type'], ['userId', 'user_id'], ['appId', 'app_id'],
  ['clusterId', 'cluster_id'],
] as const satisfies ReadonlyArray<readonly [keyof AmqpProperties, string]>

/** One message read from a recording, ready to be published or checked. */
export interface Recorded {
  /** The format version of the line it came from. */
  readonly version: number
  /** When it was received (or published), ms since the epoch; NaN when the line had no usable time. */
  readonly timeMs: number
  /** That time as the line wrote it ('' when it had none). */
  readonly time: string
  readonly exchange: string
  readonly routingKey: string
  readonly properties: AmqpProperties
  /** The body, byte for byte. */
  readonly body: Buffer
  /** The body was not valid UTF-8 and was kept in base64. */
  readonly binary: boolean
}

/** What decoding one line gave: a message, or why not (`notRecording`: this is not our format at all). */
export type DecodedLine =
  | {readonly ok: true, readonly record: Recorded}
  | {readonly ok: false, readonly problem: string, readonly notRecording?: boolean}

/** Header values as JSON: bytes become {"$base64": …} (amqplib hands byte arrays over as Buffers). */
function headersToJson(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return {$base64: value.toString('base64')}
  if (Array.isArray(value)) return value.map(headersToJson)
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = headersToJson(v)
    return out
  }
  return value
}

function headersFromJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(headersFromJson)
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>
    const keys = Object.keys(o)
    if (keys.length === 1 && keys[0] === '$base64' && typeof o.$base64 === 'string') return Buffer.from(o.$base64, 'base64')
    const out: Record<string, unknown> = {}
    for (const k of keys) out[k] = headersFromJson(o[k])
    return out
  }
  return value
}

/** The properties that are set, as the recording writes them (snake_case). */
export function recordedProperties(p: AmqpProperties): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [camel, snake] of PROPERTY_NAMES) {
    const v = p[camel]
    if (v !== undefined && v !== null) out[snake] = camel === 'headers' ? headersToJson(v) : v
  }
  return out
}

/** A recording's properties object → amqplib's form; unknown keys are ignored. */
export function amqpProperties(recorded: Record<string, unknown>): AmqpProperties {
  const out: Record<string, unknown> = {}
  for (const [camel, snake] of PROPERTY_NAMES) {
    const v = recorded[snake]
    if (v !== undefined && v !== null) out[camel] = camel === 'headers' ? headersFromJson(v) : v
  }
  return out as AmqpProperties
}

/** `2026-11-24 10:00:05.123456` (oslo) → `2026-11-24T10:00:05.123456Z`; undefined when it is not one. */
export function isoFromOslo(timestamp: unknown): string | undefined {
  if (typeof timestamp !== 'string') return undefined
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)$/.exec(timestamp)
  return m ? `${m[1]}T${m[2]}Z` : undefined
}

/** Milliseconds of an ISO time (fractions beyond ms kept); NaN when it is not one. */
export function timeMs(iso: unknown): number {
  if (typeof iso !== 'string') return Number.NaN
  const m = /^(.*?\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.exec(iso)
  if (!m) return Number.NaN
  const whole = Date.parse(`${m[1]}${m[3]}`)
  return m[2] ? whole + Number(m[2]) * 1000 : whole
}

/** The properties JSON of oslo's notifications: the same text on every `--driver log` line. */
const OSLO_PROPERTIES_JSON = JSON.stringify(recordedProperties(AMQP_PROPERTIES))

export interface LineParts {
  /** ISO 8601 UTC. */
  readonly time: string
  readonly exchange: string
  readonly routingKey: string
  /** Omitted: oslo's (what trove-notify publishes with). */
  readonly properties?: AmqpProperties
  readonly body: Buffer
}

/** One recording line (without the newline). */
export function encodeLine(p: LineParts): string {
  const props = p.properties === undefined ? OSLO_PROPERTIES_JSON : JSON.stringify(recordedProperties(p.properties))
  const body = isUtf8(p.body) ? `"body":${JSON.stringify(p.body.toString('utf8'))}` : `"body_base64":"${p.body.toString('base64')}"`
  return `{"recording":${RECORDING_VERSION},"time":${JSON.stringify(p.time)},"exchange":${JSON.stringify(p.exchange)},` +
    `"routing_key":${JSON.stringify(p.routingKey)},"properties":${props},${body}}`
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Version 0: a `--driver log` line of trove-notify before recordings (routing key + the inner message). */
function looksLikeVersion0(o: Record<string, unknown>): boolean {
  return typeof o.routing_key === 'string' && typeof o.event_type === 'string' && 'payload' in o && 'message_id' in o
}

function fromVersion0(o: Record<string, unknown>): Recorded {
  const {routing_key: routingKey, ...message} = o
  const body = Buffer.from('{"oslo.version": "2.0", "oslo.message": ' + pyDumpsQuoted(message) + '}', 'utf8')
  const time = isoFromOslo(message.timestamp) ?? ''
  return {
    version: 0, timeMs: timeMs(time), time, exchange: '', routingKey: routingKey as string,
    properties: AMQP_PROPERTIES, body, binary: false,
  }
}

/** The last properties decoded and what they became: most lines of a recording carry the same ones. */
let lastProperties: {readonly raw: Record<string, unknown>, readonly converted: AmqpProperties} | undefined

function emptyObject(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false
  for (const _ in v) return false
  return true
}

/** The same properties as the last line's (flat values, headers empty)? Then the same object serves. */
function sameAsLast(raw: Record<string, unknown>): AmqpProperties | undefined {
  const last = lastProperties
  if (!last) return undefined
  let n = 0
  for (const k in raw) {
    n++
    const v = raw[k]
    if (k === 'headers' ? !(emptyObject(v) && emptyObject(last.raw.headers)) : (typeof v === 'object' || v !== last.raw[k])) return undefined
  }
  let m = 0
  for (const _ in last.raw) m++
  return n === m ? last.converted : undefined
}

function propertiesOf(raw: Record<string, unknown>): AmqpProperties {
  const same = sameAsLast(raw)
  if (same) return same
  const converted = Object.freeze(amqpProperties(raw))
  lastProperties = {raw, converted}
  return converted
}

export interface DecodeOptions {
  /** Parse the line's time (default true); without it `timeMs` is NaN (the text is kept). */
  readonly time?: boolean
}

/**
 * Decode one line. `notRecording` is set when the line is valid JSON of some
 * other shape, or not JSON and not even the start of a recording line.
 */
export function decodeLine(text: string, opts: DecodeOptions = {}): DecodedLine {
  let o: unknown
  try {
    o = JSON.parse(text)
  } catch (err) {
    const recordingLike = /^\s*\{\s*"(recording|time|routing_key)"\s*:/.test(text)
    const detail = String((err as Error).message).replace(/^Unexpected end of JSON input$/, 'the line ends early (truncated)')
    return {ok: false, problem: `not valid JSON: ${detail}`, notRecording: !recordingLike}
  }
  if (!isObject(o)) return {ok: false, problem: 'not a JSON object', notRecording: true}
  const version = o.recording
  if (version === undefined) {
    if (looksLikeVersion0(o)) return {ok: true, record: fromVersion0(o)}
    return {ok: false, problem: 'a JSON object without "recording" (the format version)', notRecording: true}
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {ok: false, problem: `"recording" should be the format version (a whole number), got ${JSON.stringify(version)}`}
  }
  if (version > RECORDING_VERSION) {
    return {ok: false, problem: `recording format ${version} is newer than this trove-notify reads (up to ${RECORDING_VERSION}): upgrade trove-notify`, notRecording: true}
  }
  if (typeof o.routing_key !== 'string') return {ok: false, problem: '"routing_key" missing or not a string'}
  if (o.exchange !== undefined && typeof o.exchange !== 'string') return {ok: false, problem: '"exchange" is not a string'}
  if (o.properties !== undefined && !isObject(o.properties)) return {ok: false, problem: '"properties" is not an object'}
  let body: Buffer
  let binary = false
  if (typeof o.body === 'string') body = Buffer.from(o.body, 'utf8')
  else if (typeof o.body_base64 === 'string') {
    body = Buffer.from(o.body_base64, 'base64')
    binary = true
  } else return {ok: false, problem: 'no "body" (nor "body_base64")'}
  const ms = opts.time === false && typeof o.time === 'string' ? Number.NaN : timeMs(o.time)
  if (o.time !== undefined && Number.isNaN(ms) && opts.time !== false) return {ok: false, problem: `"time" is not an ISO 8601 time: ${JSON.stringify(o.time).slice(0, 40)}`}
  return {
    ok: true,
    record: {
      version, timeMs: ms, time: typeof o.time === 'string' ? o.time : '', exchange: (o.exchange as string | undefined) ?? '', routingKey: o.routing_key,
      properties: o.properties ? propertiesOf(o.properties as Record<string, unknown>) : {}, body, binary,
    },
  }
}
