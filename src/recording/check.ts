/**
 * `check`: the validator of `tail --check` over recordings, offline. Each
 * message is inspected and checked exactly as tail does it (the same
 * Checker, the same skip reasons), and across the whole stream: lifecycles
 * paired by request id (starts never ended, ends without a start) and exists
 * windows followed per instance (gaps, overlaps, empty windows). Memory
 * holds only what is still open (lifecycles, one window per instance) and a
 * bounded list of findings to show. Knows nothing of terminals.
 */
import type {DialectName} from '../events/types.js'
import {Checker, type Finding} from '../tail/checker.js'
import type {MessageFilter} from '../tail/filters.js'
import {payloadOf, requestIdOf} from '../tail/filters.js'
import {LifecycleTracker} from '../tail/lifecycle.js'
import {type Delivery, inspectDelivery} from '../tail/message.js'
import {violationCount} from '../tail/session.js'
import {SummaryCounter, type TailSummary} from '../tail/summary.js'
import type {Recorded} from '../messaging/recording.js'
import type {RecordingItem} from './reader.js'
import {WindowTracker} from './windows.js'

/** Where in the recordings something was found. */
export interface Place {
  readonly source: string
  readonly line: number
}

/** A message with findings (or a line that could not be read), as reported. */
export interface MessageReport extends Place {
  readonly eventType: string
  readonly messageId?: string
  readonly findings: readonly Finding[]
}

export interface CheckOptions {
  readonly filter?: MessageFilter
  /**
   * The recording is a slice of a longer stream: lifecycles cut at its edges
   * (never ended, ended without a start) are listed but are not violations.
   */
  readonly partial: boolean
  /** Whose shapes messages are held against (default spec). */
  readonly dialect?: DialectName
}

/** Kept for the report; everything is counted. */
const MAX_LISTED = 1000

export interface CheckResult {
  readonly summary: TailSummary
  readonly messages: number
  readonly badLines: number
  /** Everything that fails the check: message violations, unreadable messages and lines, lifecycle and window problems. */
  readonly violations: number
  readonly departures: number
  readonly lifecycles: {
    readonly paired: number
    readonly neverEnded: number
    readonly endsWithoutStart: number
    /** The first of each, with where they are. */
    readonly neverEndedList: ReadonlyArray<Place & {eventType: string, requestId: string}>
    readonly endsWithoutStartList: ReadonlyArray<Place & {eventType: string, requestId: string}>
  }
  readonly exists: {
    readonly instances: number
    readonly windows: number
    readonly gaps: number
    readonly overlaps: number
    readonly empty: number
    readonly list: ReadonlyArray<Place & {instanceId: string, kind: string, text: string}>
  }
  /** The first messages with findings (all are counted in the summary). */
  readonly findings: readonly MessageReport[]
  readonly partial: boolean
  /** Whose shapes messages are held against (default spec). */
  readonly dialect?: DialectName
}

/** A skip reason with its detail, without saying the same thing twice. */
function skipProblem(reason: string, detail: string | undefined): string {
  if (!detail) return reason
  return detail.startsWith(reason) ? detail : `${reason} (${detail})`
}

/** A recorded message as tail would have received it. */
export function recordedDelivery(r: Recorded): Delivery {
  return {body: r.body, routingKey: r.routingKey, exchange: r.exchange, redelivered: false, properties: r.properties, receivedAt: r.timeMs}
}

export class RecordingCheck {
  private readonly checker: Checker
  private readonly tracker = new LifecycleTracker()
  private readonly counter = new SummaryCounter()
  private readonly windows = new WindowTracker()
  /** Where each open start was seen (by its message object). */
  private readonly startPlace = new WeakMap<object, Place>()
  private messages = 0
  private badLines = 0
  private paired = 0
  private endsWithoutStart = 0
  private readonly endsWithoutStartList: Array<Place & {eventType: string, requestId: string}> = []
  private readonly windowList: Array<Place & {instanceId: string, kind: string, text: string}> = []
  private readonly findings: MessageReport[] = []

  constructor(private readonly o: CheckOptions) {
    this.checker = new Checker(o.dialect ?? 'spec')
  }

  /**
   * One item of a recording; returns what to show for it (findings, or why it
   * could not be read), or undefined when there is nothing to say.
   */
  item(item: RecordingItem): MessageReport | undefined {
    if (item.kind === 'bad') {
      this.badLines++
      return this.keep({source: item.source, line: item.line, eventType: '', findings: [{field: 'line', problem: item.problem}]})
    }
    const place = {source: item.source, line: item.line}
    const inspected = inspectDelivery(recordedDelivery(item.record))
    if (inspected.kind === 'skipped') {
      this.messages++
      this.counter.skip(inspected.reason)
      return this.keep({...place, eventType: '', findings: [{field: 'body', problem: skipProblem(inspected.reason, inspected.detail)}]})
    }
    const m = inspected.message
    if (this.o.filter && !this.o.filter(m)) return undefined
    this.messages++
    const findings = this.checker.check(inspected)
    const at = Number.isFinite(item.record.timeMs) ? item.record.timeMs : 0
    const mark = this.tracker.observe(m, at)
    if (mark?.kind === 'start') this.startPlace.set(m, place)
    else if (mark?.kind === 'closed') this.paired++
    else if (mark?.kind === 'unpaired') {
      this.endsWithoutStart++
      if (this.endsWithoutStartList.length < MAX_LISTED) this.endsWithoutStartList.push({...place, eventType: inspected.eventType, requestId: requestIdOf(m) ?? ''})
    }
    if (inspected.eventType === 'trove.instance.exists') {
      const w = this.windows.observe(payloadOf(m))
      if (w && this.windowList.length < MAX_LISTED) this.windowList.push({...place, ...w})
    }
    this.counter.message(inspected.eventType, inspected.priority, findings)
    if (findings.length === 0) return undefined
    return this.keep({...place, eventType: inspected.eventType, messageId: typeof m.message_id === 'string' ? m.message_id : undefined, findings})
  }

  private keep(r: MessageReport): MessageReport {
    if (this.findings.length < MAX_LISTED) this.findings.push(r)
    return r
  }

  result(): CheckResult {
    const open = this.tracker.stillOpen()
    const summary = this.counter.result(open)
    const departures = summary.rows.reduce((n, r) => n + r.departures, 0)
    const neverEndedList = open.slice(0, MAX_LISTED).map((o) => ({...(this.startPlace.get(o.message) ?? {source: '', line: 0}), eventType: o.eventType, requestId: o.requestId}))
    const lifecycleViolations = this.o.partial ? 0 : open.length + this.endsWithoutStart
    const c = this.windows.counts
    return {
      summary,
      messages: this.messages,
      badLines: this.badLines,
      // Overlaps are already counted per message (as the Trove 18 departure the checker names).
      violations: violationCount(summary) + this.badLines + lifecycleViolations + c.gap + c.empty,
      departures,
      lifecycles: {
        paired: this.paired, neverEnded: open.length, endsWithoutStart: this.endsWithoutStart,
        neverEndedList, endsWithoutStartList: this.endsWithoutStartList,
      },
      exists: {instances: this.windows.instances, windows: this.windows.windows, gaps: c.gap, overlaps: c.overlap, empty: c.empty, list: this.windowList},
      findings: this.findings,
      partial: this.o.partial,
    }
  }
}
