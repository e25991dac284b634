/**
 * Time for the simulator: sleeps that a stop (Ctrl-C, end of --duration)
 * cuts short, the simulated clock built on them (`--time-scale`), and the
 * rate limiter (`--rate`, per-step rates) that schedules operations on an
 * absolute timetable so the rate does not drift.
 */
import type {Clock} from '../util/runtime.js'

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
 * Operations per second on an absolute timetable: the n-th slot is at
 * start + n/rate. A limiter that fell behind (the work was slower than the
 * rate) catches up by at most `maxBurstS` seconds' worth, so the rate stays
 * steady instead of bursting. Rate 0 means no limit.
 */
export class RateLimiter {
  private start = 0
  private n = 0

  /** `now` (milliseconds, monotonic) and `sleeper` are the limiter's time: real unless a test gives its own. */
  constructor(private readonly rate: number, private readonly sleeper: Pick<Sleeper, 'sleep'>, private readonly maxBurstS = 0.2,
    private readonly now: () => number = () => performance.now()) {}

  /** Undefined when the next slot is due now (no await needed: the hot path stays synchronous). */
  next(): Promise<void> | undefined {
    if (this.rate <= 0) return undefined
    const now = this.now()
    if (this.n === 0) this.start = now
    let due = this.start + (this.n * 1000) / this.rate
    if (now - due > this.maxBurstS * 1000) {
      // Too far behind: move the timetable rather than burst.
      this.start = now - this.maxBurstS * 1000 - (this.n * 1000) / this.rate
      due = this.start + (this.n * 1000) / this.rate
    }
    this.n++
    return due > now + 0.5 ? this.sleeper.sleep(due - now) : undefined
  }
}
