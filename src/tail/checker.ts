/**
 * `tail --check`: every message against a dialect's catalog and the wire
 * format — content encoding, envelope shape, the inner message's keys,
 * priority versus the event type's queue, required fields, field types,
 * timestamp format and unknown event types. Each finding names the field.
 * In the `spec` dialect (the default), Trove 18's known departures
 * (events/trove18/departures.ts) are recognised and reported by name instead
 * of as plain violations; with `--dialect trove-18` a message is held against
 * what Trove 18 itself sends. A message with findings that the other dialect
 * accepts says so. A few checks span messages (a resize_volume without its
 * trove.instance.modify_volume, overlapping exists periods), so a Checker
 * keeps a little state.
 */
import {findEventIn} from '../events/catalogs.js'
import {dbaasEventType, findEvent, getEvent} from '../events/catalog.js'
import {hasType, validatePayload} from '../events/payload.js'
import type {DialectName, EventSpec} from '../events/types.js'
import {OSLO_PRIORITIES, WIRE_PATTERNS} from '../messaging/envelope.js'
import {payloadOf} from './filters.js'
import type {DecodedMessage} from './message.js'
import {
  isBareIp, looksLikeTrove18, TROVE18, TROVE18_EVENT_ALIASES, TROVE18_SERVER_TYPES, type Trove18Departure,
} from '../events/trove18/departures.js'

/**
 * One thing wrong with a message, naming the field; `departure` when it is a
 * known Trove 18 one; `note` for information that is no violation (the
 * message is valid in the other dialect).
 */
export interface Finding {
  readonly field: string
  readonly problem: string
  readonly departure?: Trove18Departure
  readonly note?: true
}

const SECRET_CONTEXT = /^_context_(auth_token|password|token|secret)$/

function show(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).slice(0, 60)
}

/** The envelope and the inner message's own keys (not the payload). */
function checkEnvelope(m: DecodedMessage): Finding[] {
  const out: Finding[] = []
  const msg = m.message
  const enc = m.delivery.properties.contentEncoding
  if (enc !== undefined && enc.toLowerCase() !== 'utf-8') out.push({field: 'content_encoding', problem: `"${enc}", oslo sends utf-8`})
  if (m.version === '1.0') {
    out.push({field: 'envelope', problem: 'oslo 1.0 form (bare message); the messagingv2 driver wraps it in {"oslo.version": "2.0", "oslo.message": …}'})
  }
  if (typeof msg.message_id !== 'string' || !WIRE_PATTERNS.messageId.test(msg.message_id)) out.push({field: 'message_id', problem: `should be a uuid4, got ${show(msg.message_id)}`})
  if (typeof msg.publisher_id !== 'string' || msg.publisher_id === '') out.push({field: 'publisher_id', problem: `should be <service>.<host>, got ${show(msg.publisher_id)}`})
  if (typeof msg.event_type !== 'string' || msg.event_type === '') out.push({field: 'event_type', problem: `missing or not a string: ${show(msg.event_type)}`})
  if (typeof msg.priority !== 'string' || !(OSLO_PRIORITIES as readonly string[]).includes(msg.priority)) {
    out.push({field: 'priority', problem: `should be one of ${OSLO_PRIORITIES.join(', ')} (upper case), got ${show(msg.priority)}; a listener drops an unknown priority`})
  }
  if (typeof msg.payload !== 'object' || msg.payload === null || Array.isArray(msg.payload)) out.push({field: 'payload', problem: `should be an object, got ${show(msg.payload)}`})
  if (typeof msg.timestamp !== 'string' || !WIRE_PATTERNS.timestamp.test(msg.timestamp)) {
    out.push({field: 'timestamp', problem: `should be Python's str(datetime.utcnow()) "YYYY-MM-DD HH:MM:SS.ffffff", got ${show(msg.timestamp)}`})
  }
  if (typeof msg._unique_id !== 'string' || !WIRE_PATTERNS.uniqueId.test(msg._unique_id)) out.push({field: '_unique_id', problem: `should be 32 hex digits, got ${show(msg._unique_id)}`})
  for (const [key, value] of Object.entries(msg)) {
    // oslo.messaging 14 packs auth_token as null (Trove 18 does): a key without a value is no secret
    if (SECRET_CONTEXT.test(key) && value !== null) out.push({field: key, problem: 'a secret in the request context: oslo must never carry it'})
  }
  const payloadRequest = payloadOf(msg).request_id
  if (typeof payloadRequest === 'string' && typeof msg._context_request_id === 'string' && payloadRequest !== msg._context_request_id) {
    out.push({field: 'request_id', problem: `payload says ${payloadRequest}, the context ${msg._context_request_id}`})
  }
  return out
}

/** The catalog entry a message is checked against, with the findings the lookup itself produced. */
function resolveSpec(eventType: string): {spec?: EventSpec, findings: Finding[]} {
  const spec = findEvent(eventType)
  if (spec?.beyondSpec) {
    return {spec, findings: [{field: 'event_type', problem: `${eventType} is a Trove 18 notification the spec does not define (checked in the spec's conventions)`, departure: TROVE18.extraEventType}]}
  }
  if (spec) return {spec, findings: []}
  const alias = TROVE18_EVENT_ALIASES[eventType]
  if (alias) {
    return {spec: getEvent(alias), findings: [{field: 'event_type', problem: `${eventType}; the spec names it ${alias}`, departure: TROVE18.quotaEventType}]}
  }
  if (eventType === '') return {findings: []} // already reported by the envelope check
  return {findings: [{field: 'event_type', problem: `unknown event type ${show(eventType)}: not in the spec's catalog (see \`events list\`)`}]}
}

/** Priority versus the event type's queue, and the routing key versus the priority. */
function checkPriority(m: DecodedMessage, spec: EventSpec | undefined): Finding[] {
  const out: Finding[] = []
  const priority = m.priority
  if (spec && priority !== '' && priority !== spec.priority) {
    if (spec.priority === 'ERROR' && priority === 'INFO') {
      out.push({field: 'priority', problem: `INFO; the spec sends ${spec.eventType} at ERROR on ${spec.queue}`, departure: TROVE18.errorAtInfo})
    } else {
      out.push({field: 'priority', problem: `${priority}; the spec sends ${spec.eventType} at ${spec.priority} on ${spec.queue}`})
    }
  }
  const rk = m.delivery.routingKey
  const suffix = rk.slice(rk.lastIndexOf('.') + 1)
  if (priority !== '' && rk.includes('.') && suffix !== priority.toLowerCase()) {
    out.push({field: 'routing_key', problem: `${rk} does not match priority ${priority} (oslo routes <topic>.${priority.toLowerCase()})`})
  }
  return out
}

/** Payload fields against the catalog, with Trove 18's departures recognised. */
function checkPayload(spec: EventSpec, payload: Record<string, unknown>, viaAlias: boolean): Finding[] {
  const out: Finding[] = []
  for (const v of validatePayload(spec, payload)) {
    const value = payload[v.field]
    if (v.field === 'server_type' && typeof value === 'string' && TROVE18_SERVER_TYPES[value]) {
      const t = TROVE18_SERVER_TYPES[value]!
      out.push({field: 'server_type', problem: `"${value}"; the spec says "${t.spec}"`, departure: t.departure})
    } else if (v.field === 'client_ip' && isBareIp(value)) {
      out.push({field: 'client_ip', problem: `"${value}" has no port; the spec says ip:port`, departure: TROVE18.clientIpWithoutPort})
    } else if (v.field === 'flavor' && spec.operation === 'instance_create' && payload.flavor_id !== undefined) {
      out.push({field: 'flavor', problem: `missing; flavor_id ${show(payload.flavor_id)} sent instead`, departure: TROVE18.flavorId})
    } else if (v.field === 'tenant_id' && viaAlias && value === undefined) {
      out.push({field: 'tenant_id', problem: 'missing: Trove 18 does not say whose quota this is', departure: TROVE18.quotaNoTenant})
    } else {
      out.push({field: `payload.${v.field}`, problem: v.problem})
    }
  }
  if (spec.kind === 'dbaas' && spec.operation && spec.phase !== 'start') {
    const own = new Set(spec.fields.map((f) => f.name))
    const startOnly = getEvent(dbaasEventType(spec.operation, 'start')).fields
      .filter((f) => !own.has(f.name) && payload[f.name] !== undefined).map((f) => f.name)
    if (startOnly.length > 0) {
      out.push({field: 'payload', problem: `carries the .start fields ${startOnly.join(', ')}; the spec sends only the base fields and this phase's`, departure: TROVE18.accumulatedPayload})
    }
  }
  return out
}

/** Against Trove 18's own shapes: what `--check --dialect trove-18` reports. */
function checkTrove18(m: DecodedMessage): Finding[] {
  const findings = checkEnvelope(m)
  const spec = findEventIn('trove-18', m.eventType)
  if (!spec) {
    if (m.eventType !== '') {
      const specOnly = findEvent(m.eventType)
      findings.push({field: 'event_type', problem: specOnly
        ? `${m.eventType} is the spec's; Trove 18 never sends it${m.eventType === 'dbaas.quotas' ? ' (its DBaaSQuotas is dbaas.quota)' : ''}`
        : `unknown event type ${show(m.eventType)}: Trove 18 does not send it (see \`events list --dialect trove-18\`)`})
    }
  } else {
    if (m.priority !== '' && m.priority !== 'INFO') {
      findings.push({field: 'priority', problem: `${m.priority}; Trove 18 sends every notification at INFO (notifier.info, also .error) on <topic>.info`})
    }
    findings.push(...checkPriority(m, undefined))
    if (typeof m.message.payload === 'object' && m.message.payload !== null) {
      for (const v of validatePayload(spec, payloadOf(m.message))) findings.push({field: `payload.${v.field}`, problem: v.problem})
    }
    if (spec.emittedBy.length === 0) findings.push({field: 'event_type', problem: `Trove 18.0.0 never sends ${m.eventType}: ${spec.notes?.[0] ?? ''}`.trim()})
  }
  return findings
}

/** Is the message what this dialect sends (event type, priority, payload)? */
function validIn(dialect: DialectName, m: DecodedMessage): boolean {
  const spec = findEventIn(dialect, m.eventType)
  return spec !== undefined && spec.priority === m.priority && validatePayload(spec, m.message.payload).length === 0
}

/** Checks messages one after another; keeps what the cross-message checks need. */
export class Checker {
  /** request_id of an open resize_volume → its instance and whether modify_volume was seen. */
  private readonly resizes = new Map<string, {instanceId: unknown, modified: boolean}>()
  /** instance_id → audit_period_ending of its last exists notification. */
  private readonly lastExists = new Map<string, string>()

  /** `dialect`: whose shapes a message is held against (the spec's, or Trove 18's own). */
  constructor(readonly dialect: DialectName = 'spec') {}

  check(m: DecodedMessage): Finding[] {
    const findings = this.dialect === 'spec' ? this.checkSpec(m) : checkTrove18(m)
    if (findings.length > 0) {
      const other: DialectName = this.dialect === 'spec' ? 'trove-18' : 'spec'
      if (validIn(other, m)) {
        findings.push({field: 'dialect', note: true, problem: other === 'trove-18'
          ? 'valid in the trove-18 dialect: this is what Trove 18 sends (tail --check --dialect trove-18 holds it against that)'
          : 'valid in the spec dialect: a spec-shaped stream, not what Trove 18 sends (tail --check holds it against the spec)'})
      }
    }
    return findings
  }

  private checkSpec(m: DecodedMessage): Finding[] {
    const findings = checkEnvelope(m)
    const {spec, findings: typeFindings} = resolveSpec(m.eventType)
    findings.push(...typeFindings)
    findings.push(...checkPriority(m, spec))
    const payload = payloadOf(m.message)
    if (spec && typeof m.message.payload === 'object' && m.message.payload !== null) {
      findings.push(...checkPayload(spec, payload, spec.eventType !== m.eventType))
    }
    if (spec?.operation === 'instance_promote' || spec?.operation === 'instance_eject') {
      const errorAtInfo = findings.some((f) => f.departure === TROVE18.errorAtInfo)
      if (looksLikeTrove18(payload, errorAtInfo)) {
        findings.push({
          field: 'event_type',
          problem: `this ${m.eventType} comes from Trove 18, whose promote API emits dbaas.instance_eject.* and whose eject API emits dbaas.instance_promote.*: it may be the other operation`,
          departure: TROVE18.promoteEjectSwapped,
        })
      }
    }
    findings.push(...this.acrossMessages(m, spec, payload))
    return findings
  }

  private acrossMessages(m: DecodedMessage, spec: EventSpec | undefined, payload: Record<string, unknown>): Finding[] {
    const requestId = typeof payload.request_id === 'string' ? payload.request_id : undefined
    if (spec?.operation === 'instance_resize_volume' && requestId) {
      if (spec.phase === 'start') this.resizes.set(requestId, {instanceId: payload.instance_id, modified: false})
      else {
        const r = this.resizes.get(requestId)
        this.resizes.delete(requestId)
        if (r && spec.phase === 'end' && !r.modified) {
          return [{field: 'event_type', problem: `resize_volume of ${show(r.instanceId)} ended without a trove.instance.modify_volume`, departure: TROVE18.noModifyVolume}]
        }
      }
    }
    if (m.eventType === 'trove.instance.modify_volume') {
      for (const r of this.resizes.values()) if (r.instanceId === payload.instance_id || r.instanceId === payload.resource_id) r.modified = true
    }
    if (m.eventType === 'trove.instance.exists') {
      const id = String(payload.instance_id ?? payload.resource_id ?? '')
      const begin = payload.audit_period_beginning
      const end = payload.audit_period_ending
      const last = this.lastExists.get(id)
      if (typeof end === 'string') this.lastExists.set(id, end)
      if (last !== undefined && typeof begin === 'string' && hasType('timestamp', begin) && hasType('timestamp', last) && Date.parse(begin) < Date.parse(last)) {
        return [{field: 'audit_period_beginning', problem: `${begin} is before the previous period's end ${last} for instance ${id}`, departure: TROVE18.existsOverlap}]
      }
    }
    return []
  }
}
