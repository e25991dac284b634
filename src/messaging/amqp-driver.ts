/**
 * The `messagingv2` driver: RabbitMQ through an amqplib ConfirmChannel.
 *
 * - Topology as oslo's notifier declares it: a topic exchange, and for each
 *   routing key used a queue of the same name bound to it (so messages wait
 *   before any consumer exists). Durability must match what exists: a 406 is
 *   a one-line error naming `amqp_durable_queues`.
 * - Every message is tracked until the broker confirms it. If the connection
 *   is lost, the driver reconnects (trying the URL's hosts in order) and
 *   republishes what was not confirmed, in order; `flush()` resolves only
 *   when nothing is outstanding.
 * - Backpressure: `capacity()` waits while too much is unconfirmed, and
 *   publishing waits for the socket to drain.
 */
import type {ConfirmChannel} from 'amqplib'
import {TransportError, UserError} from '../util/errors.js'
import {AMQP_PROPERTIES} from './envelope.js'
import type {Driver, NotifierStats} from './notifier.js'
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

export class AmqpDriver implements Driver {
  readonly stats: NotifierStats = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
  private conn?: Connection
  private ch?: ConfirmChannel
  /** Increases with every channel, so late callbacks of a dead channel are ignored. */
  private generation = 0
  private connected = false
  private closing = false
  private pumping = false
  private failure?: Error
  private seq = 0
  private readonly backlog: Entry[] = []
  private readonly inflight = new Map<number, Entry>()
  private readonly declared = new Set<string>()
  private hostIndex = 0
  private waiters: Array<{check: () => boolean, resolve: () => void, reject: (e: Error) => void}> = []

  constructor(private readonly opts: AmqpDriverOptions) {}

  async open(): Promise<void> {
    await this.connect(this.opts.connectTimeoutMs ?? 5000, true)
  }

  /** Try the hosts in order until one answers and the exchange is declared. */
  private async connect(budgetMs: number, first: boolean): Promise<void> {
    this.hostIndex = await connectFirst(this.opts.hosts, this.hostIndex, budgetMs, first, (conn, host) => this.attach(conn, host))
  }

  /** Open a confirm channel on a fresh connection and declare the exchange. */
  private async attach(conn: Connection, host: BrokerHost): Promise<void> {
    conn.on('error', () => { /* 'close' follows; handled there */ })
    let ch: ConfirmChannel
    try {
      ch = await conn.createConfirmChannel()
    } catch (err) {
      await conn.close().catch(() => {})
      throw err
    }
    ch.on('error', () => { /* 'close' follows */ })
    try {
      await ch.assertExchange(this.opts.exchange, 'topic', {durable: this.opts.durable, autoDelete: false})
    } catch (err) {
      await conn.close().catch(() => {})
      throw describeDeclareError(err, `exchange "${this.opts.exchange}" on ${describeHost(host)}`, this.opts.durable)
    }
    const generation = ++this.generation
    this.conn = conn
    this.ch = ch
    this.connected = true
    this.declared.clear()
    const lost = (): void => {
      if (generation !== this.generation || this.closing) return
      // Channel and connection both report the loss: handle it once (a second
      // reconnect would open a second connection that keeps the process alive).
      this.generation++
      this.connected = false
      setImmediate(() => this.reconnect(host))
    }
    conn.on('close', lost)
    ch.on('close', lost)
    ch.on('drain', () => this.pump())
  }

  /** After a loss: reconnect, then republish everything not confirmed, in order. */
  private reconnect(lostHost: BrokerHost): void {
    if (this.failure || this.closing) return
    this.generation++
    this.opts.onNotice?.(`connection to ${describeHost(lostHost)} lost; reconnecting…`)
    const deadline = Date.now() + (this.opts.reconnectTimeoutMs ?? 60_000)
    const attempt = async (delay: number): Promise<void> => {
      if (this.closing) return
      try {
        this.hostIndex = (this.hostIndex + 1) % this.opts.hosts.length
        await this.connect(Math.min(5000, Math.max(250, deadline - Date.now())), false)
        this.stats.reconnects++
        const resend = [...this.inflight.values()].sort((a, b) => a.seq - b.seq)
        this.inflight.clear()
        this.backlog.unshift(...resend)
        this.stats.republished += resend.length
        this.opts.onNotice?.(`reconnected to ${describeHost(this.opts.hosts[this.hostIndex]!)}; republishing ${resend.length} unconfirmed message(s)`)
        this.pump()
      } catch (err) {
        if (err instanceof TransportError && /already exists/.test(err.message)) return this.fail(err)
        if (Date.now() + delay > deadline) {
          return this.fail(err instanceof Error ? err : new TransportError(String(err)))
        }
        setTimeout(() => void attempt(Math.min(delay * 2, 2000)), delay)
      }
    }
    void attempt(200)
  }

  private fail(err: Error): void {
    this.failure = err
    for (const w of this.waiters.splice(0)) w.reject(err)
  }

  send(routingKey: string, body: Buffer): void {
    if (this.failure) throw this.failure
    this.stats.published++
    this.backlog.push({seq: this.seq++, routingKey, body, sentAt: 0})
    if (!this.pumping) queueMicrotask(() => this.pump())
  }

  /** Publish the backlog in order while connected, declaring queues on first use. */
  private pump(): void {
    if (this.pumping || !this.connected || this.failure) return
    this.pumping = true
    void this.pumpLoop().finally(() => {
      this.pumping = false
      if (this.connected && this.backlog.length > 0 && this.canWrite) this.pump()
      this.wake()
    })
  }

  private canWrite = true

  private async pumpLoop(): Promise<void> {
    while (this.connected && this.backlog.length > 0) {
      const entry = this.backlog[0]!
      const ch = this.ch!
      const generation = this.generation
      if (!this.declared.has(entry.routingKey)) {
        try {
          await this.declareQueue(ch, entry.routingKey)
        } catch (err) {
          if (err instanceof TransportError) return this.fail(err)
          return // connection lost mid-declare: the reconnect pumps again
        }
        if (generation !== this.generation) return
        continue
      }
      this.backlog.shift()
      entry.sentAt = performance.now()
      this.inflight.set(entry.seq, entry)
      this.canWrite = ch.publish(this.opts.exchange, entry.routingKey, entry.body, {...AMQP_PROPERTIES, headers: {}}, (err) => {
        if (generation !== this.generation) return // the reconnect republishes it
        if (err) {
          // nack: the broker could not take it; send it again at the front.
          this.inflight.delete(entry.seq)
          this.backlog.unshift(entry)
          this.stats.republished++
          this.pump()
          return
        }
        this.inflight.delete(entry.seq)
        this.stats.confirmed++
        this.opts.onConfirm?.(performance.now() - entry.sentAt)
        this.wake()
      })
      if (!this.canWrite) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            this.canWrite = true
            resolve()
          }
          ch.once('drain', done)
          ch.once('close', done)
        })
      }
    }
  }

  /** oslo: a queue named after the routing key, same durability, bound to the exchange. */
  private async declareQueue(ch: ConfirmChannel, key: string): Promise<void> {
    try {
      await ch.assertQueue(key, {durable: this.opts.durable, autoDelete: false})
      await ch.bindQueue(key, this.opts.exchange, key)
      this.declared.add(key)
    } catch (err) {
      if (/406|PRECONDITION/.test(String((err as Error)?.message))) {
        throw describeDeclareError(err, `queue "${key}"`, this.opts.durable)
      }
      throw err
    }
  }

  private get outstanding(): number {
    return this.backlog.length + this.inflight.size
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true
      w.resolve()
      return false
    })
  }

  private waitFor(check: () => boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (check()) return Promise.resolve()
    return new Promise((resolve, reject) => this.waiters.push({check, resolve, reject}))
  }

  flush(): Promise<void> {
    return this.waitFor(() => this.outstanding === 0)
  }

  capacity(): Promise<void> {
    const max = this.opts.maxInflight ?? 5000
    return this.waitFor(() => this.outstanding < max)
  }

  async close(): Promise<void> {
    this.closing = true
    this.connected = false
    for (const w of this.waiters.splice(0)) w.reject(new TransportError('closed with messages outstanding'))
    try {
      await this.ch?.close()
    } catch { /* already closed */ }
    try {
      await this.conn?.close()
    } catch { /* already closed */ }
  }
}
