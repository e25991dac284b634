/**
 * One delivery from the broker, inspected before anything else looks at it:
 * hostile or unusable input (a huge body, the wrong content type, a body
 * that is not JSON or not an oslo envelope) becomes a `skipped` record with
 * one reason; everything else is decoded (2.0 envelope or 1.0 form) into the
 * inner oslo message.
 */
import {decodeBody} from '../messaging/envelope.js'

/** Bodies larger than this are not decoded (a notification is a few KiB). */
export const MAX_BODY_BYTES = 1024 * 1024

/** The AMQP properties tail looks at (amqplib's MessageProperties, loosely typed). */
export interface DeliveryProperties {
  readonly contentType?: string
  readonly contentEncoding?: string
  readonly headers?: Record<string, unknown>
  readonly deliveryMode?: number
  readonly priority?: number
}

/** A message as the broker handed it over. */
export interface Delivery {
  readonly body: Buffer
  readonly routingKey: string
  readonly exchange: string
  readonly redelivered: boolean
  readonly properties: DeliveryProperties
  /** Local receive time (ms since the epoch). */
  readonly receivedAt: number
}

export interface DecodedMessage {
  readonly kind: 'message'
  readonly delivery: Delivery
  readonly version: '2.0' | '1.0'
  /** The inner oslo message. */
  readonly message: Record<string, unknown>
  /** The inner message's JSON text as it came (2.0 form), for fast `--json` output. */
  readonly innerText?: string
  readonly eventType: string
  readonly priority: string
}

export interface SkippedMessage {
  readonly kind: 'skipped'
  readonly delivery: Delivery
  /** Short reason, also the summary's row: `body is not JSON`, `no content type`… */
  readonly reason: string
  /** More detail for the line shown (size, the content type seen, the event type if readable). */
  readonly detail?: string
}

export type Inspected = DecodedMessage | SkippedMessage

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} bytes`
}

/** The event type of a body we are about to skip, if it can be read at all (for the skip line). */
function peekEventType(body: Buffer): string | undefined {
  const d = decodeBody(body)
  return d.ok && typeof d.message.event_type === 'string' ? d.message.event_type : undefined
}

/** Decode a delivery, or say in one reason why it is skipped. Never throws. */
export function inspectDelivery(d: Delivery): Inspected {
  const bytes = d.body.length
  if (bytes > MAX_BODY_BYTES) {
    return {kind: 'skipped', delivery: d, reason: 'body too large', detail: `${size(bytes)}, over the ${size(MAX_BODY_BYTES)} limit`}
  }
  const type = d.properties.contentType
  if (type !== 'application/json') {
    const eventType = peekEventType(d.body)
    const seen = type === undefined || type === '' ? 'no content type' : `content type "${type}"`
    return {
      kind: 'skipped', delivery: d, reason: type === undefined || type === '' ? 'no content type' : 'wrong content type',
      detail: `${seen}${eventType ? ` on ${eventType}` : ''}; an oslo listener drops it (expected application/json)`,
    }
  }
  let decoded
  try {
    decoded = decodeBody(d.body)
  } catch (err) {
    return {kind: 'skipped', delivery: d, reason: 'undecodable body', detail: String((err as Error)?.message ?? err)}
  }
  if (!decoded.ok) return {kind: 'skipped', delivery: d, reason: decoded.problem, detail: size(bytes)}
  const m = decoded.message
  return {
    kind: 'message', delivery: d, version: decoded.version, message: m, innerText: decoded.innerText,
    eventType: typeof m.event_type === 'string' ? m.event_type : '',
    priority: typeof m.priority === 'string' ? m.priority : '',
  }
}
