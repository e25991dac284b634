/**
 * The `messagingv2` driver: RabbitMQ through an amqplib ConfirmChannel.
 *
 * - Topology as oslo's notifier declares it: a topic exchange, and for each
 *   routing key used a queue of the same name bound to it (so messages wait
 *   before any consumer exists). Durability must match what exists: a 406 is
 *   a one-line error naming `amqp_durable_queues`.
 * - Every message is tracked until the broker confirms it. If the connection
 *   is lost (broker restart, network), the driver reconnects — to the next
 *   host of the URL first, then round the list — and republishes what was
 *   not confirmed, in the original order; `flush()` resolves only when
 *   nothing is outstanding. A nacked message is sent again.
 * - Backpressure: `capacity()` waits while too much is unconfirmed, and
 *   publishing stops while the socket buffer is full (until 'drain').
 *
 * Invariant: every message sent is in exactly one of `backlog` (waiting to be
 * written) and `inflight` (written on the current channel, awaiting its
 * confirm) until it is confirmed. A lost channel moves its inflight messages
 * back to the front of the backlog; callbacks of a dead channel are ignored
 * (each channel has a generation number).
 */
import type {ConfirmChannel} from 'amqplib'
import {TransportError, UserError} from '../util/errors.js'
import {corkMuxRounds} from './cork.js'
import {AMQP_PROPERTIES, type AmqpProperties, type OsloMessage} from './envelope.js'
import type {Driver, NotifierStats, SendOptions} from './notifier.js'
import {DEFAULT_MAX_INFLIGHT, Waiters} from './waiters.js'
import {amqplibUrl, describeHost, type BrokerHost} from './transport-url.js'

export type Connection = Awaited<ReturnType<typeof import('amqplib')['connect']>>

export interface AmqpDriverOptions {
  readonly hosts: readonly BrokerHost[]
  readonly exchange: string
  /** oslo's amqp_durable_queues: durable exchange and queues. */
  readonly durable: boolean
  /** Give up connecting at start after this long (all hosts together). */
  readonly connectTimeoutMs?: number
  /** Give up reconnecting after a loss after this long. */
  readonly reconnectTimeoutMs?: number
  /** Unconfirmed messages allowed before capacity() waits. */
  readonly maxInflight?: number
  /** Told about reconnects, for a visible notice. */
  readonly onNotice?: (message: string) => void
  /** Called with each confirm's latency in milliseconds. */
  readonly onConfirm?: (latencyMs: number) => void
}

interface Entry {
  readonly seq: number
  readonly routingKey: string
  readonly body: Buffer
  /** Publish options (AMQP properties) when not oslo's: a replayed message's own. */
  readonly options?: AmqpProperties
  sentAt: number
}

const START_HINT = 'start RabbitMQ (`rabbitmq-server -detached`), or point --url / TROVE_NOTIFY_URL at your broker'

/** One line for an amqplib connect failure, the URL's password masked. */
export function describeConnectError(err: unknown, host: BrokerHost): string {
  const e = err as {code?: string | number, message?: string}
  const where = describeHost(host)
  if (e.code === 'ECONNREFUSED') return `cannot reach RabbitMQ at ${where} (connection refused)`
  if (e.code === 'ETIMEDOUT' || /timeout/i.test(e.message ?? '')) return `cannot reach RabbitMQ at ${where} (timed out)`
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `cannot resolve the broker host in ${where}`
  if (/ACCESS_REFUSED|403/.test(e.message ?? '')) return `RabbitMQ at ${where} refused the login of user "${host.username}"`
  if (/NOT_ALLOWED|vhost/i.test(e.message ?? '')) return `RabbitMQ at ${where} has no virtual host "${host.vhost}" (or the user may not use it)`
  return `cannot connect to RabbitMQ at ${where}: ${String(e.message ?? err).split('\n')[0]}`
}

/**
 * Connect to the first host that answers, trying `hosts` in order from
 * `start` within `budgetMs`, and run `setup` on the new connection; returns
 * the index of the host used. A UserError from setup (a 406, a missing queue)
 * is thrown at once; any other failure moves on to the next host. The AMQP
 * driver and tail's subscriber both connect (and reconnect) through this.
 */
export async function connectFirst(
  hosts: readonly BrokerHost[], start: number, budgetMs: number, first: boolean,
  setup: (conn: Connection, host: BrokerHost) => Promise<void>,
): Promise<number> {
  const amqp = await import('amqplib')
  const deadline = Date.now() + budgetMs
  let lastError = ''
  for (let i = 0; i < hosts.length; i++) {
    const index = (start + i) % hosts.length
    const host = hosts[index]!
    const left = deadline - Date.now()
    if (left <= 0) break
    let conn: Connection | undefined
    try {
      conn = await amqp.connect(amqplibUrl(host), {timeout: Math.max(250, Math.min(left, budgetMs / hosts.length))})
      await setup(conn, host)
      return index
    } catch (err) {
      await conn?.close().catch(() => {})
      if (err instanceof UserError) throw err
      lastError = describeConnectError(err, host)
    }
  }
  throw new TransportError(first ? lastError : `lost the broker and could not reconnect: ${lastError}`, START_HINT)
}

/** Close a channel and its connection, ignoring that either may already be closed. */
export async function closeQuietly(ch: {close(): Promise<void>} | undefined, conn: Connection | undefined): Promise<void> {
  try {
    await ch?.close()
  } catch { /* already closed */ }
  try {
    await conn?.close()
  } catch { /* already closed */ }
}

/** Turn a 406 PRECONDITION_FAILED on a declare into the setting the user must change. */
export function describeDeclareError(err: unknown, what: string, durable: boolean): TransportError {
  const message = String((err as Error)?.message ?? err)
  if (/406|PRECONDITION/.test(message)) {
    return new TransportError(
      `${what} already exists on the broker with durable=${!durable}, but we declare it durable=${durable}`,
      `set amqp_durable_queues = ${!durable} under [oslo_messaging_rabbit] in the config file, or ${durable ? 'drop' : 'pass'} --durable`,
    )
  }
  return new TransportError(`cannot declare ${what}: ${message.split('\n')[0]}`)
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
  private conn?: Connection
  private ch?: ConfirmChannel
  /** Increases with every channel and every loss, so late callbacks of a dead channel are ignored. */
  private generation = 0
  /** A channel is open and usable. */
  private connected = false
  private reconnecting = false
  private closing = false
  /** The socket buffer is full: wait for 'drain'. */
  private blocked = false
  /** A queue declare is in progress (publishing waits for it, to keep the order). */
  private declaring = false
  private failure?: Error
  /** The broker refused a declare with 406 (durability mismatch): the run fails, it does not reconnect. */
  private mismatch = false
  private seq = 0
  private readonly backlog = new Fifo<Entry>()
  private readonly inflight = new Map<number, Entry>()
  private readonly declared = new Set<string>()
  private hostIndex = 0
  private readonly waiters = new Waiters()

  constructor(private readonly opts: AmqpDriverOptions) {}

  async open(): Promise<void> {
    await this.connect(this.opts.connectTimeoutMs ?? 5000, true)
  }

  /** Try the hosts in order, from `hostIndex`, until one answers and the exchange is declared. */
  private async connect(budgetMs: number, first: boolean): Promise<void> {
    this.hostIndex = await connectFirst(this.opts.hosts, this.hostIndex, budgetMs, first, (conn, host) => this.attach(conn, host))
  }

  /** Open a confirm channel on a fresh connection and declare the exchange. */
  private async attach(conn: Connection, host: BrokerHost): Promise<void> {
    conn.on('error', () => { /* 'close' follows; handled there */ })
    if (process.env.TROVE_NOTIFY_CORK !== '0') corkMuxRounds(conn)
    let ch: ConfirmChannel
    try {
      ch = await conn.createConfirmChannel()
    } catch (err) {
      await conn.close().catch(() => {})
      throw err
    }
    ch.on('error', (err: {code?: number}) => {
      // 'close' follows. A 406 closes the channel because a queue declare met a
      // durability mismatch: that declare's rejection fails the driver (with
      // the hint); it is not a lost connection to announce and reconnect.
      if (err?.code === 406) this.mismatch = true
    })
    try {
      await ch.assertExchange(this.opts.exchange, 'topic', {durable: this.opts.durable, autoDelete: false})
    } catch (err) {
      await conn.close().catch(() => {})
      throw describeDeclareError(err, `exchange "${this.opts.exchange}" on ${describeHost(host)}`, this.opts.durable)
    }
    if (this.closing) {
      await conn.close().catch(() => {})
      return
    }
    const generation = ++this.generation
    this.conn = conn
    this.ch = ch
    this.connected = true
    this.blocked = false
    this.declaring = false
    this.declared.clear()
    const lost = (): void => this.lost(generation, host)
    conn.on('close', lost)
    ch.on('close', lost)
    ch.on('drain', () => {
      if (generation !== this.generation) return
      this.blocked = false
      this.pump()
    })
  }

  /**
   * The channel of `generation` is gone: what it had in flight goes back to
   * the front of the backlog (to be republished, in order), and we reconnect.
   */
  private lost(generation: number, host: BrokerHost): void {
    if (generation !== this.generation || this.closing) return
    if (this.mismatch) {
      this.connected = false // declareThenPump's rejection fails the driver
      return
    }
    this.generation++
    this.connected = false
    const resend = [...this.inflight.values()].sort((a, b) => a.seq - b.seq)
    this.inflight.clear()
    if (resend.length > 0) {
      this.backlog.merge(resend, (x) => x.seq)
      this.stats.republished += resend.length
    }
    const conn = this.conn
    this.conn = undefined
    this.ch = undefined
    conn?.close().catch(() => {})
    this.reconnect(host, resend.length)
  }

  /** After a loss: try the next host, then round the list, with backoff, until the deadline. */
  private reconnect(lostHost: BrokerHost, unconfirmed: number): void {
    if (this.failure || this.closing || this.reconnecting) return
    this.reconnecting = true
    this.opts.onNotice?.(`connection to ${describeHost(lostHost)} lost; reconnecting…`)
    const deadline = Date.now() + (this.opts.reconnectTimeoutMs ?? 60_000)
    const attempt = async (delay: number): Promise<void> => {
      if (this.closing || this.failure) {
        this.reconnecting = false
        return
      }
      try {
        this.hostIndex = (this.hostIndex + 1) % this.opts.hosts.length
        await this.connect(Math.min(5000, Math.max(250, deadline - Date.now())), false)
        this.reconnecting = false
        if (this.closing) return
        this.stats.reconnects++
        this.opts.onNotice?.(`reconnected to ${describeHost(this.opts.hosts[this.hostIndex]!)}; republishing ${unconfirmed} unconfirmed message(s)`)
        this.pump()
      } catch (err) {
        if (err instanceof TransportError && /already exists/.test(err.message)) {
          this.reconnecting = false
          return this.fail(err)
        }
        if (Date.now() + delay > deadline) {
          this.reconnecting = false
          return this.fail(err instanceof Error ? err : new TransportError(String(err)))
        }
        setTimeout(() => void attempt(Math.min(delay * 2, 2000)), delay)
      }
    }
    void attempt(200)
  }

  private fail(err: Error): void {
    this.failure = err
    this.waiters.rejectAll(err)
  }

  send(routingKey: string, body: Buffer, _message?: OsloMessage, options?: SendOptions): void {
    if (this.failure) throw this.failure
    this.stats.published++
    this.backlog.push({seq: this.seq++, routingKey, body, options: options?.properties, sentAt: 0})
    if (this.backlog.length === 1) queueMicrotask(() => this.pump())
  }

  /**
   * Write the backlog, in order, while the channel is up and its buffer has
   * room; a routing key's queue is declared (once per channel) before its
   * first message.
   */
  private pump(): void {
    if (!this.connected || this.blocked || this.declaring || this.failure) return
    const ch = this.ch!
    const generation = this.generation
    let entry: Entry | undefined
    while ((entry = this.backlog.peek()) !== undefined) {
      if (!this.declared.has(entry.routingKey)) {
        this.declareThenPump(ch, generation, entry.routingKey)
        return
      }
      this.backlog.shift()
      const e = entry
      e.sentAt = performance.now()
      this.inflight.set(e.seq, e)
      let room: boolean
      try {
        room = ch.publish(this.opts.exchange, e.routingKey, e.body, e.options ?? PUBLISH_OPTIONS, (err) => this.confirmed(generation, e, err))
      } catch {
        // The channel closed under us (its 'close' may not have fired yet).
        this.lost(generation, this.opts.hosts[this.hostIndex]!)
        return
      }
      if (!room) {
        this.blocked = true
        return
      }
    }
  }

  /** A broker ack (err null), nack, or the channel's death for one message. */
  private confirmed(generation: number, entry: Entry, err: unknown): void {
    if (generation !== this.generation) return // its channel is gone: it was moved back to the backlog
    if (err) {
      if ((err as Error).message !== 'message nacked') {
        this.lost(generation, this.opts.hosts[this.hostIndex]!)
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
    this.waiters.wake()
  }

  private declareThenPump(ch: ConfirmChannel, generation: number, key: string): void {
    this.declaring = true
    this.declareQueue(ch, key).then(() => {
      if (generation !== this.generation) return
      this.declared.add(key)
      this.declaring = false
      this.pump()
    }, (err) => {
      // A 406 (durability mismatch) closes the channel as well, and its 'close'
      // usually comes first and starts a reconnect: the mismatch is still the
      // failure (reconnecting would only hit it again, forever).
      if (err instanceof TransportError) return this.fail(err)
      if (generation !== this.generation) return
      this.declaring = false
      // the channel died mid-declare: its 'close' triggers the reconnect
    })
  }

  /** oslo: a queue named after the routing key, same durability, bound to the exchange. */
  private async declareQueue(ch: ConfirmChannel, key: string): Promise<void> {
    try {
      await ch.assertQueue(key, {durable: this.opts.durable, autoDelete: false})
      await ch.bindQueue(key, this.opts.exchange, key)
    } catch (err) {
      if (/406|PRECONDITION/.test(String((err as Error)?.message))) {
        throw describeDeclareError(err, `queue "${key}"`, this.opts.durable)
      }
      throw err
    }
  }

  /** Messages sent and not yet confirmed. */
  get outstanding(): number {
    return this.backlog.length + this.inflight.size
  }

  flush(): Promise<void> {
    return this.waiters.wait(() => this.outstanding === 0, this.failure)
  }

  capacity(): Promise<void> {
    const max = this.opts.maxInflight ?? DEFAULT_MAX_INFLIGHT
    return this.waiters.wait(() => this.outstanding < max, this.failure)
  }

  async close(): Promise<void> {
    this.closing = true
    this.connected = false
    if (this.outstanding > 0 || this.waiters.length > 0) {
      this.waiters.rejectAll(new TransportError('closed with messages outstanding'))
    }
    await closeQuietly(this.ch, this.conn)
  }
}
