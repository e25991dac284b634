/**
 * `send`: one notification built by hand, the way oslo's
 * `oslo-messaging-send-notification` builds it (messagingv2 envelope, ids,
 * timestamp, the context as `_context_*` keys), but parsed and checked: the
 * payload is a JSON object (oslo's tool sends the argument as a string), the
 * catalog's required fields may be filled from its example (`fill`), and the
 * result is checked as `tail --check` checks what it sees. Pure: the command
 * publishes what this builds.
 */
import {findEventIn} from '../events/catalogs.js'
import {specPublisherId} from '../events/dialect/spec.js'
import {exampleComponent, exampleMessage} from '../events/export/example.js'
import type {Component, DialectName, EventSpec} from '../events/types.js'
import {
  AMQP_PROPERTIES, buildMessage, encodeBody, type OsloMessage, type OsloPriority, osloTimestamp, type RequestContext,
} from '../messaging/envelope.js'
import {routingKey} from '../messaging/notifier.js'
import {Checker, type Finding} from '../tail/checker.js'
import {inspectDelivery} from '../tail/message.js'
import type {IdSource} from '../util/runtime.js'

export interface SendInput {
  readonly eventType: string
  readonly payload: Record<string, unknown>
  /** Upper case; default: the catalog's priority for the event type, else INFO. */
  readonly priority?: OsloPriority
  /** Default: `<service>.<host>` of the component the catalog says emits it. */
  readonly publisherId?: string
  /** Merged over the default context (caller, request id, roles). */
  readonly context?: Readonly<Record<string, unknown>>
  /** Fill the catalog's required fields the payload lacks from its example. */
  readonly fill: boolean
  /** Whose catalog the message is built and checked against (the spec's, or Trove 18's own). */
  readonly dialect: DialectName
  readonly host: string
  readonly tenant: string
  readonly user: string
  readonly exchange: string
  readonly topics: readonly string[]
  readonly now: Date
  readonly ids: IdSource
}

export interface Built {
  readonly message: OsloMessage
  readonly body: Buffer
  readonly routingKeys: readonly string[]
  /** Fields taken from the catalog's example (with `fill`). */
  readonly filled: readonly string[]
  /** What the check found: violations (no `departure`) and Trove 18 departures. */
  readonly findings: readonly Finding[]
}

/** `<service>.<host>` of the component that emits the event type in its dialect (api when it is not in the catalog). */
function defaultPublisher(spec: EventSpec | undefined, host: string): string {
  if (!spec) return specPublisherId('api', host)
  const component = exampleComponent(spec)
  return spec.dialect === 'spec' ? specPublisherId(component as Component, host) : `${component}.${host}`
}

/** Build and check one notification. */
export function buildNotification(i: SendInput): Built {
  const spec = findEventIn(i.dialect, i.eventType)
  const payload: Record<string, unknown> = {...i.payload}
  const filled: string[] = []
  const contextRequest = typeof i.context?.request_id === 'string' ? i.context.request_id : undefined
  if (i.fill && spec) {
    const example = exampleMessage(spec).message.payload
    for (const f of spec.fields) {
      if (!f.required || f.name in payload) continue
      // A request id of its own (the example's is the same for every message); the context's if it names one.
      payload[f.name] = f.type === 'request_id' ? contextRequest ?? `req-${i.ids.uuid()}` : example[f.name]
      filled.push(f.name)
    }
  }
  const requestId = typeof payload.request_id === 'string' ? payload.request_id : contextRequest ?? `req-${i.ids.uuid()}`
  const priority = i.priority ?? spec?.priority ?? 'INFO'
  const context = {
    user_id: i.user, project_id: i.tenant, request_id: requestId, roles: ['member'], is_admin: false, ...i.context,
  } as unknown as RequestContext
  const message = buildMessage({
    messageId: i.ids.uuid(),
    publisherId: i.publisherId ?? defaultPublisher(spec, i.host),
    eventType: i.eventType,
    priority,
    payload,
    timestamp: osloTimestamp(i.now, i.ids.micros()),
    uniqueId: i.ids.hex(),
    context,
  })
  const body = encodeBody(message)
  const routingKeys = i.topics.map((t) => routingKey(t, priority))
  const inspected = inspectDelivery({
    body, routingKey: routingKeys[0] ?? '', exchange: i.exchange, redelivered: false, properties: AMQP_PROPERTIES, receivedAt: i.now.getTime(),
  })
  const findings = inspected.kind === 'message' ? new Checker(i.dialect).check(inspected) : [{field: 'body', problem: inspected.reason}]
  return {message, body, routingKeys, filled, findings}
}

/** `--json` output of send. */
export interface SendResult {
  readonly event_type: string
  readonly priority: string
  readonly routing_keys: readonly string[]
  readonly message_id: string
  readonly publisher_id: string
  readonly timestamp: string
  /** Payload fields taken from the catalog's example (--fill). */
  readonly filled: readonly string[]
  /** What the check found that did not refuse the message (Trove 18 departures; with --no-check, everything). */
  readonly findings: readonly Finding[]
  readonly confirmed: boolean
  readonly message: OsloMessage
}
