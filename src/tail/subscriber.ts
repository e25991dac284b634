/**
 * The AMQP side of `tail`: a plain amqplib channel that either
 *   - binds its own exclusive, auto-delete, server-named queue to the
 *     exchange with `<topic>.<priority>` keys, so the shared queues keep every
 *     message (the default: nobody loses anything to a debugging tool), or
 *   - consumes a named queue (`--queue`), declared passively so an existing
 *     queue never answers 406; messages read there are taken (and acked).
 * When the broker goes away it says so, reconnects (trying the URL's hosts
 * in order), declares its queue and bindings again and goes on.
 */
import type {Channel, ConsumeMessage} from 'amqplib'
import {closeQuietly, connectFirst, type Connection, describeDeclareError} from '../messaging/amqp-driver.js'
import {describeHost, type BrokerHost} from '../messaging/transport-url.js'
import {TransportError, UsageError} from '../util/errors.js'
import type {Delivery} from './message.js'

export interface SubscriberOptions {
  readonly hosts: readonly BrokerHost[]
  readonly exchange: string
  /** Durability used if the exchange does not exist yet and is declared (oslo amqp_durable_queues). */
  readonly durable: boolean
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

export class Subscriber {
  private conn?: Connection
  private ch?: Channel
  private host?: BrokerHost
  private hostIndex = 0
  private generation = 0
  private stopping = false
  private queueName = ''
  /** Last processed delivery of a named queue, acked (with everything before it) on the next tick. */
  private ackDue?: ConsumeMessage
  private ackScheduled = false
  private fail!: (err: Error) => void
  /** Rejects when the subscription is lost for good (reconnecting gave up, the queue was deleted). */
  readonly failed: Promise<never>
  reconnects = 0

  constructor(private readonly opts: SubscriberOptions) {
    this.failed = new Promise<never>((_resolve, reject) => {
      this.fail = reject
    })
    this.failed.catch(() => { /* the session awaits it; never unhandled */ })
  }

  /** What is being consumed, for the start notice. */
  describe(): string {
    const where = this.host ? describeHost(this.host) : ''
    if (this.opts.queue) return `consuming queue ${this.opts.queue} on ${where} (messages read here are taken from it)`
    return `private queue ${this.queueName} bound to ${this.opts.bindings.join(', ')} on exchange ${this.opts.exchange} at ${where}`
  }

  async start(): Promise<void> {
    await this.connect(this.opts.connectTimeoutMs ?? 5000, true)
  }

  /** Try the hosts in order until one answers and the queue is set up. */
  private async connect(budgetMs: number, first: boolean): Promise<void> {
    this.hostIndex = await connectFirst(this.opts.hosts, this.hostIndex, budgetMs, first, (conn, host) => this.setup(conn, host))
  }

  /** Channel, queue, bindings and consumer on a fresh connection. */
  private async setup(conn: Connection, host: BrokerHost): Promise<void> {
    conn.on('error', () => { /* 'close' follows */ })
    const ch = await conn.createChannel()
    ch.on('error', () => { /* 'close' follows */ })
    let queue: string
    if (this.opts.queue) {
      queue = this.opts.queue
      await this.checkQueue(conn, queue, host)
      await ch.prefetch(this.opts.prefetch ?? 1000)
    } else {
      await this.ensureExchange(conn, ch, host)
      const q = await ch.assertQueue('', {exclusive: true, autoDelete: true, durable: false})
      queue = q.queue
      for (const key of this.opts.bindings) await ch.bindQueue(queue, this.opts.exchange, key)
    }
    const generation = ++this.generation
    const named = Boolean(this.opts.queue)
    await ch.consume(queue, (msg) => this.deliver(msg, ch, generation), {noAck: !named, exclusive: false})
    this.conn = conn
    this.ch = ch
    this.host = host
    this.queueName = queue
    const lost = (): void => {
      if (generation !== this.generation || this.stopping) return
      this.generation++
      this.reconnect(host)
    }
    conn.on('close', lost)
    ch.on('close', lost)
  }

  /** A named queue is only ever checked, never declared: an existing one can't answer 406. */
  private async checkQueue(conn: Connection, queue: string, host: BrokerHost): Promise<void> {
    const probe = await conn.createChannel()
    probe.on('error', () => {})
    try {
      await probe.checkQueue(queue)
    } catch (err) {
      if (/404|NOT_FOUND/.test(String((err as Error)?.message))) {
        throw new UsageError(`queue "${queue}" does not exist on ${describeHost(host)}`,
          'name an existing queue (`rabbitmqctl list_queues`), or drop --queue to tail through a private queue')
      }
      throw err
    } finally {
      await probe.close().catch(() => {})
    }
  }

  /** Bind to the exchange as it is; declare it (as oslo's listener would) only when it does not exist. */
  private async ensureExchange(conn: Connection, ch: Channel, host: BrokerHost): Promise<void> {
    const probe = await conn.createChannel()
    probe.on('error', () => {})
    let exists = true
    try {
      await probe.checkExchange(this.opts.exchange)
    } catch (err) {
      if (!/404|NOT_FOUND/.test(String((err as Error)?.message))) throw err
      exists = false
    } finally {
      await probe.close().catch(() => {})
    }
    if (exists) return
    try {
      await ch.assertExchange(this.opts.exchange, 'topic', {durable: this.opts.durable, autoDelete: false})
    } catch (err) {
      throw describeDeclareError(err, `exchange "${this.opts.exchange}" on ${describeHost(host)}`, this.opts.durable)
    }
    this.opts.onNotice(`exchange ${this.opts.exchange} did not exist on ${describeHost(host)}; declared it (topic, durable=${this.opts.durable}) as an oslo listener does`)
  }

  private deliver(msg: ConsumeMessage | null, ch: Channel, generation: number): void {
    if (generation !== this.generation || this.stopping) return
    if (msg === null) {
      // The broker cancelled the consumer: the queue was deleted.
      this.fail(new TransportError(`the broker cancelled the subscription: queue ${this.queueName} was deleted`))
      return
    }
    const handled = this.opts.onDelivery({
      body: msg.content,
      routingKey: msg.fields.routingKey,
      exchange: msg.fields.exchange,
      redelivered: msg.fields.redelivered,
      properties: msg.properties,
      receivedAt: Date.now(),
    })
    // Only what the session took is acked: a delivery after its end (--count) goes back to the queue.
    if (this.opts.queue && handled) this.scheduleAck(msg, ch)
  }

  /** Ack a named queue's processed deliveries in batches (allUpTo the last one). */
  private scheduleAck(msg: ConsumeMessage, ch: Channel): void {
    this.ackDue = msg
    if (this.ackScheduled) return
    this.ackScheduled = true
    setImmediate(() => this.flushAcks(ch))
  }

  private flushAcks(ch: Channel): void {
    this.ackScheduled = false
    const msg = this.ackDue
    this.ackDue = undefined
    if (msg && ch === this.ch) {
      try {
        ch.ack(msg, true)
      } catch { /* channel gone: unacked messages go back to the queue */ }
    }
  }

  /** After a loss: say so, reconnect with backoff, set everything up again. */
  private reconnect(lostHost: BrokerHost): void {
    if (this.stopping) return
    this.ackDue = undefined
    this.opts.onNotice(`connection to ${describeHost(lostHost)} lost; reconnecting…`)
    const deadline = Date.now() + (this.opts.reconnectTimeoutMs ?? 120_000)
    const attempt = async (delay: number): Promise<void> => {
      if (this.stopping) return
      try {
        this.hostIndex = (this.hostIndex + 1) % this.opts.hosts.length
        await this.connect(Math.min(5000, Math.max(250, deadline - Date.now())), false)
        if (this.stopping) return void this.close()
        this.reconnects++
        const gap = this.opts.queue ? 'messages waited in the queue meanwhile' : 'messages published while disconnected were not seen'
        this.opts.onNotice(`reconnected: ${this.describe()} (${gap})`)
      } catch (err) {
        if (err instanceof UsageError) return this.fail(err)
        if (Date.now() + delay > deadline) return this.fail(err instanceof Error ? err : new TransportError(String(err)))
        setTimeout(() => void attempt(Math.min(delay * 2, 2000)), delay)
      }
    }
    void attempt(250)
  }

  /** Stop consuming: ack what was processed, close (unacked deliveries go back to a named queue). */
  async stop(): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    if (this.ch) this.flushAcks(this.ch)
    await this.close()
  }

  private async close(): Promise<void> {
    await closeQuietly(this.ch, this.conn)
  }
}
