/**
 * The promises a publishing driver hands out for flush() and capacity():
 * each waits until its condition on the driver's counters holds, and all of
 * them fail together when the driver fails or closes. Both AMQP drivers (on
 * the main thread and behind the publisher thread) count the same way, so
 * they share this.
 */
/** Unconfirmed messages a driver allows before capacity() waits, unless told otherwise (the publisher window). */
export const DEFAULT_MAX_INFLIGHT = 5000

interface Waiter {
  readonly check: () => boolean
  readonly resolve: () => void
  readonly reject: (e: Error) => void
}

export class Waiters {
  private list: Waiter[] = []

  get length(): number {
    return this.list.length
  }

  /** Resolves once `check()` holds (at once if it does now); rejects with `failure` if given. */
  wait(check: () => boolean, failure?: Error): Promise<void> {
    if (failure) return Promise.reject(failure)
    if (check()) return Promise.resolve()
    return new Promise((resolve, reject) => this.list.push({check, resolve, reject}))
  }

  /** Resolve the waiters whose condition now holds (call after the counters change). */
  wake(): void {
    if (this.list.length === 0) return
    this.list = this.list.filter((w) => {
      if (!w.check()) return true
      w.resolve()
      return false
    })
  }

  /** Reject every waiter (the driver failed or closed). */
  rejectAll(err: Error): void {
    for (const w of this.list.splice(0)) w.reject(err)
  }
}
