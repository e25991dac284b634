/**
 * What a simulation counts, in constant memory however long it runs:
 * operations by type and outcome, and latency histograms (confirm latency,
 * lifecycle latency: HdrHistograms, see metrics/histogram.ts), so a run of
 * a million notifications keeps no per-message data. With live metrics on
 * (--metrics-file, --metrics-port, --report, --threshold) each count is
 * also handed to the run's recorder as it happens.
 */
import {LatencyHistogram} from '../metrics/histogram.js'
import type {MetricsRecorder} from '../metrics/recorder.js'
import {labelKey} from '../metrics/sample.js'

export type {Percentiles} from '../metrics/histogram.js'
/** The latency histogram (HdrHistogram, ms in, ms out). */
export {LatencyHistogram as Histogram} from '../metrics/histogram.js'

/** Lifecycles ended, per operation (dbaas.<operation>) and outcome. */
export interface OutcomeCounts {
  end: number
  error: number
  /** Of the errors: failures injected by --error-rate. */
  injected: number
}

/** SimulationStats as data. */
export interface StatsData {
  readonly requests: number
  readonly crashed: number
  readonly crashes: readonly string[]
  readonly byOperation: ReadonlyArray<readonly [string, OutcomeCounts]>
  /** HdrHistogram compressed base64 (µs). */
  readonly confirmLatency: string
  readonly lifecycleLatency: string
  readonly periodic: ReadonlyArray<readonly [string, {runs: number, notifications: number}]>
}

/** Counters of one simulation run. */
export class SimulationStats {
  /** Requests the engine dispatched (one registry call; may hold several lifecycles). */
  requests = 0
  /** Requests whose code threw something other than a Trove error (a bug: reported, never hidden). */
  crashed = 0
  readonly crashes: string[] = []
  readonly byOperation = new Map<string, OutcomeCounts>()
  readonly confirmLatency = new LatencyHistogram()
  readonly lifecycleLatency = new LatencyHistogram()
  /** Periodic runs (exists, quotas) done, by task. */
  readonly periodic = new Map<string, {runs: number, notifications: number}>()
  /** The live recorder, when the run's metrics are watched. */
  private live?: MetricsRecorder
  private liveConfirm?: ReturnType<MetricsRecorder['histogram']>
  private liveLifecycle?: ReturnType<MetricsRecorder['histogram']>

  /** Hand every count to `recorder` too, as it happens. */
  attach(recorder: MetricsRecorder): void {
    this.live = recorder
    this.liveConfirm = recorder.histogram('confirm_latency')
    this.liveLifecycle = recorder.histogram('lifecycle_latency')
  }

  /** A request dispatched. */
  request(): void {
    this.requests++
    this.live?.inc('requests')
  }

  /** A broker confirm, `ms` after its publish. */
  confirm(ms: number): void {
    this.confirmLatency.record(ms)
    this.liveConfirm?.observe('', ms)
  }

  /** A lifecycle ended (`ms`: its .start → .end/.error in real time, when measured). */
  lifecycle(operation: string, outcome: 'end' | 'error', injected: boolean, ms?: number): void {
    let c = this.byOperation.get(operation)
    if (!c) {
      c = {end: 0, error: 0, injected: 0}
      this.byOperation.set(operation, c)
    }
    c[outcome]++
    if (injected) c.injected++
    if (ms !== undefined) this.lifecycleLatency.record(ms)
    if (this.live) {
      const key = labelKey(operation, outcome)
      this.live.incBy('lifecycles_ended', key)
      if (injected) this.live.incBy('injected', operation)
      if (ms !== undefined) this.liveLifecycle!.observe(key, ms)
    }
  }

  crash(message: string): void {
    this.crashed++
    if (this.crashes.length < 10) this.crashes.push(message)
    this.live?.inc('crashes')
  }

  periodicRun(task: string, notifications: number): void {
    const p = this.periodic.get(task) ?? {runs: 0, notifications: 0}
    p.runs++
    p.notifications += notifications
    this.periodic.set(task, p)
    this.live?.incBy('periodic_runs', task)
  }

  /** Everything counted, as structured-cloneable data (what a simulation thread sends back). */
  toData(): StatsData {
    return {
      requests: this.requests, crashed: this.crashed, crashes: [...this.crashes],
      byOperation: [...this.byOperation].map(([op, c]) => [op, {...c}]),
      confirmLatency: this.confirmLatency.toData(), lifecycleLatency: this.lifecycleLatency.toData(),
      periodic: [...this.periodic].map(([task, p]) => [task, {...p}]),
    }
  }

  /** Add another run's counts (threads of one simulation): sums, merged histograms, the first crashes. */
  merge(d: StatsData): void {
    this.requests += d.requests
    this.crashed += d.crashed
    this.crashes.push(...d.crashes.slice(0, Math.max(0, 10 - this.crashes.length)))
    for (const [op, c] of d.byOperation) {
      const mine = this.byOperation.get(op) ?? {end: 0, error: 0, injected: 0}
      this.byOperation.set(op, {end: mine.end + c.end, error: mine.error + c.error, injected: mine.injected + c.injected})
    }
    this.confirmLatency.merge(d.confirmLatency)
    this.lifecycleLatency.merge(d.lifecycleLatency)
    for (const [task, p] of d.periodic) {
      const mine = this.periodic.get(task) ?? {runs: 0, notifications: 0}
      this.periodic.set(task, {runs: mine.runs + p.runs, notifications: mine.notifications + p.notifications})
    }
  }

  /** Totals over every operation. */
  totals(): OutcomeCounts {
    const t = {end: 0, error: 0, injected: 0}
    for (const c of this.byOperation.values()) {
      t.end += c.end
      t.error += c.error
      t.injected += c.injected
    }
    return t
  }
}
