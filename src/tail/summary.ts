/**
 * The numbers behind the table `tail` prints on exit: per event type how
 * many messages were shown, how many were errors, how many lifecycles are
 * still open, how many violations and Trove 18 departures `--check` found;
 * and how many deliveries were skipped, per reason.
 */
import {EVENTS} from '../events/catalog.js'
import type {Finding} from './checker.js'
import type {OpenLifecycle} from './lifecycle.js'

export interface EventTypeStats {
  readonly eventType: string
  count: number
  errors: number
  open: number
  violations: number
  departures: number
}

export interface TailSummary {
  readonly rows: readonly EventTypeStats[]
  readonly skipped: ReadonlyArray<{readonly reason: string, readonly count: number}>
  readonly total: number
  readonly reconnects: number
}

/** Rows in the catalog's order (start, end, error of each operation…), other event types after, by name. */
const ORDER = new Map(EVENTS.map((e, i) => [e.eventType, i]))
function byCatalogOrder(a: EventTypeStats, b: EventTypeStats): number {
  return (ORDER.get(a.eventType) ?? ORDER.size) - (ORDER.get(b.eventType) ?? ORDER.size) || a.eventType.localeCompare(b.eventType)
}

export class SummaryCounter {
  private readonly byType = new Map<string, EventTypeStats>()
  private readonly skipped = new Map<string, number>()
  total = 0
  reconnects = 0

  private row(eventType: string): EventTypeStats {
    let r = this.byType.get(eventType)
    if (!r) {
      r = {eventType, count: 0, errors: 0, open: 0, violations: 0, departures: 0}
      this.byType.set(eventType, r)
    }
    return r
  }

  /** A message shown: errors are ERROR/CRITICAL priority or a `.error` event type (Trove 18 sends those at INFO). */
  message(eventType: string, priority: string, findings: readonly Finding[] = []): void {
    const r = this.row(eventType || '(no event_type)')
    r.count++
    this.total++
    if (priority === 'ERROR' || priority === 'CRITICAL' || eventType.endsWith('.error')) r.errors++
    for (const f of findings) {
      if (f.note) continue // information, not a violation (valid in the other dialect)
      if (f.departure) r.departures++
      else r.violations++
    }
  }

  skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1)
    this.total++
  }

  result(open: readonly OpenLifecycle[] = []): TailSummary {
    for (const r of this.byType.values()) r.open = 0
    for (const o of open) this.row(o.eventType).open++
    return {
      rows: [...this.byType.values()].sort(byCatalogOrder),
      skipped: [...this.skipped].map(([reason, count]) => ({reason, count})),
      total: this.total,
      reconnects: this.reconnects,
    }
  }
}
