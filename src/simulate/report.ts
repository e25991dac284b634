/**
 * The simulation's results as data: the progress snapshots shown while it
 * runs, and the final report (`--json`, `--report FILE`, the summary table).
 */
import type {Percentiles} from './stats.js'

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
  /** Failures that were not Trove's rules (bugs); must be empty. */
  readonly crashes: readonly string[]
  /** Why the run could not finish cleanly (broker lost for good…), if it could not. */
  readonly failure?: string
  /** How to fix it, when the failure names a fix (start RabbitMQ, set amqp_durable_queues…). */
  readonly failure_hint?: string
}
