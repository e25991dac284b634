/**
 * Build the Notifier the settings ask for: the driver (messagingv2, log,
 * noop), the topics, and the runtime that makes ids and timestamps.
 */
import {createWriteStream} from 'node:fs'
import type {Writable} from 'node:stream'
import type {Settings} from '../settings/settings.js'
import {type Clock, type IdSource, randomIds, realClock} from '../util/runtime.js'
import {AmqpDriver} from './amqp-driver.js'
import {LogDriver, NoopDriver} from './log-driver.js'
import {type Driver, Notifier} from './notifier.js'
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
}

type TransportSettings = Pick<Settings, 'driver' | 'url' | 'exchange' | 'durable' | 'topics' | 'logFile'>

export function createDriver(settings: TransportSettings, rt: NotifierRuntime = {}): Driver {
  switch (settings.driver) {
    case 'noop': return new NoopDriver()
    case 'log': return settings.logFile
      ? new LogDriver(createWriteStream(settings.logFile, {flags: 'a'}), true)
      : new LogDriver(rt.logStream ?? process.stdout)
    case 'messagingv2': return new AmqpDriver({
      hosts: parseTransportUrl(settings.url),
      exchange: settings.exchange,
      durable: settings.durable,
      onNotice: rt.onNotice,
      onConfirm: rt.onConfirm,
      maxInflight: rt.maxInflight,
      reconnectTimeoutMs: rt.reconnectTimeoutMs,
    })
  }
}

export function createNotifier(settings: TransportSettings, rt: NotifierRuntime = {}): Notifier {
  return new Notifier({
    driver: createDriver(settings, rt),
    topics: settings.topics,
    clock: rt.clock ?? realClock,
    ids: rt.ids ?? randomIds,
  })
}
