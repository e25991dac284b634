/**
 * The Notifier: what operations publish through. It turns an outgoing
 * notification into the oslo message (ids, timestamp, context) and hands the
 * encoded body to a driver:
 * `messagingv2` (RabbitMQ with publisher confirms), `log` (JSON lines) or
 * `noop`. `notify()` returns at once; `flush()` resolves when every message
 * is confirmed (or rejects with the reason one was not).
 */
import type {Clock, IdSource} from '../util/runtime.js'
import {
  type AmqpProperties, buildMessage, encodeBody, osloTimestamp, type OsloMessage, type OsloPriority, type RequestContext,
} from './envelope.js'

export type DriverName = 'messagingv2' | 'log' | 'noop'
export const DRIVER_NAMES: readonly DriverName[] = ['messagingv2', 'log', 'noop']

/** What an operation asks to publish. */
export interface Outgoing {
  readonly eventType: string
  readonly priority: OsloPriority
  /** `<service>.<host>`, e.g. `api.trove-host`. */
  readonly publisherId: string
  readonly payload: Record<string, unknown>
  readonly context: RequestContext | Readonly<Record<string, unknown>>
}

/** What was published: the record commands show and `--json` returns. */
export interface Published {
  readonly event_type: string
  readonly priority: string
  /** Routing key of the first topic (`notification.info`); all of them in routing_keys. */
  readonly routing_key: string
  readonly routing_keys: readonly string[]
  readonly message_id: string
  readonly publisher_id: string
  readonly timestamp: string
}

export interface NotifierStats {
  /** Messages handed to the driver (one per topic). */
  published: number
  /** Messages the broker confirmed (or the driver wrote). */
  confirmed: number
  /** Messages sent again after a reconnect because their confirm never came. */
  republished: number
  reconnects: number
}

/** Called once when the broker confirmed one message (an outbox marks it sent). */
export type Confirmed = () => void

/**
 * What `replay` and `send` pass beside a body: the AMQP properties to send it
 * with (instead of oslo's) and the time the log driver writes. Only the
 * main-thread drivers (AmqpDriver, log, noop) take them; the publisher
 * thread (simulate's) sends oslo's properties always.
 */
export interface SendOptions {
  readonly properties?: AmqpProperties
  /** ISO 8601 UTC: the `time` of the recording line (log driver). */
  readonly time?: string
}

/** A driver sends encoded bodies; the Notifier does everything above the bytes. */
export interface Driver {
  /** Connect and get ready (the AMQP driver connects to the broker here). */
  open(): Promise<void>
  /**
   * Queue one body for a routing key; confirmation is tracked by the
   * driver. `message` is the decoded inner message when the caller has it
   * (the log driver takes its time from it; replay passes bodies through
   * undecoded). `confirmed`, when given, is called once when the broker has
   * confirmed this message (never if it cannot be: flush() rejects then).
   */
  send(routingKey: string, body: Buffer, message?: OsloMessage, confirmed?: Confirmed, options?: SendOptions): void
  /** Resolves when everything sent so far is confirmed; rejects if something cannot be. */
  flush(): Promise<void>
  /** Resolves when the driver can take more (backpressure for load generators). */
  capacity(): Promise<void>
  close(): Promise<void>
  readonly stats: NotifierStats
  /** Confirm latencies in ms, when the driver measures them (AMQP). */
  readonly latencies?: {record(ms: number): void}
}

/**
 * Where a notifier keeps what it sends until the broker confirms it (the
 * state's outbox, state/outbox-delivery.ts). `keep` stores the message's
 * bytes per routing key (in the transaction open now, if any) and calls
 * `send` for each key once it may go (when that transaction commits), with
 * the callback that marks the row confirmed.
 */
export interface OutboxPort {
  keep(messageId: string, routingKeys: readonly string[], body: Buffer, send: (routingKey: string, confirmed: Confirmed) => void): void
}

export interface NotifierOptions {
  readonly driver: Driver
  readonly topics: readonly string[]
  readonly clock: Clock
  readonly ids: IdSource
}

/** Routing key of a topic and priority: `notification` + `ERROR` → `notification.error`. */
export function routingKey(topic: string, priority: string): string {
  return `${topic}.${priority.toLowerCase()}`
}

export class Notifier {
  private outbox?: OutboxPort

  constructor(private readonly opts: NotifierOptions) {}

  /** True when messages are kept in an outbox until confirmed (a command's world). */
  get keepsOutbox(): boolean {
    return this.outbox !== undefined
  }

  /** Keep every message in `outbox` until it is confirmed (undefined: send straight to the driver). */
  useOutbox(outbox: OutboxPort | undefined): void {
    this.outbox = outbox
  }

  get stats(): NotifierStats {
    return this.opts.driver.stats
  }

  get driver(): Driver {
    return this.opts.driver
  }

  open(): Promise<void> {
    return this.opts.driver.open()
  }

  /** Build, encode and send one notification to every topic (its payload checked by the caller: operations/publish.ts). */
  notify(n: Outgoing): Published {
    const {clock, ids, topics} = this.opts
    const message = buildMessage({
      messageId: ids.uuid(),
      publisherId: n.publisherId,
      eventType: n.eventType,
      priority: n.priority,
      payload: n.payload,
      timestamp: osloTimestamp(clock.now(), ids.micros()),
      uniqueId: ids.hex(),
      context: n.context,
    })
    const body = encodeBody(message)
    const keys = topics.map((t) => routingKey(t, n.priority))
    const driver = this.opts.driver
    if (this.outbox) this.outbox.keep(message.message_id, keys, body, (key, confirmed) => driver.send(key, body, message, confirmed))
    else for (const key of keys) driver.send(key, body, message)
    return {
      event_type: n.eventType,
      priority: n.priority,
      routing_key: keys[0] ?? '',
      routing_keys: keys,
      message_id: message.message_id,
      publisher_id: message.publisher_id,
      timestamp: message.timestamp,
    }
  }

  flush(): Promise<void> {
    return this.opts.driver.flush()
  }

  capacity(): Promise<void> {
    return this.opts.driver.capacity()
  }

  close(): Promise<void> {
    return this.opts.driver.close()
  }
}
