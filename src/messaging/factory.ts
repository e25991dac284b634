/**
 * Build the Notifier the settings ask for: the driver (messagingv2, log,
 * noop), the topics, and the runtime that makes ids and timestamps.
 */
import {createWriteStream} from 'node:fs'
import type {Writable} from 'node:stream'
import type {RabbitOptions} from './rabbit-options.js'
import {type Clock, type IdSource, randomIds, realClock} from '../util/runtime.js'
import {AmqpDriver} from './amqp-driver.js'
import {LogDriver, NoopDriver} from './log-driver.js'
import {type Driver, type DriverName, Notifier} from './notifier.js'
import {ThreadedDriver} from './threaded-driver.js'
import {parseTransportUrl} from './transport-url.js'

export interface NotifierRuntime {
  readonly clock?: Clock
  readonly ids?: IdSource
  /** Where the log driver writes when no log file is set. */
  readonly logStream?: Writable
  /** Visible notices (reconnects). */
  readonly onNotice?: (message: string) => void
  readonly onConfirm?: (latencyMs: number) => void
  readonly maxInflight?: number
  readonly reconnectTimeoutMs?: number
  /**
   * Publish from a worker thread (ThreadedDriver) for `messagingv2`: for
   * long runs (simulate); a single command would only pay the thread's
   * start-up. TROVE_NOTIFY_PUBLISHER_THREAD=0 turns it off.
   */
  readonly publisherThread?: boolean
  /** Wrap the driver (live metrics count what goes through it). */
  readonly wrapDriver?: (driver: Driver) => Driver
}

/** What a driver needs of the settings (`rabbit` defaults to oslo's options). */
/** What a driver is made from (the command's Settings have these fields). */
export interface TransportSettings {
  readonly driver: DriverName
  readonly url: string
  readonly exchange: string
  readonly topics: readonly string[]
  readonly logFile?: string
  readonly rabbit?: Partial<RabbitOptions>
}

export function createDriver(settings: TransportSettings, rt: NotifierRuntime = {}): Driver {
  switch (settings.driver) {
    case 'noop': return new NoopDriver()
    case 'log': return settings.logFile
      ? new LogDriver(createWriteStream(settings.logFile, {flags: 'a'}), true, settings.exchange)
      : new LogDriver(rt.logStream ?? process.stdout, false, settings.exchange)
    case 'messagingv2': {
      const options = {
        hosts: parseTransportUrl(settings.url),
        exchange: settings.exchange,
        rabbit: settings.rabbit,
        onNotice: rt.onNotice,
        onConfirm: rt.onConfirm,
        maxInflight: rt.maxInflight,
        reconnectTimeoutMs: rt.reconnectTimeoutMs,
      }
      return rt.publisherThread && publisherThreadAllowed() ? new ThreadedDriver(options) : new AmqpDriver(options)
    }
  }
}

/** The escape hatch: TROVE_NOTIFY_PUBLISHER_THREAD=0 (or false/no/off) publishes on the main thread. */
export function publisherThreadAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return !/^(0|false|no|off)$/i.test(env.TROVE_NOTIFY_PUBLISHER_THREAD?.trim() ?? '')
}

export function createNotifier(settings: TransportSettings, rt: NotifierRuntime = {}): Notifier {
  const driver = createDriver(settings, rt)
  return new Notifier({
    driver: rt.wrapDriver ? rt.wrapDriver(driver) : driver,
    topics: settings.topics,
    clock: rt.clock ?? realClock,
    ids: rt.ids ?? randomIds,
  })
}
