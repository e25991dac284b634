/**
 * One run of `tail`: takes deliveries from the subscriber, skips what cannot
 * be read, applies the filters, checks (`--check`) and pairs (`--lifecycle`)
 * what is left, counts everything for the summary, and hands each result to
 * a view that renders it (and to an observer: live metrics). Ends on
 * `--count`, on `--timeout` seconds without a matching message, when
 * `stop('signal')` is called (the command does on SIGINT/SIGTERM), or when
 * the subscription is lost for good. Knows nothing of terminals or signals:
 * the view does the printing.
 */
import type {DialectName} from '../events/types.js'
import {Checker, type Finding} from './checker.js'
import type {MessageFilter} from './filters.js'
import {LifecycleTracker, type LifecycleMark, type OpenLifecycle} from './lifecycle.js'
import {type DecodedMessage, type Delivery, inspectDelivery, type SkippedMessage} from './message.js'
import {SummaryCounter, type TailSummary} from './summary.js'

export interface TailOptions {
  readonly filter: MessageFilter
  /** Stop after this many messages (shown or skipped). */
  readonly count?: number
  /** Stop after this long without a matching message. */
  readonly idleTimeoutMs?: number
  readonly lifecycle: boolean
  /** With `lifecycle`: flag starts still open after this long. */
  readonly openAfterMs: number
  readonly check: boolean
  /** With `check`: whose shapes messages are held against (default spec). */
  readonly dialect?: DialectName
  /** Told about every message and skip, as counted (live metrics). */
  readonly observer?: TailObserver
}

/** What live metrics see of a session. */
export interface TailObserver {
  message(eventType: string, priority: string, findings: readonly Finding[] | undefined, mark: LifecycleMark | undefined): void
  skipped(reason: string): void
}

/** Where results go: the command's renderer. */
export interface TailView {
  message(m: DecodedMessage, findings: readonly Finding[] | undefined, mark: LifecycleMark | undefined): void
  skipped(s: SkippedMessage): void
  /** Starts that have been open longer than `--open-after`. */
  overdue(open: readonly OpenLifecycle[]): void
}

/** The subscription as the session drives it (subscriber.ts). */
export interface Subscription {
  start(): Promise<void>
  stop(): Promise<void>
  readonly failed: Promise<never>
  readonly reconnects: number
}

export type EndReason = 'count' | 'timeout' | 'signal'

export interface TailResult {
  readonly reason: EndReason
  readonly summary: TailSummary
  /** Lifecycles still open at exit (with `--lifecycle`). */
  readonly open: readonly OpenLifecycle[]
}

export class TailSession {
  private readonly checker: Checker
  private readonly tracker = new LifecycleTracker()
  private readonly counter = new SummaryCounter()
  private seen = 0
  private endReason?: EndReason
  private end?: (reason: EndReason) => void
  private idleTimer?: NodeJS.Timeout

  constructor(private readonly opts: TailOptions, private readonly view: TailView) {
    this.checker = new Checker(opts.dialect)
  }

  /**
   * One delivery from the broker; false when the run has already ended (the
   * delivery is not taken). Never throws: a message that breaks something is
   * reported and skipped.
   */
  handle(d: Delivery): boolean {
    if (this.endReason) return false
    try {
      const inspected = inspectDelivery(d)
      if (inspected.kind === 'skipped') {
        this.counter.skip(inspected.reason)
        this.opts.observer?.skipped(inspected.reason)
        this.view.skipped(inspected)
      } else {
        if (!this.opts.filter(inspected.message)) return true
        this.idleTimer?.refresh()
        const findings = this.opts.check ? this.checker.check(inspected) : undefined
        const mark = this.opts.lifecycle ? this.tracker.observe(inspected.message, d.receivedAt) : undefined
        this.counter.message(inspected.eventType, inspected.priority, findings)
        this.opts.observer?.message(inspected.eventType, inspected.priority, findings, mark)
        this.view.message(inspected, findings, mark)
      }
    } catch (err) {
      this.counter.skip('could not be processed')
      this.opts.observer?.skipped('could not be processed')
      try {
        this.view.skipped({kind: 'skipped', delivery: d, reason: 'could not be processed', detail: String((err as Error)?.message ?? err)})
      } catch { /* even its skip line cannot be shown: it is counted in the summary */ }
    }
    if (this.opts.count !== undefined && ++this.seen >= this.opts.count) this.stop('count')
    return true
  }

  /** Lifecycles started and not ended yet (with `lifecycle`). */
  get openLifecycles(): number {
    return this.tracker.openCount
  }

  /** End the run (Ctrl-C, count reached…). */
  stop(reason: EndReason): void {
    if (this.endReason) return
    this.endReason = reason
    this.end?.(reason)
  }

  /** Subscribe and run until the end; the subscription is always stopped. */
  async run(sub: Subscription, onReady?: () => void): Promise<TailResult> {
    const ended = new Promise<EndReason>((resolve) => {
      this.end = resolve
    })
    let overdueTimer: NodeJS.Timeout | undefined
    try {
      await sub.start()
      onReady?.()
      if (this.opts.idleTimeoutMs !== undefined) {
        this.idleTimer = setTimeout(() => this.stop('timeout'), this.opts.idleTimeoutMs)
      }
      if (this.opts.lifecycle) {
        const every = Math.max(100, Math.min(1000, this.opts.openAfterMs / 2))
        overdueTimer = setInterval(() => {
          const late = this.tracker.overdue(Date.now(), this.opts.openAfterMs)
          if (late.length > 0) this.view.overdue(late)
        }, every)
      }
      const reason = this.endReason ?? await Promise.race([ended, sub.failed])
      this.counter.reconnects = sub.reconnects
      const open = this.opts.lifecycle ? this.tracker.stillOpen() : []
      return {reason, summary: this.counter.result(open), open}
    } finally {
      this.endReason ??= 'signal'
      clearTimeout(this.idleTimer)
      clearInterval(overdueTimer)
      await sub.stop()
    }
  }
}
