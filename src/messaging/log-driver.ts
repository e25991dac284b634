/**
 * The `log` and `noop` drivers: no broker. `log` writes a recording (one JSON
 * line per message, src/recording/format.ts): exchange, routing key, AMQP
 * properties, the body exactly as it would have been published, and the
 * time — so `replay` can send it to a broker later, byte for byte. `noop`
 * counts and drops. Both count a message as confirmed when written (or
 * dropped): a `confirmed` callback is called at once.
 */
import type {Writable} from 'node:stream'
import {encodeLine, isoFromOslo} from './recording.js'
import type {OsloMessage} from './envelope.js'
import type {Confirmed, Driver, NotifierStats, SendOptions} from './notifier.js'

function emptyStats(): NotifierStats {
  return {published: 0, confirmed: 0, republished: 0, reconnects: 0}
}

export class LogDriver implements Driver {
  readonly stats = emptyStats()
  private pending: Promise<void> = Promise.resolve()
  private waiting = false

  /** `exchange`: the exchange the messages would have gone to (written on every line). */
  constructor(private readonly out: Writable, private readonly closeStream = false, private readonly exchange = 'trove') {}

  async open(): Promise<void> {}

  send(routingKey: string, body: Buffer, message?: OsloMessage, confirmed?: Confirmed, options?: SendOptions): void {
    this.stats.published++
    // The time of publishing on the publisher's clock: the message's own timestamp.
    const time = options?.time ?? isoFromOslo(message?.timestamp) ?? new Date().toISOString()
    const line = encodeLine({time, exchange: this.exchange, routingKey, properties: options?.properties, body}) + '\n'
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
  send(_routingKey: string, _body: Buffer, _message?: OsloMessage, confirmed?: Confirmed): void {
    this.stats.published++
    this.stats.confirmed++
    confirmed?.()
  }
  async flush(): Promise<void> {}
  async capacity(): Promise<void> {}
  async close(): Promise<void> {}
}
