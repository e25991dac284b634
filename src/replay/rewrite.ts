/**
 * What `replay` may change in a message on its way out, each change keeping
 * lifecycles paired and billing intact:
 *
 * - retime: every time moves by one shift (whole seconds, so every format's
 *   precision is kept exactly): the oslo `timestamp` and the payload's own
 *   times (created_at, launched_at, deleted_at, audit periods, modify_at,
 *   updated, …), each written back in the format it came in. Gaps — and so
 *   lifecycle durations and exists windows — are unchanged.
 * - fresh ids: message_id and _unique_id, the request id (payload and
 *   context) and the resource ids (instance, cluster, backup, configuration,
 *   …) are replaced by ids derived from the old one with a per-pass secret:
 *   the same old id always gives the same new id, so a start still pairs
 *   with its end and an instance's exists windows still belong to it — and
 *   nothing has to be remembered, however long the recording. Shapes are
 *   kept (uuid4, 32 hex, req-<uuid>).
 * - tenant map: tenant ids A → B in the payload and the context.
 *
 * The rewritten inner message is encoded again as oslo writes it (Python's
 * json.dumps style, in the same envelope version).
 */
import {createHmac} from 'node:crypto'
import {EVENTS} from '../events/catalog.js'
import {pyDumps, pyDumpsQuoted} from '../messaging/pyjson.js'

/** Payload fields holding times: every timestamp field of the catalog, and Trove 18's/Nova's others. */
const TIME_FIELDS: ReadonlySet<string> = new Set([
  ...EVENTS.flatMap((e) => e.fields.filter((f) => f.type === 'timestamp').map((f) => f.name)),
  'updated_at', 'terminated_at', 'modified_at', 'audit_period_beginning', 'audit_period_ending',
])

/** Payload fields holding ids of things a lifecycle creates or acts on (and so must be new in a replayed one). */
const ID_FIELDS: ReadonlySet<string> = new Set([
  'request_id', 'instance_id', 'resource_id', 'cluster_id', 'backup_id', 'parent_id', 'replica_of', 'restore_point',
  'configuration_id', 'nova_instance_id', 'nova_volume_id', 'volume_id', 'server_id', 'instance_ids', 'replicas',
])

/** Message-level keys holding ids. */
const MESSAGE_ID_KEYS = ['message_id', '_unique_id', '_context_request_id', '_context_global_request_id'] as const

/** Payload and context keys holding the tenant. */
const TENANT_PAYLOAD_KEYS = ['tenant_id', 'project_id'] as const
const TENANT_CONTEXT_KEYS = ['_context_project_id', '_context_tenant', '_context_project'] as const

const TIME = /^(\d{4})-(\d{2})-(\d{2})([ T])(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const HEX32 = /^[0-9a-f]{32}$/i
const REQ = /^req-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/**
 * A time moved by `shiftMs` (whole seconds), written in its own format:
 * separator, fraction digits and zone suffix kept. Undefined when `text`
 * is not a time.
 */
export function shiftTime(text: string, shiftMs: number): string | undefined {
  const m = TIME.exec(text)
  if (!m) return undefined
  // The clock fields as if UTC: a fixed zone offset moves with them.
  const base = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[5]!, +m[6]!, +m[7]!)
  if (Number.isNaN(base)) return undefined
  const d = new Date(base + shiftMs)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}${m[4]}` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${m[8] ?? ''}${m[9] ?? ''}`
}

export interface RewriteOptions {
  readonly retime: boolean
  readonly freshIds: boolean
  /** Tenant ids to replace: old → new. */
  readonly tenantMap: ReadonlyMap<string, string>
}

export function rewriting(o: RewriteOptions): boolean {
  return o.retime || o.freshIds || o.tenantMap.size > 0
}

/** Rewrites the messages of one replay pass: one time shift, one id secret. */
export class Rewriter {
  /**
   * `secret` makes the new ids (a new one per pass of --loop, so each pass is
   * new lifecycles); `shiftMs` is the time shift (retime), whole seconds.
   */
  private readonly shiftMs: number

  constructor(private readonly o: RewriteOptions, private readonly secret: string, shiftMs: number) {
    this.shiftMs = Math.round(shiftMs / 1000) * 1000
  }

  /** The id that replaces `old`: derived, so the same old id gives the same new one; same shape. */
  freshId(old: string): string {
    if (old === '') return old
    const h = createHmac('sha256', this.secret).update(old).digest()
    h[6] = (h[6]! & 0x0f) | 0x40 // uuid version 4
    h[8] = (h[8]! & 0x3f) | 0x80 // RFC 4122 variant
    const hex = h.toString('hex', 0, 16)
    const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
    if (UUID.test(old)) return /[A-F]/.test(old) && !/[a-f]/.test(old) ? uuid.toUpperCase() : uuid
    if (HEX32.test(old)) return hex
    if (REQ.test(old)) return `req-${uuid}`
    return `${old}-${hex.slice(0, 8)}`
  }

  private ids(value: unknown): unknown {
    if (typeof value === 'string') return this.freshId(value)
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? this.freshId(v) : v))
    return value
  }

  /** Rewrite an inner oslo message in place. */
  message(m: Record<string, unknown>): void {
    const o = this.o
    const payload = typeof m.payload === 'object' && m.payload !== null && !Array.isArray(m.payload) ? m.payload as Record<string, unknown> : undefined
    if (o.retime) {
      if (typeof m.timestamp === 'string') m.timestamp = shiftTime(m.timestamp, this.shiftMs) ?? m.timestamp
      if (payload) {
        for (const k of Object.keys(payload)) {
          const v = payload[k]
          if (typeof v === 'string' && TIME_FIELDS.has(k)) payload[k] = shiftTime(v, this.shiftMs) ?? v
        }
      }
    }
    if (o.freshIds) {
      for (const k of MESSAGE_ID_KEYS) if (typeof m[k] === 'string') m[k] = this.freshId(m[k] as string)
      if (payload) for (const k of Object.keys(payload)) if (ID_FIELDS.has(k)) payload[k] = this.ids(payload[k])
    }
    if (o.tenantMap.size > 0) {
      const map = (v: unknown): unknown => (typeof v === 'string' ? o.tenantMap.get(v) ?? v : v)
      for (const k of TENANT_CONTEXT_KEYS) if (k in m) m[k] = map(m[k])
      if (payload) for (const k of TENANT_PAYLOAD_KEYS) if (k in payload) payload[k] = map(payload[k])
    }
  }
}

/** The body of a rewritten message, in the envelope version it came in, as oslo writes it. */
export function encodeRewritten(message: Record<string, unknown>, version: '2.0' | '1.0'): Buffer {
  const text = version === '2.0' ? '{"oslo.version": "2.0", "oslo.message": ' + pyDumpsQuoted(message) + '}' : pyDumps(message)
  return Buffer.from(text, 'utf8')
}

/** `A=B` (repeatable flag values) → the tenant map; a usage problem as a string. */
export function parseTenantMap(pairs: readonly string[]): Map<string, string> | string {
  const map = new Map<string, string>()
  for (const p of pairs) {
    const eq = p.indexOf('=')
    if (eq <= 0 || eq === p.length - 1) return `--tenant-map "${p}" is not OLD=NEW`
    const from = p.slice(0, eq).trim()
    const to = p.slice(eq + 1).trim()
    if (map.has(from) && map.get(from) !== to) return `--tenant-map maps ${from} twice (to ${map.get(from)} and ${to})`
    map.set(from, to)
  }
  return map
}
