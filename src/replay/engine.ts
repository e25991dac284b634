/**
 * One run of `replay`: recordings read as a stream (never whole), each
 * message filtered, rewritten if asked, paced, and handed to the publisher
 * with its recorded AMQP properties, to the exchange and topics of the
 * command line; every message confirmed before the run ends.
 *
 * - Pacing: `speed` X keeps the recorded gaps divided by X on an absolute
 *   timetable (a message never leaves before its time; one that is late
 *   does not delay the ones after it); `rate` R is R per second (0: as fast
 *   as the broker confirms). A message recorded earlier than one before it
 *   (clocks out of order) is due at once, and the gap between two passes of
 *   `--loop` is 0.
 * - Flow: at most `window` messages unconfirmed; when the window is full,
 *   sending resumes once the driver's capacity() says half of it is free
 *   (the driver is made with maxInflight = window / 2), so the publisher
 *   writes in bursts, not a message per confirm (the publisher's backlog
 *   waits), so memory stays flat whatever the file's length.
 * - Fast path: with no filter and no rewrite the body bytes are passed
 *   through as read; nothing is decoded.
 * - Bad lines are counted and reported (file:line) and skipped; with
 *   `strict` the first one stops the run. Nothing is sent twice because of
 *   one: the publisher only republishes what the broker did not confirm.
 * Knows nothing of terminals or flags: the command renders.
 */
import {randomBytes} from 'node:crypto'
import type {Readable} from 'node:stream'
import type {DialectName} from '../events/types.js'
import {decodeBody} from '../messaging/envelope.js'
import type {Driver, SendOptions} from '../messaging/notifier.js'
import type {Recorded} from '../messaging/recording.js'
import {itemsOf, readBatches} from '../recording/reader.js'
import {RateLimiter, Sleeper} from '../simulate/timing.js'
import type {MessageFilter} from '../tail/filters.js'
import {UsageError, UserError} from '../util/errors.js'
import {type BadLine, buildReplayReport, type ReplayProgress, type ReplayReport, ReplayStats, type Timing} from './report.js'
import {encodeRewritten, type RewriteOptions, Rewriter, rewriting, shiftTime} from './rewrite.js'

export interface ReplayOptions {
  readonly sources: readonly string[]
  /** Bytes of all sources together, when known (not for stdin): progress and ETA. */
  readonly totalBytes?: number
  readonly driver: Driver
  readonly driverName: string
  readonly topics: readonly string[]
  /** The dialect of the command line (it picked the default topics); reported. */
  readonly dialect: DialectName
  readonly timing: Timing
  /** Play the recordings this many times (each pass with new ids under fresh ids). */
  readonly loop: number
  /** tail's filters; undefined when none was given. */
  readonly filter?: MessageFilter
  readonly rewrite: RewriteOptions
  /** Stop at the first bad line (instead of reporting and skipping it). */
  readonly strict: boolean
  /** Unconfirmed messages allowed (the publisher window). */
  readonly window: number
  readonly stdin?: Readable
  readonly onBadLine?: (b: BadLine) => void
  readonly onProgress?: (p: ReplayProgress) => void
  readonly progressIntervalMs?: number
}

/** Messages between two waits for the capacity of a driver that confirms at once (the log driver's stream backpressure). */
const CAPACITY_EVERY = 256

export class Replay {
  readonly stats = new ReplayStats()
  private readonly sleeper = new Sleeper()
  private stopping = false
  private failure?: {message: string, hint?: string}
  /** Routing keys of the command line for a recorded routing key (its priority suffix kept). */
  private readonly keys = new Map<string, readonly string[]>()
  private readonly secret = randomBytes(16).toString('hex')
  private pass = 0
  // Pacing (speed): the recorded time of the last message, the schedule offset, its origin.
  private lastT = Number.NaN
  private offsetMs = 0
  private origin = Number.NaN
  private limiter?: RateLimiter
  // Retime: the first message's time, and the span of the first pass (the shift of later passes).
  private firstT = Number.NaN
  private maxT = Number.NaN
  private shift0 = Number.NaN
  private rewriter?: Rewriter
  private sinceCapacity = 0

  constructor(private readonly o: ReplayOptions) {
    if (o.timing.kind === 'rate') this.limiter = new RateLimiter(o.timing.rate, this.sleeper)
  }

  get stopped(): boolean {
    return this.stopping
  }

  /** Stop reading (Ctrl-C): what was sent is still confirmed before run() resolves. */
  stop(): void {
    this.stopping = true
    this.sleeper.interrupt()
  }

  async run(): Promise<ReplayReport> {
    const startedAt = new Date()
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const {driver} = this.o
    let progress: NodeJS.Timeout | undefined
    if (this.o.onProgress) {
      progress = setInterval(() => this.o.onProgress!(this.progress(t0)), this.o.progressIntervalMs ?? 1000)
      progress.unref()
    }
    // A broker that cannot be reached at the start is the command's one-line error (nothing was sent).
    try {
      await driver.open()
    } catch (err) {
      clearInterval(progress)
      throw err
    }
    try {
      for (this.pass = 0; this.pass < this.o.loop && !this.stopping; this.pass++) {
        this.stats.passes = this.pass + 1
        this.lastT = Number.NaN
        await this.onePass()
      }
      await driver.flush()
    } catch (err) {
      if (err instanceof UsageError) throw err
      if (!(err instanceof UserError)) throw err
      this.failure = {message: err.message, hint: err.suggestion}
    } finally {
      clearInterval(progress)
    }
    const report = buildReplayReport({
      files: this.o.sources, startedAt, elapsedS: (performance.now() - t0) / 1000,
      interrupted: this.stopping, driver: this.o.driverName, dialect: this.o.dialect, topics: this.o.topics, timing: this.o.timing, loop: this.o.loop,
      rewrite: this.o.rewrite, stats: this.stats, counters: driver.stats, cpu: process.cpuUsage(cpu0), failure: this.failure,
    })
    return report
  }

  private progress(t0: number): ReplayProgress {
    const now = performance.now()
    const elapsedS = (now - t0) / 1000
    const s = this.o.driver.stats
    const dt = (now - this.lastProgress.at) / 1000
    const perSecond = dt > 0 ? (s.confirmed - this.lastProgress.confirmed) / dt : 0
    this.lastProgress = {at: now, confirmed: s.confirmed}
    const total = this.o.totalBytes === undefined ? undefined : this.o.totalBytes * this.o.loop
    const fraction = total ? Math.min(1, this.stats.bytes / total) : undefined
    const etaS = fraction && fraction > 0 && this.o.timing.kind === 'rate' ? elapsedS * (1 - fraction) / fraction : undefined
    return {
      elapsedS, messages: this.stats.messages, published: s.published, confirmed: s.confirmed, badLines: this.stats.badLines,
      reconnects: s.reconnects, perSecond, fraction, etaS, pass: this.pass + 1, passes: this.o.loop,
    }
  }

  private lastProgress = {at: performance.now(), confirmed: 0}

  private async onePass(): Promise<void> {
    const {filter, driver} = this.o
    const rewrite = rewriting(this.o.rewrite)
    const decode = filter !== undefined || rewrite
    const sendLog = this.o.driverName === 'log'
    const stats = this.stats
    const window = this.o.window
    // Times are only read when they are used: the recorded gaps (--speed) and --retime's first message.
    const decodeOptions = {time: this.o.timing.kind === 'speed' || this.o.rewrite.retime}
    /** One SendOptions per properties object (the same object serves most lines): no allocation per message. */
    let lastOptions: SendOptions = {}
    for await (const batch of readBatches(this.o.sources, {stdin: this.o.stdin, onBytes: (n) => { stats.bytes += n }})) {
      for (const item of itemsOf(batch, decodeOptions)) {
        if (this.stopping) return
        stats.lines++
        if (item.kind === 'bad') {
          const bad = {source: item.source, line: item.line, problem: item.problem}
          if (this.pass === 0) {
            stats.badLine(bad)
            this.o.onBadLine?.(bad)
          }
          if (this.o.strict) {
            this.failure = {message: `${bad.source}:${bad.line}: ${bad.problem}`, hint: 'fix or drop the line, or replay without --strict to skip bad lines'}
            this.stop()
            return
          }
          continue
        }
        const rec = item.record
        let body = rec.body
        let retimed = 0
        if (decode) {
          const d = decodeBody(rec.body)
          if (d.ok) {
            if (filter && !filter(d.message)) {
              stats.filtered++
              continue
            }
            if (rewrite) {
              const rw = this.rewriterFor(rec, d.message.timestamp)
              rw.message(d.message)
              body = encodeRewritten(d.message, d.version)
              retimed = this.o.rewrite.retime ? this.shiftNow() : 0
            }
          } else if (filter) {
            stats.filtered++ // a filter cannot match what is not a notification
            continue
          } else {
            stats.notRewritten++
          }
        }
        const wait = this.pace(rec)
        if (wait) await wait // (no await when nothing is to be waited for: the hot path stays synchronous)
        if (this.stopping) return
        const unconfirmed = driver.stats.published - driver.stats.confirmed
        // A full window waits for half of it; a driver that confirms at once (log: its stream's backpressure) now and then.
        if (unconfirmed >= window || (unconfirmed === 0 && ++this.sinceCapacity >= CAPACITY_EVERY)) {
          this.sinceCapacity = 0
          await driver.capacity()
        }
        let options: SendOptions
        if (sendLog) options = {properties: rec.properties, time: (retimed ? shiftTime(rec.time, retimed) : rec.time) || undefined}
        else {
          if (lastOptions.properties !== rec.properties) lastOptions = {properties: rec.properties}
          options = lastOptions
        }
        stats.firstSentAt ??= Date.now()
        for (const key of this.keysFor(rec.routingKey)) driver.send(key, body, undefined, undefined, options)
        stats.messages++
      }
    }
  }

  /** The rewriter of this pass (made at the first message: the retime shift is measured from it). */
  private rewriterFor(rec: Recorded, osloTimestamp: unknown): Rewriter {
    if (this.rewriter && this.rewriterPass === this.pass) {
      if (Number.isFinite(rec.timeMs) && this.pass === 0) this.maxT = Number.isFinite(this.maxT) ? Math.max(this.maxT, rec.timeMs) : rec.timeMs
      return this.rewriter
    }
    if (this.pass === 0) {
      let t = rec.timeMs
      if (!Number.isFinite(t) && typeof osloTimestamp === 'string') t = Date.parse(`${osloTimestamp.replace(' ', 'T')}Z`)
      this.firstT = t
      this.maxT = t
      this.shift0 = Number.isFinite(t) ? Date.now() - t : 0
    }
    this.rewriter = new Rewriter(this.o.rewrite, `${this.secret}:${this.pass}`, this.shiftNow())
    this.rewriterPass = this.pass
    return this.rewriter
  }

  private rewriterPass = -1

  /** The time shift of this pass: the first pass's, plus the first pass's span per pass before. */
  private shiftNow(): number {
    if (!this.o.rewrite.retime) return 0
    const span = Number.isFinite(this.maxT) && Number.isFinite(this.firstT) ? Math.max(1000, Math.ceil((this.maxT - this.firstT) / 1000) * 1000) : 0
    return Math.round(this.shift0 / 1000) * 1000 + this.pass * span
  }

  private keysFor(recorded: string): readonly string[] {
    let keys = this.keys.get(recorded)
    if (!keys) {
      const dot = recorded.lastIndexOf('.')
      const suffix = dot >= 0 ? recorded.slice(dot + 1) : recorded
      keys = this.o.topics.map((t) => `${t}.${suffix}`)
      this.keys.set(recorded, keys)
    }
    return keys
  }

  /**
   * Wait for this message's time (speed) or slot (rate); never early. Undefined
   * when it is due now (no promise, no turn of the event loop).
   */
  private pace(rec: Recorded): Promise<void> | undefined {
    if (this.limiter) return this.limiter.next()
    const speed = (this.o.timing as {speed: number}).speed
    const t = rec.timeMs
    if (Number.isNaN(this.origin)) {
      // The schedule's origin, and its wall-clock time (rounded down): message i leaves no earlier than that + offset.
      this.origin = performance.now()
      this.stats.firstSentAt = Date.now()
    }
    // Due at the latest recorded time seen so far (relative to the pass's first), divided by the speed.
    if (Number.isFinite(t)) {
      if (Number.isNaN(this.lastT)) this.lastT = t
      else if (t > this.lastT) {
        this.offsetMs += (t - this.lastT) / speed
        this.lastT = t
      }
    }
    const due = this.origin + this.offsetMs
    if (due - performance.now() <= 0) {
      this.stats.lateness.record(performance.now() - due)
      return undefined
    }
    return this.until(due)
  }

  private async until(due: number): Promise<void> {
    let wait: number
    while ((wait = due - performance.now()) > 0 && !this.stopping) await this.sleeper.sleep(Math.ceil(wait))
    this.stats.lateness.record(Math.max(0, performance.now() - due))
  }
}
