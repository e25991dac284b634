/**
 * The metrics of one command run, in one object: a command (simulate,
 * tail, quotas, exists — replay the same way) opens a session with what its
 * flags asked for, feeds it (its recorder, or samples posted by simulation
 * threads), and finishes it: the last second is written, the endpoint
 * closed, the thresholds evaluated.
 *
 *   recorder ─┐ (every second)                      ┌▶ Prometheus endpoint (per source)
 *   threads ──┴▶ hub ─ seconds, all sources summed ─┼▶ --metrics-file rows
 *                                                   ├▶ time series (--report)
 *                                                   └▶ totals ─▶ thresholds (live, end)
 *
 * Adding it to a command (see cli/metrics-flags.ts for the flags):
 * `const m = await openMetrics(flags, {kind, worker, thresholds})`, the
 * publisher watched with `this.notifier(m?.publisherHooks())` (or the
 * recorder's counters fed by hand), `m?.start()`, and at the end
 * `const outcome = await m?.finish()` and `thresholdsFailed(outcome)`.
 */
import type {NotifierRuntime} from '../messaging/factory.js'
import type {RunKind} from './catalog.js'
import {MetricsFile} from './file.js'
import {MetricsHub, type RunSink, type SourceSink} from './hub.js'
import type {MetricsServer, PrometheusExporter} from './prometheus.js'
import {everySecond, MetricsRecorder} from './recorder.js'
import {labelValues, type Sample} from './sample.js'
import {Series, type SeriesData} from './series.js'
import {evaluate, failsForGood, type Threshold, type ThresholdResult} from './thresholds.js'
import {RunTotals} from './totals.js'

export interface MetricsOptions {
  readonly kind: RunKind
  /** This process's --worker, as I/N. */
  readonly worker: string
  /** Sources feeding the hub: 1 (the command's own recorder) or the simulation threads. */
  readonly sources?: number
  readonly file?: string
  readonly port?: number
  readonly host?: string
  readonly thresholds?: readonly Threshold[]
  /** Stop the run as soon as a threshold fails for good. */
  readonly abortOnFail?: boolean
  /** Keep the time series (for --report). */
  readonly series?: boolean
  /** The rate asked for, in requests/s over the first `elapsedS` seconds (for `target`). */
  readonly target?: (elapsedS: number) => number | undefined
  readonly onNotice?: (message: string) => void
  /** Called once when --abort-on-fail sees a threshold fail for good. */
  readonly onAbort?: (failed: readonly ThresholdResult[]) => void
}

export interface MetricsOutcome {
  readonly series?: SeriesData
  readonly thresholds: readonly ThresholdResult[]
  /** --abort-on-fail stopped the run. */
  readonly aborted: boolean
}

/** Whether the options ask for anything at all (else the command skips metrics entirely). */
export function metricsWanted(o: Pick<MetricsOptions, 'file' | 'port' | 'thresholds' | 'series'>): boolean {
  return o.file !== undefined || o.port !== undefined || (o.thresholds?.length ?? 0) > 0 || o.series === true
}

export class MetricsSession {
  /** The command's own recorder (source 0 when there are no threads). */
  readonly recorder: MetricsRecorder
  readonly startMs: number
  private readonly hub: MetricsHub
  private readonly totals: RunTotals
  private readonly series?: Series
  private file?: MetricsFile
  private stopTicking?: () => void
  private aborted = false

  private constructor(private readonly o: MetricsOptions, private readonly exporter?: PrometheusExporter, private readonly server?: MetricsServer) {
    this.startMs = Date.now()
    this.recorder = new MetricsRecorder(this.startMs)
    this.totals = new RunTotals(this.startMs)
    const sourceSinks: SourceSink[] = exporter ? [exporter] : []
    const runSinks: RunSink[] = [this.totals]
    if (o.file) runSinks.push(this.file = new MetricsFile(o.file, o.kind, this.startMs))
    if (o.series) {
      const series = this.series = new Series()
      runSinks.push({second: (s) => series.add(s)})
    }
    if ((o.thresholds?.length ?? 0) > 0) runSinks.push({second: () => this.live()})
    this.hub = new MetricsHub(o.sources ?? 1, sourceSinks, runSinks)
    for (const t of o.thresholds ?? []) exporter?.threshold(t.expression, true)
  }

  /** Open the file and the endpoint (a usage error when either cannot be). */
  static async open(o: MetricsOptions): Promise<MetricsSession> {
    let exporter: PrometheusExporter | undefined
    let server: MetricsServer | undefined
    if (o.port !== undefined) {
      // prom-client is loaded only when an endpoint is asked for.
      const {MetricsServer, PrometheusExporter} = await import('./prometheus.js')
      exporter = new PrometheusExporter(o.worker)
      server = await MetricsServer.start(exporter, o.host ?? '127.0.0.1', o.port)
      o.onNotice?.(`metrics: ${server.url}`)
    }
    try {
      return new MetricsSession(o, exporter, server)
    } catch (err) {
      await server?.close()
      throw err
    }
  }

  /**
   * What a command's publisher needs to be watched (pass to createNotifier /
   * BaseCommand.notifier): each confirm's latency, and the driver metered.
   */
  publisherHooks(): Required<Pick<NotifierRuntime, 'onConfirm' | 'wrapDriver'>> {
    const confirm = this.recorder.histogram('confirm_latency')
    return {onConfirm: (ms) => confirm.observe('', ms), wrapDriver: (d) => this.recorder.meter(d)}
  }

  /** Sample the command's own recorder every second (no threads). */
  start(): void {
    this.stopTicking ??= everySecond(() => this.hub.ingest(0, this.recorder.sample()))
  }

  /** A sample from simulation thread `source`. */
  ingest(source: number, s: Sample): void {
    this.hub.ingest(source, s)
  }

  /** Thread `source` has sent its last sample. */
  end(source: number): void {
    this.hub.end(source)
  }

  get stopped(): boolean {
    return this.aborted
  }

  private target(): number | undefined {
    return this.o.target?.(this.totals.elapsedS)
  }

  /** Each second: the thresholds' gauges, and --abort-on-fail. */
  private live(): void {
    const m = this.totals.measures(this.o.kind, this.target())
    const failed: ThresholdResult[] = []
    for (const t of this.o.thresholds ?? []) {
      const r = evaluate(t, m)
      if (r.measured !== undefined && !(t.metric === 'unconfirmed' || t.metric === 'open')) this.exporter?.threshold(t.expression, r.passed)
      if (failsForGood(t, r, this.totals.samplesFor(t.metric))) failed.push(r)
    }
    if (failed.length > 0 && this.o.abortOnFail && !this.aborted) {
      this.aborted = true
      this.o.onAbort?.(failed)
    }
  }

  /**
   * The run is over: the last second of the own recorder (when it was
   * ticking), everything pending written, the file and the endpoint
   * closed, the thresholds evaluated on the whole run.
   */
  async finish(): Promise<MetricsOutcome> {
    if (this.stopTicking) {
      this.stopTicking()
      this.hub.ingest(0, this.recorder.sample())
    }
    this.hub.drain()
    this.file?.close()
    const m = this.totals.measures(this.o.kind, this.target())
    const thresholds = (this.o.thresholds ?? []).map((t) => evaluate(t, m))
    for (const r of thresholds) this.exporter?.threshold(r.expression, r.passed)
    await this.server?.close()
    return {series: this.series?.toData(), thresholds, aborted: this.aborted}
  }

  /** Notifications published over the run so far, by event type. */
  eventTypes(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [k, n] of Object.entries(this.totals.by.published ?? {})) {
      const type = labelValues(k)[0] ?? ''
      out[type] = (out[type] ?? 0) + n
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
  }

  /** Close without evaluating (the command failed). */
  async abandon(): Promise<void> {
    this.stopTicking?.()
    this.file?.close()
    await this.server?.close()
  }
}
