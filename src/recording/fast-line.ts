/**
 * The fast path of reading a recording: a line in the exact layout
 * encodeLine writes (every line trove-notify writes) is decoded from its
 * bytes — the header fields found in place (no objects built for them; the
 * properties parsed only when their bytes differ from the last line's), and
 * only the body's string literal handed to JSON.parse. It gives exactly
 * what decodeLine gives (a test compares them); a line in any other layout,
 * or one it cannot read, returns undefined and goes through decodeLine,
 * which also says what is wrong with it.
 */
import {amqpProperties, type AmqpProperties, RECORDING_VERSION, type Recorded, timeMs} from '../messaging/recording.js'

const ascii = (s: string): Buffer => Buffer.from(s, 'latin1')
const RECORDING = ascii('{"recording":')
const TIME = ascii(',"time":"')
const EXCHANGE = ascii(',"exchange":"')
const ROUTING_KEY = ascii(',"routing_key":"')
const PROPERTIES = ascii(',"properties":')
const BODY = ascii(',"body":"')

const QUOTE = 34
const BACKSLASH = 92

function startsWith(b: Buffer, at: number, prefix: Buffer): boolean {
  if (at + prefix.length > b.length) return false
  for (let i = 0; i < prefix.length; i++) if (b[at + i] !== prefix[i]) return false
  return true
}

/** End (index of the closing quote) of a string without escapes starting at `at`; -1 when it has any, or no end before `end`. */
function plainString(b: Buffer, at: number, end: number): number {
  for (let i = at; i < end; i++) {
    const c = b[i]!
    if (c === QUOTE) return i
    if (c === BACKSLASH || c < 0x20) return -1
  }
  return -1
}

/** End (index after the closing brace) of the JSON object starting at `at`, strings skipped; -1 when not found. */
function objectEnd(b: Buffer, at: number, end: number): number {
  if (b[at] !== 0x7b) return -1
  let depth = 0
  for (let i = at; i < end; i++) {
    const c = b[i]!
    if (c === QUOTE) {
      for (i++; i < end && b[i] !== QUOTE; i++) if (b[i] === BACKSLASH) i++
    } else if (c === 0x7b || c === 0x5b) depth++
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1
    }
  }
  return -1
}

/**
 * The body: the JSON string literal b[at - 1, end] (quotes included) read by
 * V8's JSON parser (faster than any byte loop in JS), as UTF-8 bytes;
 * undefined when it is not a valid literal (decodeLine then names the problem).
 */
function bodyOf(b: Buffer, at: number, end: number): Buffer | undefined {
  let text: unknown
  try {
    text = JSON.parse(b.toString('utf8', at - 1, end + 1))
  } catch {
    return undefined
  }
  return typeof text === 'string' ? Buffer.from(text, 'utf8') : undefined
}

/** The last properties text seen and its meaning: most lines carry the same bytes. */
let last: {readonly bytes: Buffer, readonly properties: AmqpProperties} | undefined

function properties(b: Buffer, at: number, end: number): AmqpProperties | undefined {
  const len = end - at
  if (last && last.bytes.length === len && b.compare(last.bytes, 0, len, at, end) === 0) return last.properties
  let raw: unknown
  try {
    raw = JSON.parse(b.toString('utf8', at, end))
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined
  const p = Object.freeze(amqpProperties(raw as Record<string, unknown>))
  last = {bytes: Buffer.from(b.subarray(at, end)), properties: p}
  return p
}

/**
 * Decode the line b[start, end) if it is in encodeLine's layout with a text
 * body; undefined otherwise (then decodeLine is the judge). `time` as in
 * DecodeOptions: without it the time is not parsed (`timeMs` NaN).
 */
export function decodeCanonical(b: Buffer, start: number, end: number, time = true): Recorded | undefined {
  if (!startsWith(b, start, RECORDING) || b[end - 1] !== 0x7d || b[end - 2] !== QUOTE) return undefined
  let i = start + RECORDING.length
  let version = 0
  for (; i < end && b[i]! >= 0x30 && b[i]! <= 0x39; i++) version = version * 10 + b[i]! - 0x30
  if (version < 1 || version > RECORDING_VERSION || !startsWith(b, i, TIME)) return undefined
  const t0 = i + TIME.length
  const t1 = plainString(b, t0, end)
  if (t1 < 0 || !startsWith(b, t1 + 1, EXCHANGE)) return undefined
  const x0 = t1 + 1 + EXCHANGE.length
  const x1 = plainString(b, x0, end)
  if (x1 < 0 || !startsWith(b, x1 + 1, ROUTING_KEY)) return undefined
  const r0 = x1 + 1 + ROUTING_KEY.length
  const r1 = plainString(b, r0, end)
  if (r1 < 0 || !startsWith(b, r1 + 1, PROPERTIES)) return undefined
  const p0 = r1 + 1 + PROPERTIES.length
  const p1 = objectEnd(b, p0, end)
  if (p1 < 0 || !startsWith(b, p1, BODY)) return undefined
  const props = properties(b, p0, p1)
  if (!props) return undefined
  const body = bodyOf(b, p1 + BODY.length, end - 2)
  if (!body) return undefined
  const timeText = b.toString('utf8', t0, t1)
  const ms = time ? timeMs(timeText) : Number.NaN
  if (time && Number.isNaN(ms)) return undefined // decodeLine names the bad time
  return {
    version, timeMs: ms, time: timeText, exchange: b.toString('utf8', x0, x1), routingKey: b.toString('utf8', r0, r1),
    properties: props, body, binary: false,
  }
}
