/**
 * Every metric a run exposes, written once: what a sample calls it, its
 * Prometheus name, type, help and labels, and the columns of the
 * per-second rows of `--metrics-file` for each kind of command. The
 * exporter, the file writer, the report and the docs read this.
 */
import {OPERATIONS} from '../events/catalog.js'
import {labelValues, type Sample, samplePercentiles, total} from './sample.js'

export type RunKind = 'simulate' | 'tail' | 'periodic' | 'replay'

export const PROM_PREFIX = 'trove_notify_'

export interface PromDef {
  /** Where the value is in a sample: counters.X, by.X, gauges.X or histograms.X. */
  readonly from: `${'counters' | 'by' | 'gauges' | 'histograms'}.${string}`
  readonly name: string
  readonly type: 'counter' | 'gauge' | 'histogram'
  readonly help: string
  /** Labels of a labelled counter or histogram, in label-key order (worker and thread are added). */
  readonly labels?: readonly string[]
}

export const PROM_METRICS: readonly PromDef[] = [
  {from: 'counters.requests', name: 'requests_total', type: 'counter', help: 'Requests the simulator dispatched (one may run several lifecycles).'},
  {from: 'gauges.in_flight', name: 'requests_in_flight', type: 'gauge', help: 'Requests in flight now.'},
  {from: 'gauges.target_rate', name: 'target_request_rate', type: 'gauge', help: 'Requests per second the rate profile asks for now (0 = no limit).'},
  {from: 'by.published', name: 'notifications_published_total', type: 'counter', help: 'Notifications handed to the broker (one per topic).', labels: ['event_type', 'priority']},
  {from: 'by.confirmed', name: 'notifications_confirmed_total', type: 'counter', help: 'Notifications the broker confirmed (or the log/noop driver wrote), attributed in publish order.', labels: ['event_type', 'priority']},
  {from: 'counters.republished', name: 'notifications_republished_total', type: 'counter', help: 'Notifications sent again after a reconnect because their confirm never came.'},
  {from: 'gauges.unconfirmed', name: 'notifications_unconfirmed', type: 'gauge', help: 'Notifications published and not confirmed yet.'},
  {from: 'counters.reconnects', name: 'broker_reconnects_total', type: 'counter', help: 'Reconnections to the broker after a loss.'},
  {from: 'by.lifecycles_started', name: 'lifecycles_started_total', type: 'counter', help: 'Lifecycles started (dbaas.<operation>.start published).', labels: ['operation']},
  {from: 'by.lifecycles_ended', name: 'lifecycles_ended_total', type: 'counter', help: 'Lifecycles ended, by outcome (end or error).', labels: ['operation', 'outcome']},
  {from: 'by.injected', name: 'injected_failures_total', type: 'counter', help: 'Lifecycles that ended in .error because --error-rate injected a failure.', labels: ['operation']},
  {from: 'counters.crashes', name: 'crashes_total', type: 'counter', help: 'Requests whose code failed with something other than a Trove error (a bug).'},
  {from: 'histograms.confirm_latency', name: 'confirm_latency_seconds', type: 'histogram', help: 'Publish to broker confirm.'},
  {from: 'histograms.lifecycle_latency', name: 'lifecycle_latency_seconds', type: 'histogram', help: 'A request\'s lifecycle, .start to .end/.error, real time.', labels: ['operation', 'outcome']},
  {from: 'by.periodic_runs', name: 'periodic_runs_total', type: 'counter', help: 'Periodic runs done (exists, quotas).', labels: ['task']},
  {from: 'by.consumed', name: 'messages_consumed_total', type: 'counter', help: 'Messages tail read and showed (after its filters).', labels: ['event_type', 'priority']},
  {from: 'by.violations', name: 'check_violations_total', type: 'counter', help: 'Catalog violations tail --check found.', labels: ['event_type']},
  {from: 'by.departures', name: 'check_departures_total', type: 'counter', help: 'Known Trove 18 departures from the spec tail --check found.', labels: ['event_type']},
  {from: 'by.skipped', name: 'messages_skipped_total', type: 'counter', help: 'Deliveries tail could not read, by reason.', labels: ['reason']},
  {from: 'gauges.open_lifecycles', name: 'lifecycles_open', type: 'gauge', help: 'Lifecycles tail --lifecycle saw start and not end yet.'},
  {from: 'histograms.observed_lifecycle', name: 'observed_lifecycle_seconds', type: 'histogram', help: 'Lifecycles tail --lifecycle paired: .start to .end/.error by their oslo timestamps.', labels: ['operation', 'outcome']},
]

/** One column of a metrics-file row: name and how it is read from a second's sample. */
interface Column {
  readonly name: string
  readonly value: (s: Sample) => number
}

const c = (name: string): Column => ({name, value: (s) => s.counters[name] ?? 0})
const g = (name: string): Column => ({name, value: (s) => s.gauges[name] ?? 0})
const sum = (name: string, metric: string): Column => ({name, value: (s) => total(s, metric)})

/** A labelled counter summed over the label sets whose `index`-th label is `value`. */
function where(s: Sample, metric: string, index: number, value: string): number {
  let n = 0
  for (const [k, v] of Object.entries(s.by[metric] ?? {})) if (labelValues(k)[index] === value) n += v
  return n
}

const outcome = (name: string, value: string): Column => ({name, value: (s) => where(s, 'lifecycles_ended', 1, value)})

function latency(prefix: string, hist: string): Column[] {
  return (['p50', 'p95', 'p99', 'max'] as const).map((p) => ({name: `${prefix}_${p}_ms`, value: (s) => samplePercentiles(s, hist)[p]}))
}

const PUBLISHING: readonly Column[] = [
  sum('published', 'published'), c('confirmed'), g('unconfirmed'), c('republished'), c('reconnects'),
  ...latency('confirm', 'confirm_latency'),
]

const COLUMNS: Readonly<Record<RunKind, readonly Column[]>> = {
  simulate: [
    c('requests'), g('in_flight'), g('target_rate'),
    sum('lifecycles_started', 'lifecycles_started'), outcome('lifecycles_ended', 'end'), outcome('lifecycles_errored', 'error'),
    sum('injected', 'injected'), c('crashes'),
    ...PUBLISHING,
    ...latency('lifecycle', 'lifecycle_latency'),
  ],
  replay: PUBLISHING,
  periodic: [sum('runs', 'periodic_runs'), ...PUBLISHING],
  tail: [
    sum('consumed', 'consumed'), sum('violations', 'violations'), sum('departures', 'departures'), sum('skipped', 'skipped'),
    g('open_lifecycles'), {name: 'lifecycles_closed', value: (s) => histogramCount(s, 'observed_lifecycle')}, c('reconnects'),
    ...latency('lifecycle', 'observed_lifecycle'),
  ],
}

function histogramCount(s: Sample, name: string): number {
  let n = 0
  for (const b of Object.values(s.histograms[name]?.buckets ?? {})) for (let i = 0; i < b.length - 1; i++) n += b[i]!
  return n
}

/** Per-operation columns of simulate's rows: started, ended, errored of every catalog operation. */
const PER_OPERATION = OPERATIONS.map((o) => o.name)

/** The column names of a kind's CSV rows (after t and elapsed_s). */
export function columnNames(kind: RunKind): string[] {
  const names = COLUMNS[kind].map((col) => col.name)
  if (kind === 'simulate') for (const op of PER_OPERATION) names.push(`${op}.started`, `${op}.ended`, `${op}.errored`)
  return names
}

/** One row of `--metrics-file`: the second's time, then every column; JSON rows add the by-label detail. */
export function rowOf(kind: RunKind, s: Sample, startMs: number): Record<string, unknown> {
  const row: Record<string, unknown> = {
    t: new Date((s.second - 1) * 1000).toISOString(),
    elapsed_s: Math.round((s.toMs - startMs) / 10) / 100,
  }
  for (const col of COLUMNS[kind]) row[col.name] = round(col.value(s))
  if (kind === 'simulate') {
    const ops: Record<string, {started: number, ended: number, errored: number}> = {}
    const get = (op: string) => ops[op] ??= {started: 0, ended: 0, errored: 0}
    for (const [op, n] of Object.entries(s.by.lifecycles_started ?? {})) get(op).started += n
    for (const [k, n] of Object.entries(s.by.lifecycles_ended ?? {})) {
      const [op, out] = labelValues(k)
      if (out === 'end') get(op!).ended += n
      else get(op!).errored += n
    }
    row.by_operation = ops
  }
  if (kind === 'tail') row.by_event_type = byFirstLabel(s, 'consumed')
  else row.by_event_type = byFirstLabel(s, 'published')
  return row
}

function byFirstLabel(s: Sample, metric: string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [k, n] of Object.entries(s.by[metric] ?? {})) {
    const first = labelValues(k)[0] ?? ''
    out[first] = (out[first] ?? 0) + n
  }
  return out
}

/** A JSON row flattened to CSV cells, in `columnNames` order. */
export function csvCells(kind: RunKind, row: Record<string, unknown>): unknown[] {
  const cells: unknown[] = [row.t, row.elapsed_s, ...COLUMNS[kind].map((col) => row[col.name])]
  if (kind === 'simulate') {
    const ops = row.by_operation as Record<string, {started: number, ended: number, errored: number}>
    for (const op of PER_OPERATION) {
      const o = ops[op]
      cells.push(o?.started ?? 0, o?.ended ?? 0, o?.errored ?? 0)
    }
  }
  return cells
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
