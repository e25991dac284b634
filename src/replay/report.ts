/**
 * What `replay` counts and reports, shaped like `simulate`'s (the same
 * notification counters, latency histograms and cost lines), in constant
 * memory however long the recording: the progress snapshots shown while it
 * runs and the final report (`--json`, `--report FILE`, the summary).
 */
import type {DialectName} from '../events/types.js'
import type {NotifierStats} from '../messaging/notifier.js'
import type {RateProfile} from '../simulate/rate-profile.js'
import {notificationCounts, type SimulationReport} from '../simulate/report.js'
import {Histogram, type Percentiles} from '../simulate/stats.js'

/** A bad line, named by source and line number. */
export interface BadLine {
  readonly source: string
  readonly line: number
  readonly problem: string
}

/** At most this many bad lines are kept for the report (all are counted). */
const MAX_BAD_KEPT = 100

/** The counters of one replay. */
export class ReplayStats {
  /** Recording lines read (blank lines aside), every pass. */
  lines = 0
  /** Messages handed to the publisher (once per message, however many topics). */
  messages = 0
  /** Messages the filters left out. */
  filtered = 0
  /** Messages that could not be rewritten (not an oslo message): sent as they were. */
  notRewritten = 0
  badLines = 0
  readonly bad: BadLine[] = []
  passes = 0
  /** When the first message was handed to the publisher (ms since the epoch); the schedule starts there. */
  firstSentAt?: number
  /** Bytes read from the sources (all passes). */
  bytes = 0
  readonly confirmLatency = new Histogram()
  /** How late each message left against its schedule (--speed / --rate), ms. */
  readonly lateness = new Histogram()

  badLine(b: BadLine): void {
    this.badLines++
    if (this.bad.length < MAX_BAD_KEPT) this.bad.push(b)
  }
}

/** A progress snapshot (the bar on a TTY, periodic lines otherwise). */
export interface ReplayProgress {
  readonly elapsedS: number
  readonly messages: number
  readonly published: number
  readonly confirmed: number
  readonly badLines: number
  readonly reconnects: number
  /** Confirmed messages per second over the last interval. */
  readonly perSecond: number
  /** 0–1 of the bytes to read (all passes), when the sources' sizes are known. */
  readonly fraction?: number
  readonly etaS?: number
  readonly pass: number
  readonly passes: number
}

export type Timing =
  | {readonly kind: 'speed', readonly speed: number}
  | {readonly kind: 'rate', readonly rate: RateProfile}

export interface ReplayReport {
  readonly files: readonly string[]
  readonly started_at: string
  /** When the first message was sent: message i leaves no earlier than this + its recorded offset ÷ speed. */
  readonly first_sent_at: string | null
  readonly elapsed_s: number
  /** True when stopped early (Ctrl-C, or --strict at a bad line). */
  readonly interrupted: boolean
  readonly driver: string
  /** The command line's dialect (it picked the default topics), and the topics published to. */
  readonly dialect: DialectName
  readonly topics: readonly string[]
  /**
   * `speed` X (recorded gaps ÷ X), or `rate`: R per second (0 = as fast as
   * the broker confirms) or a profile's steps (as simulate's report writes it).
   */
  readonly timing: {readonly speed?: number, readonly rate?: ReturnType<RateProfile['toData']>, readonly rate_profile?: string, readonly loop: number}
  readonly rewrite: {readonly retime: boolean, readonly fresh_ids: boolean, readonly tenant_map: Readonly<Record<string, string>>}
  readonly read: {
    readonly passes: number
    readonly lines: number
    readonly messages: number
    readonly filtered_out: number
    readonly bad_lines: number
    /** Messages that were not oslo notifications and so could not be rewritten: sent as recorded. */
    readonly not_rewritten: number
  }
  /** The same counters as simulate's report. */
  readonly notifications: SimulationReport['notifications']
  readonly confirm_latency_ms: Percentiles
  /** How late messages left against their schedule (0 = on time; never early). */
  readonly schedule_lateness_ms: Percentiles
  /** The first bad lines (all are counted in read.bad_lines). */
  readonly bad_lines: readonly BadLine[]
  readonly peak_rss_mb: number
  readonly cpu_s: number
  readonly cpu_us_per_notification: number
  readonly failure?: string
  readonly failure_hint?: string
}

export interface ReplayReportInput {
  readonly files: readonly string[]
  readonly startedAt: Date
  readonly elapsedS: number
  readonly interrupted: boolean
  readonly driver: string
  readonly dialect: DialectName
  readonly topics: readonly string[]
  readonly timing: Timing
  readonly loop: number
  readonly rewrite: {readonly retime: boolean, readonly freshIds: boolean, readonly tenantMap: ReadonlyMap<string, string>}
  readonly stats: ReplayStats
  readonly counters: NotifierStats
  readonly cpu: NodeJS.CpuUsage
  readonly failure?: {readonly message: string, readonly hint?: string}
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

export function buildReplayReport(i: ReplayReportInput): ReplayReport {
  const s = i.counters
  const cpuMicros = i.cpu.user + i.cpu.system
  return {
    files: i.files,
    started_at: i.startedAt.toISOString(),
    first_sent_at: i.stats.firstSentAt === undefined ? null : new Date(i.stats.firstSentAt).toISOString(),
    elapsed_s: round(i.elapsedS, 3),
    interrupted: i.interrupted,
    driver: i.driver,
    dialect: i.dialect,
    topics: i.topics,
    timing: {...(i.timing.kind === 'speed' ? {speed: i.timing.speed} : {rate: i.timing.rate.toData(), rate_profile: i.timing.rate.describe()}), loop: i.loop},
    rewrite: {retime: i.rewrite.retime, fresh_ids: i.rewrite.freshIds, tenant_map: Object.fromEntries(i.rewrite.tenantMap)},
    read: {
      passes: i.stats.passes, lines: i.stats.lines, messages: i.stats.messages, filtered_out: i.stats.filtered,
      bad_lines: i.stats.badLines, not_rewritten: i.stats.notRewritten,
    },
    notifications: notificationCounts(s, i.elapsedS),
    confirm_latency_ms: i.stats.confirmLatency.summary(),
    schedule_lateness_ms: i.stats.lateness.summary(),
    bad_lines: i.stats.bad,
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
    cpu_s: round(cpuMicros / 1e6, 2),
    cpu_us_per_notification: s.confirmed > 0 ? round(cpuMicros / s.confirmed, 1) : 0,
    failure: i.failure?.message,
    failure_hint: i.failure?.hint,
  }
}
