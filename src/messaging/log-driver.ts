/**
 * The `log` and `noop` drivers: no broker. `log` writes one JSON line per
 * notification (the inner oslo message, routing key added) to a stream;
 * `noop` counts and drops. Both count a message as confirmed when written
 * (or dropped): a `confirmed` callback is called at once.
 */
import type {Writable} from 'node:stream'
import type {OsloMessage} from './envelope.js'
import type {Confirmed, Driver, NotifierStats} from './notifier.js'

function emptyStats(): NotifierStats {
  return {published: 0, confirmed: 0, republished: 0, reconnects: 0}
}

export class LogDriver implements Driver {
  readonly stats = emptyStats()
  private pending: Promise<void> = Promise.resolve()
  private waiting = false

  constructor(private readonly out: Writable, private readonly closeStream = false) {}

  async open(): Promise<void> {}

  send(routingKey: string, _body: Buffer, message: OsloMessage, confirmed?: Confirmed): void {
    this.stats.published++
    const line = JSON.stringify({routing_key: routingKey, ...message}) + '\n'
    // One wait per full buffer: a 'drain' covers every write before it (chaining a
    // wait per refused write would wait for drains that never come).
    if (!this.out.write(line) && !this.waiting) {
      this.waiting = true
      this.pending = new Promise((resolve) => this.out.once('drain', () => {
        this.waiting = false
        resolve()
      }))
    }
    this.stats.confirmed++
    confirmed?.()
  }

  flush(): Promise<void> {
    return this.pending
  }

  capacity(): Promise<void> {
    return this.pending
  }

  async close(): Promise<void> {
    await this.pending
    if (this.closeStream) await new Promise<void>((resolve) => this.out.end(resolve))
  }
}

export class NoopDriver implements Driver {
  readonly stats = emptyStats()
  async open(): Promise<void> {}
  send(_routingKey: string, _body: Buffer, _message: OsloMessage, confirmed?: Confirmed): void {
    this.stats.published++
    this.stats.confirmed++
    confirmed?.()
  }
  async flush(): Promise<void> {}
  async capacity(): Promise<void> {}
  async close(): Promise<void> {}
}
