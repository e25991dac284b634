/**
 * The AMQP side of `tail`: a plain amqplib channel that either
 *   - binds its own exclusive, auto-delete, server-named queue to the
 *     exchange with `<topic>.<priority>` keys, so the shared queues keep every
 *     message (the default: nobody loses anything to a debugging tool), or
 *   - consumes a named queue (`--queue`) as it exists — classic, quorum,
 *     whatever its arguments — checked passively, never declared, so an
 *     existing queue never answers 406; messages read there are taken (acked).
 * The exchange is bound to as it is; only when it does not exist is it
 * declared, as an oslo listener would (topology.ts).
 *
 * Connecting, failing over, backing off, TLS and heartbeats are the broker
 * link's (messaging/connection.ts): when the broker goes away it says so,
 * reconnects (trying the URL's hosts in order), sets up its queue and
 * bindings again and goes on.
 *
 * A delivery that breaks whatever handles it never breaks the connection:
 * it is reported, counted as taken (acked on a named queue, so the next
 * message comes), and consumption goes on.
 */
import type {Channel, ConsumeMessage} from 'amqplib'
import {BrokerLink, type Connection} from '../messaging/connection.js'
import {exchangeDeclaration, Topology} from '../messaging/topology.js'
import {describeHost, type BrokerHost} from '../messaging/transport-url.js'
import {RABBIT_DEFAULTS, type RabbitOptions} from '../messaging/rabbit-options.js'
import {TransportError, UsageError} from '../util/errors.js'
import type {Delivery} from './message.js'

export interface SubscriberOptions {
  readonly hosts: readonly BrokerHost[]
  readonly exchange: string
  /** oslo's options: TLS, heartbeat, retries, login, and how to declare the exchange if it is missing. */
  readonly rabbit?: Partial<RabbitOptions>
  /** Routing keys the private queue is bound with (`<topic>.<priority>`). */
  readonly bindings: readonly string[]
  /** Consume this existing queue instead of a private one (its messages are taken). */
  readonly queue?: string
  /** Unacknowledged deliveries in flight on a named queue. */
  readonly prefetch?: number
  readonly connectTimeoutMs?: number
  /** Give up reconnecting after a loss after this long. */
  readonly reconnectTimeoutMs?: number
  readonly onNotice: (message: string) => void
  /** Handle a delivery; false when it was not taken (the run has ended), so it is not acked. */
  readonly onDelivery: (delivery: Delivery) => boolean
}

/** The consuming side of one connection. */
interface ConsumeChannel {
  readonly ch: Channel
  readonly queue: string
  /** Deliveries of this channel count (false once its connection is lost or the run stops). */
  live: boolean
  /** Last processed delivery of a named queue, acked (with everything before it) on the next tick. */
  ackDue?: ConsumeMessage
  ackScheduled: boolean
}

export class Subscriber {
  private readonly link: BrokerLink<ConsumeChannel>
  private stopping = false
  private queueName = ''
  private readonly noticed = new Set<string>()
  private fail!: (err: Error) => void
  /** Rejects when the subscription is lost for good (reconnecting gave up, the queue was deleted). */
  readonly failed: Promise<never>

  constructor(private readonly opts: SubscriberOptions) {
    this.failed = new Promise<never>((_resolve, reject) => {
      this.fail = reject
    })
    this.failed.catch(() => { /* the session awaits it; never unhandled */ })
    this.link = new BrokerLink<ConsumeChannel>({
      hosts: opts.hosts,
      rabbit: opts.rabbit,
      connectTimeoutMs: opts.connectTimeoutMs,
      reconnectTimeoutMs: opts.reconnectTimeoutMs ?? 120_000,
      onNotice: opts.onNotice,
      connectionName: `trove-notify tail:${process.pid}`,
    }, {
      setup: (conn, host, lost) => this.setup(conn, host, lost),
      opened: (_session, reconnected) => {
        if (!reconnected) return
        const gap = this.opts.queue ? 'messages waited in the queue meanwhile' : 'messages published while disconnected were not seen'
        return `${this.describe()} (${gap})`
      },
      lost: (session) => {
        session.value.live = false
      },
      failed: (err) => this.fail(err),
    })
  }

  get reconnects(): number {
    return this.link.reconnects
  }

  /** What is being consumed, for the start notice. */
  describe(): string {
    const where = describeHost(this.link.host)
    if (this.opts.queue) return `consuming queue ${this.opts.queue} on ${where} (messages read here are taken from it)`
    return `private queue ${this.queueName} bound to ${this.opts.bindings.join(', ')} on exchange ${this.opts.exchange} at ${where}`
  }

  async start(): Promise<void> {
    await this.link.open()
  }

  /** Queue, bindings and consumer on a fresh connection. */
  private async setup(conn: Connection, host: BrokerHost, lost: () => void): Promise<ConsumeChannel> {
    const rabbit = {...RABBIT_DEFAULTS, ...this.opts.rabbit}
    const topology = new Topology(conn, this.opts.exchange, rabbit, {onNotice: this.opts.onNotice, noticed: this.noticed})
    let queue: string
    let ch: Channel
    try {
      if (this.opts.queue) {
        queue = this.opts.queue
        if (!await topology.existingQueue(queue)) {
          throw new UsageError(`queue "${queue}" does not exist on ${describeHost(host)}`,
            'name an existing queue (`rabbitmqctl list_queues`), or drop --queue to tail through a private queue')
        }
        ch = await conn.createChannel()
        await ch.prefetch(this.opts.prefetch ?? 1000)
      } else {
        if ((await topology.ensureExchange(false)).created) {
          const x = exchangeDeclaration(rabbit)
          this.opts.onNotice(`exchange ${this.opts.exchange} did not exist on ${describeHost(host)}; declared it (topic, durable=${x.durable}${x.autoDelete ? ', auto-delete' : ''}) as an oslo listener does`)
        }
        ch = await conn.createChannel()
        const q = await ch.assertQueue('', {exclusive: true, autoDelete: true, durable: false})
        queue = q.queue
        for (const key of this.opts.bindings) await ch.bindQueue(queue, this.opts.exchange, key)
      }
    } finally {
      await topology.close()
    }
    ch.on('error', () => { /* 'close' follows */ })
    const cc: ConsumeChannel = {ch, queue, live: true, ackScheduled: false}
    await ch.consume(queue, (msg) => this.deliver(msg, cc), {noAck: !this.opts.queue, exclusive: false})
    ch.on('close', lost)
    this.queueName = queue
    return cc
  }

  private deliver(msg: ConsumeMessage | null, cc: ConsumeChannel): void {
    // Consuming starts before the link counts as open, so the channel's own flag decides.
    if (!cc.live || this.stopping) return
    if (msg === null) {
      // The broker cancelled the consumer: the queue was deleted.
      this.fail(new TransportError(`the broker cancelled the subscription: queue ${cc.queue} was deleted`))
      return
    }
    let handled: boolean
    try {
      handled = this.opts.onDelivery({
        body: msg.content,
        routingKey: msg.fields.routingKey,
        exchange: msg.fields.exchange,
        redelivered: msg.fields.redelivered,
        properties: msg.properties,
        receivedAt: Date.now(),
      })
    } catch (err) {
      // Whatever broke on this delivery must not reach amqplib (it would
      // drop the connection, and a named queue would hand it back forever).
      handled = true
      this.opts.onNotice(`a message on ${msg.fields.routingKey} (${msg.content.length} bytes) broke its handler and was skipped: ${String((err as Error)?.message ?? err).split('\n')[0]}`)
    }
    // Only what the session took is acked: a delivery after its end (--count) goes back to the queue.
    if (this.opts.queue && handled) this.scheduleAck(msg, cc)
  }

  /** Ack a named queue's processed deliveries in batches (allUpTo the last one). */
  private scheduleAck(msg: ConsumeMessage, cc: ConsumeChannel): void {
    cc.ackDue = msg
    if (cc.ackScheduled) return
    cc.ackScheduled = true
    setImmediate(() => this.flushAcks(cc))
  }

  private flushAcks(cc: ConsumeChannel): void {
    cc.ackScheduled = false
    const msg = cc.ackDue
    cc.ackDue = undefined
    if (msg && cc.live) {
      try {
        cc.ch.ack(msg, true)
      } catch { /* channel gone: unacked messages go back to the queue */ }
    }
  }

  /** Stop consuming: ack what was processed, close (unacked deliveries go back to a named queue). */
  async stop(): Promise<void> {
    if (this.stopping) return
    const cc = this.link.current
    if (cc) this.flushAcks(cc)
    this.stopping = true
    if (cc) cc.live = false
    // The channel is closed before the connection, so the acks just written reach the broker.
    await this.link.close((c) => c.ch.close())
  }
}
