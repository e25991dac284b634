/**
 * The messages between the simulator's main thread and its publisher thread
 * (see threaded-driver.ts and publisher-worker.ts).
 *
 * Bodies cross in batches: one ArrayBuffer with the bodies back to back and
 * one Uint32Array of (routing key id, body length) pairs, both transferred
 * (not copied by postMessage). Routing keys are interned: a batch carries
 * the keys first used in it, appended to a table both sides keep.
 */
import type {NotifierStats} from './notifier.js'
import {StateError, TransportError, UsageError, UserError} from '../util/errors.js'
import type {RabbitOptions} from './rabbit-options.js'
import type {BrokerHost} from './transport-url.js'

/** What the worker needs to build its AmqpDriver (workerData). */
export interface WorkerSetup {
  readonly hosts: readonly BrokerHost[]
  readonly exchange: string
  readonly rabbit?: Partial<RabbitOptions>
  readonly connectTimeoutMs?: number
  readonly reconnectTimeoutMs?: number
}

/** The bit of a body's key id that asks for a confirmation report. */
export const TRACKED = 0x80000000

/** An error, as plain data (errors lose their class crossing threads). */
export interface ErrorData {
  readonly name: string
  readonly message: string
  readonly suggestion?: string
  readonly exitCode?: number
  readonly stack?: string
}

export type ToWorker =
  | {readonly t: 'batch', readonly keys: readonly string[] | undefined, readonly meta: Uint32Array, readonly data: ArrayBuffer}
  | {readonly t: 'close'}

export type FromWorker =
  | {readonly t: 'opened'}
  /**
   * What happened since the last report: the driver's counters (confirmed
   * included, so the main thread's count is exact), the confirm latencies in
   * ms of the messages confirmed since, and any notices.
   */
  | {
    readonly t: 'report', readonly stats: NotifierStats, readonly latencies: Float64Array, readonly notices: readonly string[]
    /** Positions (in the stream of bodies) of the tracked bodies confirmed since the last report. */
    readonly tracked?: Float64Array
  }
  | {readonly t: 'failed', readonly error: ErrorData}
  | {readonly t: 'closed'}

export function errorData(err: unknown): ErrorData {
  if (!(err instanceof Error)) return {name: 'Error', message: String(err)}
  const e = err as Error & {suggestion?: string, exitCode?: number}
  return {name: e.name, message: e.message, suggestion: e.suggestion, exitCode: e.exitCode, stack: e.stack}
}

/** An error from another thread as the class the CLI knows (so it prints one line and exits as usual). */
export function rebuildError(e: ErrorData): Error {
  let err: Error
  switch (e.name) {
    case 'TransportError': err = new TransportError(e.message, e.suggestion); break
    case 'UsageError': err = new UsageError(e.message, e.suggestion); break
    case 'StateError': err = new StateError(e.message, e.suggestion); break
    case 'UserError': err = new UserError(e.message, e.suggestion, e.exitCode); break
    default:
      err = new Error(e.message)
      err.name = e.name
  }
  if (e.stack) err.stack = e.stack // shown only under DEBUG
  return err
}
