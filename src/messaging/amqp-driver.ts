/**
 * The `messagingv2` driver: RabbitMQ through an amqplib ConfirmChannel.
 *
 * - Topology as oslo's notifier declares it, with the deployment's options
 *   (topology.ts): before a routing key's first message, its exchange,
 *   queue and binding — what exists is used as it is (one notice names the
 *   setting that would match it), what is missing is declared.
 * - Every message is tracked until the broker confirms it. If the
 *   connection is lost (broker restart, a cluster node stopped, a missed
 *   heartbeat), the link reconnects — to the next host of the URL first —
 *   and what was not confirmed is republished, in the original order;
 *   `flush()` resolves only when nothing is outstanding. A nacked message
 *   is sent again. A message sent with a `confirmed` callback has it called
 *   once, when the broker confirmed it (for an outbox that marks what left).
 * - Backpressure: `capacity()` waits while too much is unconfirmed, and
 *   publishing stops while the socket buffer is full (until 'drain').
 *
 * State: the connection's state machine is the link's (connection.ts:
 * connecting, open, reconnecting, failed, closed); while it is open, the
 * channel of that connection has a flow of its own: `ready` (writing the
 * backlog), `declaring` (a routing key's topology is being declared; the
 * order of messages is kept) or `blocked` (the socket buffer is full).
 * A callback of a dead channel is told apart by the channel's identity.
 *
 * Invariant: every message sent is in exactly one of `backlog` (waiting to
 * be written) and `inflight` (written on the current channel, awaiting its
 * confirm) until it is confirmed. A lost channel moves its inflight messages
 * back to the front of the backlog.
 */
import type {ConfirmChannel} from 'amqplib'
import {RABBIT_DEFAULTS, type RabbitOptions} from './rabbit-options.js'
import {TransportError} from '../util/errors.js'
import {BrokerLink, type Connection} from './connection.js'
import {corkMuxRounds} from './cork.js'
import {AMQP_PROPERTIES, type AmqpProperties} from './envelope.js'
import type {Confirmed, Driver, NotifierStats, SendOptions} from './notifier.js'
import {declareRefused, Topology} from './topology.js'
import type {BrokerHost} from './transport-url.js'
import {DEFAULT_MAX_INFLIGHT, Waiters} from './waiters.js'

export interface AmqpDriverOptions {
  readonly hosts: readonly BrokerHost[]
  readonly exchange: string
  /** The [oslo_messaging_rabbit] options (declarations, TLS, heartbeat, retries, login); oslo's defaults otherwise. */
  readonly rabbit?: Partial<RabbitOptions>
  /** Give up connecting at start after this long (all hosts together). */
  readonly connectTimeoutMs?: number
  /** Give up reconnecting after a loss after this long. */
  readonly reconnectTimeoutMs?: number
  /** Unconfirmed messages allowed before capacity() waits. */
  readonly maxInflight?: number
  /** Told about reconnects and topology that differs from ours, for a visible notice. */
  readonly onNotice?: (message: string) => void
  /** Called with each confirm's latency in milliseconds. */
  readonly onConfirm?: (latencyMs: number) => void
}

interface Entry {
  readonly seq: number
  readonly routingKey: string
  readonly body: Buffer
  sentAt: number
  /** Called once when the broker confirmed this message (rare: most sends have none). */
  readonly done?: Confirmed
  /** Publish options (AMQP properties) when not oslo's: a replayed message's own. */
  readonly options?: AmqpProperties
}

/** The publishing side of one connection: its confirm channel and where its flow is. */
interface PublishChannel {
  readonly ch: ConfirmChannel
  readonly topology: Topology
  flow: 'ready' | 'declaring' | 'blocked'
}

/** A FIFO with O(1) push/shift (arrays shift in O(n) once they are large). */
class Fifo<T> {
  private items: T[] = []
  private head = 0

  get length(): number {
    return this.items.length - this.head
  }

  peek(): T | undefined {
    return this.items[this.head]
  }

  push(item: T): void {
    this.items.push(item)
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined as T
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }

  /** Merge `more` (in `key` order) with what is queued (in `key` order too). */
  merge(more: readonly T[], key: (t: T) => number): void {
    const queued = this.items.slice(this.head)
    const out: T[] = []
    let i = 0
    let j = 0
    while (i < more.length || j < queued.length) {
      if (j >= queued.length || (i < more.length && key(more[i]!) < key(queued[j]!))) out.push(more[i++]!)
      else out.push(queued[j++]!)
    }
    this.items = out
    this.head = 0
  }

  /** Insert keeping the order given by `key` (for the rare nacked message). */
  insertOrdered(item: T, key: (t: T) => number): void {
    let i = this.head
    while (i < this.items.length && key(this.items[i]!) < key(item)) i++
    this.items.splice(i, 0, item)
  }
}

/** The publish options of every message (amqplib does not mutate them). */
const PUBLISH_OPTIONS = Object.freeze({...AMQP_PROPERTIES, headers: {}})

export class AmqpDriver implements Driver {
  readonly stats: NotifierStats = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
  private readonly link: BrokerLink<PublishChannel>
  private seq = 0
  private readonly backlog = new Fifo<Entry>()
  private readonly inflight = new Map<number, Entry>()
  private readonly waiters = new Waiters()
  /** Entities already noticed as declared differently (once per process, not per reconnect). */
  private readonly noticed = new Set<string>()
  /** Unconfirmed when the connection was lost, for the reconnected notice. */
  private resent = 0

  constructor(private readonly opts: AmqpDriverOptions) {
    this.link = new BrokerLink<PublishChannel>({
      hosts: opts.hosts,
      rabbit: opts.rabbit,
      connectTimeoutMs: opts.connectTimeoutMs,
      reconnectTimeoutMs: opts.reconnectTimeoutMs,
      onNotice: opts.onNotice,
      connectionName: `trove-notify publisher:${process.pid}`,
    }, {
      setup: (conn, _host, lost) => this.setup(conn, lost),
      opened: (_session, reconnected) => {
        if (!reconnected) return
        this.stats.reconnects = this.link.reconnects
        this.pump()
        return `republishing ${this.resent} unconfirmed message(s)`
      },
      lost: () => this.lost(),
      failed: (err) => this.waiters.rejectAll(err),
    })
  }

  async open(): Promise<void> {
    await this.link.open()
  }

  /** A confirm channel on a fresh connection; the topology is declared lazily, per routing key. */
  private async setup(conn: Connection, lost: () => void): Promise<PublishChannel> {
    if (process.env.TROVE_NOTIFY_CORK !== '0') corkMuxRounds(conn)
    const ch = await conn.createConfirmChannel()
    const pc: PublishChannel = {
      ch,
      topology: new Topology(conn, this.opts.exchange, {...RABBIT_DEFAULTS, ...this.opts.rabbit}, {onNotice: this.opts.onNotice, noticed: this.noticed}),
      flow: 'ready',
    }
    ch.on('error', () => { /* 'close' follows */ })
    ch.on('close', lost)
    ch.on('drain', () => {
      if (this.link.current !== pc || pc.flow !== 'blocked') return
      pc.flow = 'ready'
      this.pump()
    })
    return pc
  }

  /** The channel is gone: what it had in flight goes back to the front of the backlog, to be republished in order. */
  private lost(): void {
    const resend = [...this.inflight.values()].sort((a, b) => a.seq - b.seq)
    this.inflight.clear()
    this.resent = resend.length
    if (resend.length > 0) {
      this.backlog.merge(resend, (x) => x.seq)
      this.stats.republished += resend.length
    }
  }

  send(routingKey: string, body: Buffer, _message?: unknown, confirmed?: Confirmed, options?: SendOptions): void {
    const failure = this.link.error
    if (failure) throw failure
    this.stats.published++
    const properties = options?.properties
    this.backlog.push(confirmed || properties
      ? {seq: this.seq++, routingKey, body, sentAt: 0, done: confirmed, options: properties}
      : {seq: this.seq++, routingKey, body, sentAt: 0})
    if (this.backlog.length === 1) queueMicrotask(() => this.pump())
  }

  /**
   * Write the backlog, in order, while the channel is ready; a routing
   * key's topology is declared (once per connection) before its first
   * message.
   */
  private pump(): void {
    const pc = this.link.current
    if (!pc || pc.flow !== 'ready') return
    const ch = pc.ch
    let entry: Entry | undefined
    while ((entry = this.backlog.peek()) !== undefined) {
      if (!pc.topology.isRouted(entry.routingKey)) {
        this.declareThenPump(pc, entry.routingKey)
        return
      }
      this.backlog.shift()
      const e = entry
      e.sentAt = performance.now()
      this.inflight.set(e.seq, e)
      let room: boolean
      try {
        room = ch.publish(this.opts.exchange, e.routingKey, e.body, e.options ?? PUBLISH_OPTIONS, (err) => this.confirmed(pc, e, err))
      } catch {
        // The channel closed under us (its 'close' may not have fired yet).
        this.link.lost(pc)
        return
      }
      if (!room) {
        pc.flow = 'blocked'
        return
      }
    }
  }

  /** A broker ack (err null), nack, or the channel's death for one message. */
  private confirmed(pc: PublishChannel, entry: Entry, err: unknown): void {
    if (this.link.current !== pc) return // its channel is gone: it was moved back to the backlog
    if (err) {
      if ((err as Error).message !== 'message nacked') {
        this.link.lost(pc)
        return
      }
      // nack: the broker could not take it; send it again, in order.
      this.inflight.delete(entry.seq)
      this.backlog.insertOrdered(entry, (x) => x.seq)
      this.stats.republished++
      this.pump()
      return
    }
    this.inflight.delete(entry.seq)
    this.stats.confirmed++
    this.opts.onConfirm?.(performance.now() - entry.sentAt)
    if (entry.done) {
      try {
        entry.done()
      } catch { /* the caller's bug must not stop the confirms of others */ }
    }
    this.waiters.wake()
  }

  private declareThenPump(pc: PublishChannel, key: string): void {
    pc.flow = 'declaring'
    pc.topology.ensureRoute(key).then(() => {
      if (this.link.current !== pc) return
      pc.flow = 'ready'
      this.pump()
    }, (err) => {
      if (this.link.current !== pc) return
      if (isConnectionGone(err)) {
        // The connection died mid-declare: its 'close' reconnects, and the route is declared again.
        this.link.lost(pc)
        return
      }
      // The broker refused the declaration itself (permissions, a policy):
      // retrying cannot help, so the run fails with the broker's words.
      this.fail(new TransportError(declareRefused(`the route of ${key} on exchange ${this.opts.exchange}`, err),
        'check the user\'s configure permission on the vhost (`rabbitmqctl list_permissions`), or declare the queue beforehand'))
    })
  }

  private fail(err: Error): void {
    this.link.failWith(err)
  }

  /** Messages sent and not yet confirmed. */
  get outstanding(): number {
    return this.backlog.length + this.inflight.size
  }

  flush(): Promise<void> {
    return this.waiters.wait(() => this.outstanding === 0, this.link.error)
  }

  capacity(): Promise<void> {
    const max = this.opts.maxInflight ?? DEFAULT_MAX_INFLIGHT
    return this.waiters.wait(() => this.outstanding < max, this.link.error)
  }

  async close(): Promise<void> {
    if (this.outstanding > 0 || this.waiters.length > 0) {
      this.waiters.rejectAll(new TransportError('closed with messages outstanding'))
    }
    await this.link.close(async (pc) => {
      await pc.topology.close()
      await pc.ch.close()
    })
  }
}

/** An error that means the connection (or channel) is gone, not that the broker refused something. */
function isConnectionGone(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err)
  return /Channel (closed|ended)|Connection closed|Socket closed|ECONNRESET|EPIPE|Heartbeat|CONNECTION.FORCED|\b320\b|\b541\b/i.test(text)
}
