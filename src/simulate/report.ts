/**
 * The simulation's results as data: the progress snapshots shown while it
 * runs, and the final report (`--json`, `--report FILE`, the summary table).
 */
import type {NotifierStats} from '../messaging/notifier.js'
import type {SeriesData} from '../metrics/series.js'
import type {ThresholdResult} from '../metrics/thresholds.js'
import type {Percentiles, SimulationStats} from './stats.js'
import type {WorkerSpec} from './tenants.js'

/** A progress snapshot (the bar on a TTY, periodic lines otherwise). */
export interface Progress {
  readonly elapsedS: number
  readonly requests: number
  /** Requests the run will make (--operations, or a scenario's total), if known. */
  readonly targetRequests?: number
  /** Seconds the run lasts (--duration), if bounded by time. */
  readonly durationS?: number
  readonly published: number
  readonly confirmed: number
  /** Lifecycles ended in .error so far. */
  readonly errors: number
  /** Confirmed notifications per second over the last interval. */
  readonly notificationsPerS: number
  /** Estimated seconds left, when it can be told. */
  readonly etaS?: number
  readonly reconnects: number
}

export interface OperationOutcomes {
  readonly end: number
  readonly error: number
  readonly injected: number
}

export interface SimulationReport {
  readonly seed: string
  readonly worker: string
  /** Simulation threads of this process (--threads): each runs its own share of the tenants. */
  readonly threads: number
  readonly mode: 'mix' | 'scenario'
  readonly scenario?: string
  readonly driver: string
  readonly tenants: number
  readonly started_at: string
  readonly elapsed_s: number
  /** True when stopped early (Ctrl-C). */
  readonly interrupted: boolean
  readonly requests: number
  readonly operations: {
    readonly total: OperationOutcomes
    /** By catalog operation (dbaas.<operation>). */
    readonly by_type: Readonly<Record<string, OperationOutcomes>>
  }
  readonly periodic: Readonly<Record<string, {runs: number, notifications: number}>>
  readonly notifications: {
    readonly published: number
    readonly confirmed: number
    /** Must be 0: every notification published was confirmed by the broker. */
    readonly unconfirmed: number
    readonly per_second: number
    readonly republished: number
    readonly reconnects: number
    /**
     * Duplicates a consumer may see: a message republished after a
     * reconnect may have reached the broker before the connection died (its
     * confirm was lost). The publisher cannot tell, so this is an upper
     * bound; consumers de-duplicate by message_id.
     */
    readonly duplicates_at_most: number
  }
  /** Publish → broker confirm, milliseconds. */
  readonly confirm_latency_ms: Percentiles
  /** Lifecycle .start → .end/.error, milliseconds of real time. */
  readonly lifecycle_latency_ms: Percentiles
  readonly peak_rss_mb: number
  /** CPU seconds the process used during the run (user + system, all threads). */
  readonly cpu_s: number
  /** The same per confirmed notification, in microseconds: what one notification costs this machine. */
  readonly cpu_us_per_notification: number
  /** The whole run's latency histograms: HdrHistogram compressed base64, µs (what `report merge` adds up). */
  readonly histograms: {readonly confirm_latency: string, readonly lifecycle_latency: string}
  /** Failures that were not Trove's rules (bugs); must be empty. */
  readonly crashes: readonly string[]
  /** Why the run could not finish cleanly (broker lost for good…), if it could not. */
  readonly failure?: string
  /** How to fix it, when the failure names a fix (start RabbitMQ, set amqp_durable_queues…). */
  readonly failure_hint?: string
  /** The options the run had (rate profile, concurrency, mix…), as given or defaulted. */
  readonly settings?: Readonly<Record<string, string | number | boolean | null>>
  /** A command line that runs it again (the same seed). */
  readonly reproduce?: string
  /** Notifications published, by event type (with live metrics). */
  readonly event_types?: Readonly<Record<string, number>>
  /** The run over time (with --report): points of resolution_s seconds. */
  readonly series?: SeriesData
  /** --threshold results. */
  readonly thresholds?: readonly ThresholdResult[]
  /** A merged report: the reports it was made of. */
  readonly sources?: ReadonlyArray<{readonly worker: string, readonly seed: string, readonly started_at: string, readonly threads: number, readonly file?: string}>
}

/** The counters a progress snapshot is computed from (summed over threads). */
export type ProgressCounts = Pick<Progress, 'requests' | 'published' | 'confirmed' | 'errors' | 'reconnects'>

/** Progress snapshots from counters sampled now and then: the rate over the last interval, the ETA. */
export class ProgressMeter {
  private last = {at: 0, confirmed: 0}

  constructor(private readonly t0: number, private readonly targetRequests?: number, private readonly durationS?: number) {}

  snapshot(c: ProgressCounts, now = performance.now()): Progress {
    const elapsedS = (now - this.t0) / 1000
    const dt = (now - this.last.at) / 1000
    const rate = this.last.at > 0 && dt > 0 ? (c.confirmed - this.last.confirmed) / dt : (elapsedS > 0 ? c.confirmed / elapsedS : 0)
    this.last = {at: now, confirmed: c.confirmed}
    const target = this.targetRequests
    let etaS: number | undefined
    if (this.durationS !== undefined) etaS = Math.max(0, this.durationS - elapsedS)
    if (target !== undefined && c.requests > 0) {
      const byCount = ((target - c.requests) * elapsedS) / c.requests
      etaS = etaS === undefined ? byCount : Math.min(etaS, byCount)
    }
    return {...c, elapsedS, targetRequests: target, durationS: this.durationS, notificationsPerS: rate, etaS}
  }
}

/** What a report is made of (one Simulation, or the threads of one merged). */
export interface ReportInput {
  readonly seed: string
  readonly worker: WorkerSpec
  readonly threads: number
  readonly scenario?: string
  readonly driver: string
  readonly tenants: number
  readonly startedAt: Date
  readonly elapsedS: number
  readonly interrupted: boolean
  readonly stats: SimulationStats
  readonly counters: NotifierStats
  /** CPU the process used during the run (process.cpuUsage(start)). */
  readonly cpu: NodeJS.CpuUsage
  readonly failure?: {readonly message: string, readonly hint?: string}
}

export function buildReport(i: ReportInput): SimulationReport {
  const s = i.counters
  const byType: Record<string, OperationOutcomes> = {}
  for (const [op, c] of [...i.stats.byOperation].sort(([a], [b]) => a.localeCompare(b))) byType[op] = {...c}
  const cpuMicros = i.cpu.user + i.cpu.system
  return {
    seed: i.seed,
    worker: `${i.worker.index}/${i.worker.count}`,
    threads: i.threads,
    mode: i.scenario === undefined ? 'mix' : 'scenario',
    scenario: i.scenario,
    driver: i.driver,
    tenants: i.tenants,
    started_at: i.startedAt.toISOString(),
    elapsed_s: round(i.elapsedS, 3),
    interrupted: i.interrupted,
    requests: i.stats.requests,
    operations: {total: i.stats.totals(), by_type: byType},
    periodic: Object.fromEntries(i.stats.periodic),
    notifications: {
      published: s.published,
      confirmed: s.confirmed,
      unconfirmed: s.published - s.confirmed,
      per_second: round(i.elapsedS > 0 ? s.confirmed / i.elapsedS : 0, 1),
      republished: s.republished,
      reconnects: s.reconnects,
      duplicates_at_most: s.republished,
    },
    confirm_latency_ms: i.stats.confirmLatency.summary(),
    lifecycle_latency_ms: i.stats.lifecycleLatency.summary(),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
    cpu_s: round(cpuMicros / 1e6, 2),
    cpu_us_per_notification: s.confirmed > 0 ? round(cpuMicros / s.confirmed, 1) : 0,
    histograms: {confirm_latency: i.stats.confirmLatency.encode(), lifecycle_latency: i.stats.lifecycleLatency.encode()},
    crashes: i.stats.crashes,
    failure: i.failure?.message,
    failure_hint: i.failure?.hint,
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
