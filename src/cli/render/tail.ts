/**
 * How `tail` looks: one line per message (time, coloured priority,
 * event_type, request_id, tenant, the fields that identify the subject,
 * publisher_id), findings of `--check` beneath it, lifecycle durations at the
 * end of a closing line, `--json` (one inner oslo message per line) and
 * `--raw` (envelope, AMQP properties, routing key), skipped deliveries, open
 * lifecycles and the summary table. Everything from the wire goes through
 * sanitize.ts (human lines) or is JSON-escaped (machine lines) before it is
 * written.
 */
import type {Finding} from '../../tail/checker.js'
import {payloadOf, requestIdOf, tenantOf} from '../../tail/filters.js'
import type {LifecycleMark, OpenLifecycle} from '../../tail/lifecycle.js'
import type {DecodedMessage, Delivery, SkippedMessage} from '../../tail/message.js'
import type {TailView} from '../../tail/session.js'
import type {TailSummary} from '../../tail/summary.js'
import type {LineWriter} from './line-writer.js'
import {escapeForTerminal, safe} from './sanitize.js'
import {c, priorityColour, table} from './style.js'

/** Payload fields that say what a message is about, in the order shown. */
const SUBJECT_FIELDS = [
  'instance_id', 'name', 'instance_name', 'cluster_id', 'backup_id', 'configuration_id', 'dbname', 'database',
  'username', 'resource', 'in_use', 'reserved', 'limit', 'new_size', 'new_flavor_id', 'state', 'message',
] as const

const MAX_VALUE = 80


const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/** `--json`: the inner oslo message as one line (the wire's own text when it is plain ASCII, as oslo sends it). */
export function jsonLine(m: DecodedMessage): string {
  if (m.innerText !== undefined && PRINTABLE_ASCII.test(m.innerText)) return m.innerText
  return escapeForTerminal(JSON.stringify(m.message))
}

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (ch) => '_' + ch.toLowerCase())
}

/** `--raw`: routing key, exchange, AMQP properties and the envelope (or the body text) as one JSON line. */
export function rawLine(d: Delivery): string {
  const properties: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(d.properties as Record<string, unknown>)) if (v !== undefined) properties[snake(k)] = v
  const text = d.body.length > 1024 * 1024 ? `${d.body.subarray(0, 256).toString('utf8')}… (${d.body.length} bytes)` : d.body.toString('utf8')
  const line = (body: unknown): string => escapeForTerminal(JSON.stringify({routing_key: d.routingKey, exchange: d.exchange, redelivered: d.redelivered, properties, body}))
  try {
    return line(JSON.parse(text))
  } catch {
    // Not JSON, or JSON too deeply nested to write back (JSON.stringify recurses): the body as text.
    return line(text)
  }
}

/** `10:00:05.123` from an oslo timestamp (UTC), else the local receive time. */
function timeOf(timestamp: unknown, receivedAt: number): string {
  if (typeof timestamp === 'string') {
    const m = /^\d{4}-\d{2}-\d{2}[ T](\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(timestamp)
    if (m) return `${m[1]}${(m[2] ?? '.000').padEnd(4, '0')}`
  }
  return new Date(receivedAt).toISOString().slice(11, 23)
}

function short(value: unknown): string {
  const s = safe(value)
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s
}

/** `name=db1 instance_id=…` for the subject fields a payload has. */
function subject(payload: Readonly<Record<string, unknown>>): string {
  const parts: string[] = []
  for (const key of SUBJECT_FIELDS) {
    const v = payload[key]
    if (v === undefined || v === null || v === '') continue
    if (key === 'instance_name' && v === payload.name) continue
    parts.push(key === 'message' ? c.red(`message=${JSON.stringify(short(v))}`) : `${key}=${short(v)}`)
  }
  return parts.join(' ')
}

function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${(ms / 1000).toFixed(3)}s`
}

function markText(mark: LifecycleMark | undefined): string {
  if (!mark) return ''
  switch (mark.kind) {
    case 'start': return ''
    case 'closed': return mark.phase === 'end' ? c.green(` ✔ ${seconds(mark.durationMs)}`) : c.red(` ✖ failed after ${seconds(mark.durationMs)}`)
    case 'unpaired': return c.dim(' (start not seen)')
  }
}

/** One human line for a message. */
export function messageLine(m: DecodedMessage, mark?: LifecycleMark): string {
  const msg = m.message
  const prio = safe(m.priority || '?').toUpperCase()
  const parts = [
    c.dim(timeOf(msg.timestamp, m.delivery.receivedAt)),
    priorityColour(prio) + ' '.repeat(Math.max(0, 5 - prio.length)),
    c.bold(safe(m.eventType || '(no event_type)').padEnd(40)),
    safe(requestIdOf(msg) ?? '-'),
    `tenant=${safe(tenantOf(msg) ?? '-')}`,
    subject(payloadOf(msg)),
    c.dim(safe(msg.publisher_id ?? '')),
  ].filter((p) => p !== '')
  return parts.join(' ') + markText(mark)
}

/** A --check finding: `✖ field: problem`, `⚠ trove18: … — field: problem` for a known departure, `ℹ …` for a note. */
export function findingLine(f: Finding): string {
  if (f.note) return `${c.dim('ℹ')} ${safe(f.field)}: ${safe(f.problem)}`
  return f.departure
    ? `${c.yellow('⚠')} ${c.yellow(f.departure)} — ${safe(f.field)}: ${safe(f.problem)}`
    : `${c.red('✖')} ${safe(f.field)}: ${safe(f.problem)}`
}

export function skippedLine(s: SkippedMessage): string {
  const d = s.delivery
  return `${c.dim(new Date(d.receivedAt).toISOString().slice(11, 23))} ${c.red('✖ skipped')} message on ${safe(d.routingKey) || '(no routing key)'}: ${safe(s.reason)}${s.detail ? ` (${safe(s.detail)})` : ''}`
}

function openLine(o: OpenLifecycle, now: number): string {
  const payload = payloadOf(o.message)
  return `${safe(o.eventType)} ${safe(o.requestId)} ${subject(payload)} open for ${seconds(now - o.receivedAt)} (no .end or .error yet)`
}

export function overdueLines(open: readonly OpenLifecycle[], openAfterS: number, now = Date.now()): string[] {
  return open.map((o) => `${c.yellow('⚠ still open')} after ${openAfterS}s: ${openLine(o, now)}`)
}

export function openAtExitLines(open: readonly OpenLifecycle[], now = Date.now()): string[] {
  if (open.length === 0) return []
  return [c.yellow(`${open.length} lifecycle(s) still open at exit:`), ...open.map((o) => `  ${openLine(o, now)}`)]
}

/** The table printed on exit. */
export function summaryTable(s: TailSummary, o: {lifecycle: boolean, check: boolean}): string {
  const head = ['Event type', 'Count', 'Errors', ...(o.lifecycle ? ['Open'] : []), ...(o.check ? ['Violations', 'Trove 18'] : [])]
  const rows = s.rows.map((r) => [safe(r.eventType), r.count, r.errors, ...(o.lifecycle ? [r.open] : []), ...(o.check ? [r.violations, r.departures] : [])])
  const blank = head.length - 2
  for (const k of s.skipped) rows.push([`(skipped: ${safe(k.reason)})`, k.count, ...Array<string>(blank).fill('')])
  const caption = `${s.total} message(s)${s.reconnects > 0 ? `, ${s.reconnects} reconnect(s)` : ''}`
  return s.rows.length + s.skipped.length === 0 ? `${caption}.` : `${table(head, rows)}\n${caption}.`
}

export interface TailRenderOptions {
  readonly mode: 'human' | 'json' | 'raw'
  readonly out: LineWriter
  /** Secondary output (stderr): findings and skips in --json/--raw mode, where stdout is for machines. */
  readonly err: LineWriter
  readonly openAfterS: number
}

/** The TailView of the tail command: renders each result to the right stream. */
export class TailRenderer implements TailView {
  constructor(private readonly o: TailRenderOptions) {}

  private get human(): boolean {
    return this.o.mode === 'human'
  }

  message(m: DecodedMessage, findings: readonly Finding[] | undefined, mark: LifecycleMark | undefined): void {
    const {out, err} = this.o
    if (this.o.mode === 'json') out.line(jsonLine(m))
    else if (this.o.mode === 'raw') out.line(rawLine(m.delivery))
    else out.line(messageLine(m, mark))
    if (!this.human && mark && mark.kind !== 'start') err.line(`lifecycle ${safe(m.eventType)} ${safe(requestIdOf(m.message) ?? '-')}${markText(mark)}`)
    if (!findings || findings.length === 0) return
    if (this.human) for (const f of findings) out.line(`    ${findingLine(f)}`)
    else for (const f of findings) err.line(`check ${safe(m.eventType)} ${safe(m.message.message_id)}: ${findingLine(f)}`)
  }

  skipped(s: SkippedMessage): void {
    if (this.o.mode === 'raw') this.o.out.line(rawLine(s.delivery))
    ;(this.human ? this.o.out : this.o.err).line(skippedLine(s))
  }

  overdue(open: readonly OpenLifecycle[]): void {
    const w = this.human ? this.o.out : this.o.err
    for (const line of overdueLines(open, this.o.openAfterS)) w.line(line)
  }
}
