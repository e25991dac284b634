/**
 * Time for the simulator: sleeps that a stop (Ctrl-C, end of --duration)
 * cuts short, the simulated clock built on them (`--time-scale`), and the
 * rate limiter (`--rate`, per-step rates) that schedules operations on an
 * absolute timetable so the rate does not drift.
 */
import type {Clock} from '../util/runtime.js'
import {RateProfile} from './rate-profile.js'

/** Sleeps that all end at once when `interrupt()` is called. */
export class Sleeper {
  private readonly pending = new Set<{timer: NodeJS.Timeout, resolve: () => void}>()
  private interrupted = false

  get stopped(): boolean {
    return this.interrupted
  }

  /** Wait `ms` real milliseconds, or less if interrupted. */
  sleep(ms: number): Promise<void> {
    if (this.interrupted || ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry)
          resolve()
        }, ms),
        resolve,
      }
      this.pending.add(entry)
    })
  }

  /** End every sleep now, and every later one at once. */
  interrupt(): void {
    this.interrupted = true
    for (const e of this.pending) {
      clearTimeout(e.timer)
      e.resolve()
    }
    this.pending.clear()
  }
}

/**
 * A clock running `scale` times faster than real time from `start` (like
 * `scaledClock`), whose sleeps end early when the simulation stops — so a
 * stopping run finishes the lifecycles in flight at once instead of waiting
 * out their simulated delays.
 */
export function simulationClock(scale: number, sleeper: Sleeper, start = new Date()): Clock {
  const real0 = Date.now()
  const sim0 = start.getTime()
  return {
    now: () => new Date(sim0 + (Date.now() - real0) * scale),
    sleep: (ms) => sleeper.sleep(ms / scale),
  }
}

/**
 * Requests on an absolute timetable drawn from a rate profile: request n
 * (0-based) is due when the profile's count reaches n, so a steady rate
 * does not drift and every step and ramp of a profile holds. A limiter that
 * fell behind (the work was slower than the rate) catches up by at most
 * `maxBurstS` seconds' worth and skips the slots before that, so the rate
 * stays steady instead of bursting, and the profile stays on the wall
 * clock (a step starts when it is due, however the previous one went).
 * A steady rate 0 means no limit.
 */
export class RateLimiter {
  private start = 0
  private n = 0
  private readonly profile: RateProfile

  /** `now` (milliseconds, monotonic) is the limiter's time, and `sleeper` its waits: real ones unless a test gives its own. */
  constructor(rate: number | RateProfile, private readonly sleeper: Pick<Sleeper, 'sleep'>, private readonly maxBurstS = 0.2,
    private readonly now: () => number = () => performance.now()) {
    this.profile = typeof rate === 'number' ? RateProfile.steady(rate) : rate
  }

  /** Undefined when the next slot is due now (no await needed: the hot path stays synchronous). */
  next(): Promise<void> | undefined {
    if (this.profile.unlimited) return undefined
    const now = this.now()
    if (this.start === 0) this.start = now
    let due = this.start + this.profile.timeOf(this.n) * 1000
    if (now - due > this.maxBurstS * 1000) {
      // Too far behind: skip the slots older than the burst allowance.
      this.n = Math.max(this.n, Math.ceil(this.profile.countAt((now - this.start) / 1000 - this.maxBurstS)))
      due = this.start + this.profile.timeOf(this.n) * 1000
    }
    this.n++
    return due > now + 0.5 ? this.sleeper.sleep(due - now) : undefined
  }

  /** Requests per second the profile asks for now (0 before the first request, and with no limit); `endS`: the run's end, not passed. */
  rateNow(endS = Infinity): number {
    if (this.profile.unlimited || this.start === 0) return 0
    return this.profile.rateAt(Math.min((this.now() - this.start) / 1000, endS - 1e-6))
  }
}
