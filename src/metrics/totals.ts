/**
 * The run so far, summed from its seconds: what the thresholds are
 * evaluated on (each second with --abort-on-fail, and at the end, when the
 * seconds add up to the whole run) — counters, labelled counters, the
 * latest gauges and the merged latency histograms.
 */
import type {RunKind} from './catalog.js'
import {LatencyHistogram} from './histogram.js'
import type {RunSink} from './hub.js'
import {labelValues, type Sample} from './sample.js'
import type {Measures} from './thresholds.js'

export class RunTotals implements RunSink {
  readonly counters: Record<string, number> = {}
  readonly by: Record<string, Record<string, number>> = {}
  gauges: Record<string, number> = {}
  readonly histograms = new Map<string, LatencyHistogram>()
  lastMs: number

  constructor(readonly startMs: number) {
    this.lastMs = startMs
  }

  second(s: Sample): void {
    for (const [k, v] of Object.entries(s.counters)) this.counters[k] = (this.counters[k] ?? 0) + v
    for (const [m, rec] of Object.entries(s.by)) {
      const mine = this.by[m] ??= {}
      for (const [k, v] of Object.entries(rec)) mine[k] = (mine[k] ?? 0) + v
    }
    this.gauges = {...s.gauges}
    for (const [name, h] of Object.entries(s.histograms)) {
      let mine = this.histograms.get(name)
      if (!mine) this.histograms.set(name, mine = new LatencyHistogram())
      mine.merge(h.hdr)
    }
    this.lastMs = Math.max(this.lastMs, s.toMs)
  }

  private sum(metric: string, pick?: (labels: string[]) => boolean): number {
    let n = 0
    for (const [k, v] of Object.entries(this.by[metric] ?? {})) if (!pick || pick(labelValues(k))) n += v
    return n
  }

  get elapsedS(): number {
    return (this.lastMs - this.startMs) / 1000
  }

  /** How many values a live threshold on `metric` rests on. */
  samplesFor(metric: string): number {
    if (metric.startsWith('confirm_')) return this.histograms.get('confirm_latency')?.count ?? 0
    if (metric.startsWith('lifecycle_')) return (this.histograms.get('lifecycle_latency') ?? this.histograms.get('observed_lifecycle'))?.count ?? 0
    return this.sum('lifecycles_ended')
  }

  /** The thresholds' view of the run; `target`: requests/s asked over the run so far. */
  measures(kind: RunKind, target?: number): Measures {
    const m: Record<string, number | undefined> = {}
    const elapsed = this.elapsedS
    const perS = (n: number): number | undefined => (elapsed > 0 ? n / elapsed : undefined)
    const lat = (prefix: string, h: LatencyHistogram | undefined): void => {
      if (!h || h.count === 0) return
      m[`${prefix}_p50`] = h.quantile(0.5)
      m[`${prefix}_p90`] = h.quantile(0.9)
      m[`${prefix}_p95`] = h.quantile(0.95)
      m[`${prefix}_p99`] = h.quantile(0.99)
      m[`${prefix}_p999`] = h.quantile(0.999)
      m[`${prefix}_max`] = h.max
      m[`${prefix}_mean`] = h.mean
    }
    const c = (k: string): number => this.counters[k] ?? 0
    if (kind !== 'tail') {
      lat('confirm', this.histograms.get('confirm_latency'))
      m.published = c('published')
      m.confirmed = c('confirmed')
      m.unconfirmed = this.gauges.unconfirmed ?? c('published') - c('confirmed')
      m.republished = c('republished')
      m.reconnects = c('reconnects')
      m.throughput = perS(c('confirmed'))
    }
    if (kind === 'simulate') {
      lat('lifecycle', this.histograms.get('lifecycle_latency'))
      const ended = this.sum('lifecycles_ended')
      const errors = this.sum('lifecycles_ended', (l) => l[1] === 'error')
      m.requests = c('requests')
      m.errors = errors
      m.error_rate = ended > 0 ? errors / ended : 0
      m.injected = this.sum('injected')
      m.crashes = c('crashes')
      m.rate = perS(c('requests'))
      m.target = target
    }
    if (kind === 'periodic') m.runs = this.sum('periodic_runs')
    if (kind === 'tail') {
      lat('lifecycle', this.histograms.get('observed_lifecycle'))
      m.consumed = this.sum('consumed')
      m.violations = this.sum('violations')
      m.departures = this.sum('departures')
      m.skipped = this.sum('skipped')
      m.open = this.gauges.open_lifecycles ?? 0
      m.reconnects = c('reconnects')
      m.rate = perS(this.sum('consumed'))
    }
    return m
  }
}
