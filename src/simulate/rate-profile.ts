/**
 * Rate profiles (`--rate`, a scenario step's `rate`): a steady number, or
 * steps and ramps that repeat when they end, like PerfTest's
 * `--variable-rate RATE:DURATION` cycles and k6's stages:
 *
 *   200                          200 requests/s, steady (0 = as fast as possible)
 *   100:60s,1000:10s             60 s at 100/s, 10 s at 1000/s, again and again
 *   ramp:10..1000:5m,hold:1000:10m   10 → 1000/s over 5 minutes, then 10 minutes at 1000/s
 *   0:30s,500:30s                in a profile 0 is a pause
 *
 * Durations take units (250ms, 30s, 5m, 1h; plain numbers are seconds).
 * The profile is the number of requests due by each moment: the limiter
 * (timing.ts) sends the n-th request when that count reaches n, so the
 * rate holds within each step and follows each ramp.
 */
import {DURATION_FORMS, formatDuration, parseDuration} from '../util/duration.js'

/** One part of a profile: `from` requests/s rising (or falling) linearly to `to` over `seconds`. */
export interface RateSegment {
  readonly from: number
  readonly to: number
  readonly seconds: number
}

/** What a profile may be written as (for error messages). */
export const RATE_FORMS = 'a number of requests/s (0 = as fast as possible), or steps and ramps: "100:60s,1000:10s", "ramp:10..1000:5m,hold:1000:10m"'

export class RateProfileError extends Error {}

export class RateProfile {
  /** Requests over one pass of the segments. */
  readonly cycleCount: number
  /** Seconds of one pass. */
  readonly cycleS: number
  private readonly starts: number[] = []
  private readonly counts: number[] = []

  private constructor(readonly segments: readonly RateSegment[], private readonly steady?: number) {
    let t = 0
    let c = 0
    for (const s of segments) {
      this.starts.push(t)
      this.counts.push(c)
      t += s.seconds
      c += ((s.from + s.to) / 2) * s.seconds
    }
    this.cycleS = t
    this.cycleCount = c
  }

  /** A steady rate (0 = no limit). */
  static steady(rate: number): RateProfile {
    return new RateProfile([], rate)
  }

  static fromSegments(segments: readonly RateSegment[]): RateProfile {
    return new RateProfile(segments.map((s) => ({...s})))
  }

  /** As data (to send to a simulation thread): the steady rate, or the segments. */
  toData(): number | readonly RateSegment[] {
    return this.steady ?? this.segments
  }

  static fromData(d: number | readonly RateSegment[]): RateProfile {
    return typeof d === 'number' ? RateProfile.steady(d) : RateProfile.fromSegments(d)
  }

  /** The steady rate, when the profile is one (0 = no limit). */
  get steadyRate(): number | undefined {
    return this.steady
  }

  /** No limit at all (`--rate 0`). */
  get unlimited(): boolean {
    return this.steady === 0
  }

  /** The same shape at `f` times the rate (a thread's share). */
  scaled(f: number): RateProfile {
    if (this.steady !== undefined) return RateProfile.steady(this.steady * f)
    return RateProfile.fromSegments(this.segments.map((s) => ({from: s.from * f, to: s.to * f, seconds: s.seconds})))
  }

  /** Which segment `t` seconds from the start falls in (cycling), and where that segment began. */
  segmentAt(t: number): {readonly index: number, readonly cycle: number, readonly startS: number, readonly endS: number} | undefined {
    if (this.steady !== undefined || this.cycleS <= 0) return undefined
    const cycle = Math.floor(Math.max(0, t) / this.cycleS)
    const inCycle = Math.max(0, t) - cycle * this.cycleS
    let i = this.segments.length - 1
    while (i > 0 && this.starts[i]! > inCycle) i--
    const startS = cycle * this.cycleS + this.starts[i]!
    return {index: i, cycle, startS, endS: startS + this.segments[i]!.seconds}
  }

  /** Requests per second asked for at `t` seconds from the start. */
  rateAt(t: number): number {
    if (this.steady !== undefined) return this.steady
    const at = this.segmentAt(t)!
    const s = this.segments[at.index]!
    return s.from + ((s.to - s.from) * (t - at.startS)) / s.seconds
  }

  /** Requests due by `t` seconds from the start. */
  countAt(t: number): number {
    if (t <= 0) return 0
    if (this.steady !== undefined) return this.steady * t
    const cycles = Math.floor(t / this.cycleS)
    const inCycle = t - cycles * this.cycleS
    let i = this.segments.length - 1
    while (i > 0 && this.starts[i]! > inCycle) i--
    const s = this.segments[i]!
    const tau = inCycle - this.starts[i]!
    return cycles * this.cycleCount + this.counts[i]! + s.from * tau + ((s.to - s.from) * tau * tau) / (2 * s.seconds)
  }

  /**
   * Seconds from the start at which the count reaches `n`: when request n
   * (0-based) is due. Infinity when it never is.
   */
  timeOf(n: number): number {
    if (this.steady !== undefined) return this.steady > 0 ? n / this.steady : 0
    if (this.cycleCount <= 0) return Infinity
    if (n <= 0) return this.firstActive()
    const k = Math.ceil(n / this.cycleCount) - 1
    const rem = n - k * this.cycleCount
    let acc = 0
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i]!
      const c = ((s.from + s.to) / 2) * s.seconds
      if (c > 0 && rem <= acc + c + 1e-9) {
        const x = Math.max(0, rem - acc)
        const slope = (s.to - s.from) / s.seconds
        let tau: number
        if (Math.abs(slope) < 1e-12) tau = x / s.from
        else tau = (-s.from + Math.sqrt(Math.max(0, s.from * s.from + 2 * slope * x))) / slope
        return k * this.cycleS + this.starts[i]! + Math.min(s.seconds, Math.max(0, tau))
      }
      acc += c
    }
    return (k + 1) * this.cycleS
  }

  /** The start of the first segment that asks for anything. */
  private firstActive(): number {
    for (let i = 0; i < this.segments.length; i++) if (this.segments[i]!.from > 0 || this.segments[i]!.to > 0) return this.starts[i]!
    return Infinity
  }

  /** The profile as it would be typed. */
  describe(): string {
    if (this.steady !== undefined) return String(this.steady)
    return this.segments.map((s) => s.from === s.to
      ? `${fmt(s.from)}:${formatDuration(s.seconds)}`
      : `ramp:${fmt(s.from)}..${fmt(s.to)}:${formatDuration(s.seconds)}`).join(',')
  }
}

function fmt(x: number): string {
  return String(Math.round(x * 1000) / 1000)
}

/** Parse `--rate` (or a step's `rate`); throws RateProfileError naming what is wrong and what is valid. */
export function parseRateProfile(text: string): RateProfile {
  const t = text.trim()
  if (t === '') throw new RateProfileError(`expected ${RATE_FORMS}, got ""`)
  if (!t.includes(':')) {
    const n = Number(t)
    if (!Number.isFinite(n) || n < 0) throw new RateProfileError(`expected ${RATE_FORMS}, got "${text}"`)
    return RateProfile.steady(n)
  }
  const segments = t.split(',').map((part) => parseSegment(part.trim(), text))
  const profile = RateProfile.fromSegments(segments)
  if (profile.cycleCount <= 0) throw new RateProfileError(`the rate profile "${text}" never asks for a request: give some step a rate > 0`)
  return profile
}

function rate(x: string, part: string): number {
  const n = Number(x)
  if (x.trim() === '' || !Number.isFinite(n) || n < 0) throw new RateProfileError(`"${part}": "${x}" is not a rate (requests/s ≥ 0)`)
  return n
}

function seconds(x: string, part: string): number {
  const s = parseDuration(x)
  if (s === undefined || s <= 0) throw new RateProfileError(`"${part}": "${x}" is not a duration > 0 (${DURATION_FORMS})`)
  return s
}

function parseSegment(part: string, whole: string): RateSegment {
  const bits = part.split(':')
  const fix = `each step is RATE:DURATION, hold:RATE:DURATION or ramp:FROM..TO:DURATION (in "${whole}")`
  if (bits[0] === 'ramp') {
    if (bits.length !== 3 || !bits[1]!.includes('..')) throw new RateProfileError(`"${part}" is not a step: ${fix}`)
    const [from, to] = bits[1]!.split('..')
    return {from: rate(from!, part), to: rate(to!, part), seconds: seconds(bits[2]!, part)}
  }
  if (bits[0] === 'hold') {
    if (bits.length !== 3) throw new RateProfileError(`"${part}" is not a step: ${fix}`)
    const r = rate(bits[1]!, part)
    return {from: r, to: r, seconds: seconds(bits[2]!, part)}
  }
  if (bits.length !== 2) throw new RateProfileError(`"${part}" is not a step: ${fix}`)
  const r = rate(bits[0]!, part)
  return {from: r, to: r, seconds: seconds(bits[1]!, part)}
}
