/**
 * The live side of a run's numbers: what a command (or one simulation
 * thread) counts as it goes, handed out as one Sample per second. The hot
 * path only adds to counters and records into histograms; `sample()` takes
 * what accumulated since the previous sample and starts afresh, so every
 * increment lands in exactly one sample and the samples add up to the run.
 *
 * A driver wrapped by `meter()` counts each notification by event type and
 * priority as it is sent, and the lifecycles it starts (`dbaas.*.start`);
 * the driver's own counters (confirmed, republished, reconnects) are read
 * at each sample. Confirms are attributed to event type and priority in
 * publish order (the broker confirms a channel's messages in the order they
 * were published): each driver keeps the label keys of what it sent and not
 * yet confirmed, and a sample hands the oldest ones to `by.confirmed`.
 */
import type {OsloMessage} from '../messaging/envelope.js'
import type {Driver, NotifierStats} from '../messaging/notifier.js'
import {LatencyHistogram} from './histogram.js'
import {emptySample, LATENCY_BOUNDS_S, labelKey, type Sample, type SampleHistogram} from './sample.js'

/** A latency histogram over the current interval: all values, and Prometheus buckets per label set. */
export class LiveHistogram {
  private readonly hdr = new LatencyHistogram()
  private buckets = new Map<string, number[]>()

  /** Record `ms` under the label set `key` ('' for none). */
  observe(key: string, ms: number): void {
    this.hdr.record(ms)
    let b = this.buckets.get(key)
    if (!b) this.buckets.set(key, b = new Array<number>(LATENCY_BOUNDS_S.length + 2).fill(0))
    const s = ms / 1000
    let i = 0
    while (i < LATENCY_BOUNDS_S.length && s > LATENCY_BOUNDS_S[i]!) i++
    b[i]!++
    b[LATENCY_BOUNDS_S.length + 1]! += s > 0 ? s : 0
  }

  /** What was recorded since the last take, and start afresh. */
  take(): SampleHistogram {
    const out = {hdr: this.hdr.encode(), buckets: Object.fromEntries(this.buckets)}
    this.hdr.reset()
    this.buckets = new Map()
    return out
  }
}

/** Driver counters as they were at the previous sample. */
type DriverCounts = NotifierStats

/**
 * Label keys of the messages a driver sent and has not confirmed yet, oldest
 * first (a queue with a moving head; compacted as it drains, so it holds
 * at most the driver's unconfirmed window).
 */
class PendingLabels {
  private keys: string[] = []
  private head = 0

  push(key: string): void {
    this.keys.push(key)
  }

  /** Count the `n` oldest keys into `into`, and forget them. */
  take(n: number, into: Map<string, number>): void {
    const end = Math.min(this.head + n, this.keys.length)
    for (let i = this.head; i < end; i++) into.set(this.keys[i]!, (into.get(this.keys[i]!) ?? 0) + 1)
    this.head = end
    if (this.head > 4096 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head)
      this.head = 0
    }
  }
}

const LIFECYCLE_START = /^dbaas\.(.+)\.start$/

/** The event_type label of what a driver sent without decoding it (replay's bodies passed through). */
export const NOT_DECODED = '(not decoded)'

export class MetricsRecorder {
  private counters = new Map<string, number>()
  private labelled = new Map<string, Map<string, number>>()
  private readonly histograms = new Map<string, LiveHistogram>()
  private readonly drivers: Array<{driver: Driver, last: DriverCounts, pending: PendingLabels}> = []
  /** Per event type, per priority: notifications sent (one per topic). */
  private sent = new Map<string, Map<string, number>>()
  private lastSecond = 0
  private lastMs: number
  /** Values read at each sample, before the counters are taken (requests in flight, open lifecycles, the target rate…). */
  gauges?: () => Record<string, number>

  constructor(now = Date.now()) {
    this.lastMs = now
  }

  inc(name: string, n = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n)
  }

  incBy(name: string, key: string, n = 1): void {
    let m = this.labelled.get(name)
    if (!m) this.labelled.set(name, m = new Map())
    m.set(key, (m.get(key) ?? 0) + n)
  }

  histogram(name: string): LiveHistogram {
    let h = this.histograms.get(name)
    if (!h) this.histograms.set(name, h = new LiveHistogram())
    return h
  }

  /** `driver`, counting what goes through it. */
  meter(driver: Driver): Driver {
    const entry = {driver, last: {published: 0, confirmed: 0, republished: 0, reconnects: 0}, pending: new PendingLabels()}
    this.drivers.push(entry)
    let lastMessage: OsloMessage | undefined
    return {
      open: () => driver.open(),
      send: (routingKey, body, message, confirmed, options) => {
        driver.send(routingKey, body, message, confirmed, options)
        // A body sent as it was (replay's pass-through) is not decoded: counted by its routing key's priority.
        const type = message?.event_type ?? NOT_DECODED
        const priority = message?.priority ?? routingKey.slice(routingKey.lastIndexOf('.') + 1).toUpperCase()
        let byPriority = this.sent.get(type)
        if (!byPriority) this.sent.set(type, byPriority = new Map())
        byPriority.set(priority, (byPriority.get(priority) ?? 0) + 1)
        entry.pending.push(labelKey(type, priority))
        // One notification goes to every topic: count its lifecycle once.
        if (message && message !== lastMessage) {
          lastMessage = message
          const m = message.event_type.endsWith('.start') ? LIFECYCLE_START.exec(message.event_type) : null
          if (m) this.incBy('lifecycles_started', m[1]!)
        }
      },
      flush: () => driver.flush(),
      capacity: () => driver.capacity(),
      close: () => driver.close(),
      get stats() {
        return driver.stats
      },
    }
  }

  /** What accumulated since the previous sample, as one Sample; then start afresh. */
  sample(nowMs = Date.now()): Sample {
    const second = Math.max(this.lastSecond + 1, Math.round(nowMs / 1000))
    const s = emptySample(second, this.lastMs, nowMs)
    this.lastSecond = second
    this.lastMs = nowMs
    // Gauges first: reading them may count something (a subscriber's reconnects since the last sample).
    const gauges: Record<string, number> = {...this.gauges?.()}
    const counters: Record<string, number> = Object.fromEntries(this.counters)
    const by: Record<string, Record<string, number>> = {}
    for (const [name, m] of this.labelled) by[name] = Object.fromEntries(m)
    if (this.sent.size > 0) {
      const published: Record<string, number> = {}
      for (const [type, m] of this.sent) for (const [priority, n] of m) published[labelKey(type, priority)] = n
      by.published = published
    }
    if (this.drivers.length > 0) {
      let unconfirmed = 0
      const confirmed = new Map<string, number>()
      for (const d of this.drivers) {
        const now = {...d.driver.stats}
        d.pending.take(now.confirmed - d.last.confirmed, confirmed)
        for (const k of ['published', 'confirmed', 'republished', 'reconnects'] as const) {
          counters[k] = (counters[k] ?? 0) + now[k] - d.last[k]
        }
        unconfirmed += now.published - now.confirmed
        d.last = now
      }
      gauges.unconfirmed = unconfirmed
      if (confirmed.size > 0) by.confirmed = Object.fromEntries(confirmed)
    }
    const histograms: Record<string, SampleHistogram> = {}
    for (const [name, h] of this.histograms) histograms[name] = h.take()
    this.counters = new Map()
    this.labelled = new Map()
    this.sent = new Map()
    return {...s, counters, by, gauges, histograms}
  }
}

/**
 * Call `fn` just after every whole second of the wall clock (so the samples
 * of threads and processes line up), until the returned stop is called.
 */
export function everySecond(fn: () => void): () => void {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const arm = (): void => {
    if (stopped) return
    timer = setTimeout(() => {
      fn()
      arm()
    }, 1000 - (Date.now() % 1000) + 2)
    timer.unref()
  }
  arm()
  return () => {
    stopped = true
    clearTimeout(timer)
  }
}
