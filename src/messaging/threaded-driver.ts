/**
 * The `messagingv2` driver for `simulate`, with the AMQP publisher on its own
 * thread: the main thread (busy simulating Trove) only gathers bodies and
 * posts them, in batches, to a worker_threads Worker that runs the ordinary
 * AmqpDriver (publisher-worker.ts). Frame encoding, socket writes and confirm
 * handling leave the main thread; reconnects, fail-over, republishing and
 * nacks are AmqpDriver's, unchanged.
 *
 * The semantics are AmqpDriver's, counted on this side:
 * - a message is outstanding from send() until the worker reports the
 *   broker's confirm of it (reports carry the driver's own confirmed count);
 * - capacity() waits while `outstanding >= maxInflight`, flush() until
 *   nothing is outstanding, both reject with the driver's failure;
 * - the failure (a TransportError with its hint) is rebuilt from the
 *   worker's report, so the CLI prints its usual one line;
 * - close() rejects waiters if messages are outstanding, closes the
 *   driver in the worker and ends the thread;
 * - a body sent with a `confirmed` callback is flagged in its batch, and
 *   the callback runs here when the worker reports its confirm (the bodies
 *   without one cost nothing more).
 *
 * Batching: send() copies nothing; the bodies gathered in one turn of the
 * event loop (setImmediate), or MAX_BATCH of them, are copied once into one
 * transferred ArrayBuffer. The Worker keeps the process alive only while it
 * is opening, closing, or has messages outstanding.
 *
 * `TROVE_NOTIFY_PUBLISHER_THREAD=0` turns this off (factory.ts).
 */
import {Worker} from 'node:worker_threads'
import {TransportError} from '../util/errors.js'
import type {Confirmed, Driver, NotifierStats} from './notifier.js'
import {DEFAULT_MAX_INFLIGHT, Waiters} from './waiters.js'
import {type FromWorker, rebuildError, type ToWorker, TRACKED, type WorkerSetup} from './thread-protocol.js'

export interface ThreadedDriverOptions extends WorkerSetup {
  /** Unconfirmed messages allowed before capacity() waits. */
  readonly maxInflight?: number
  readonly onNotice?: (message: string) => void
  readonly onConfirm?: (latencyMs: number) => void
}

/** Post a batch at the latest when it holds this many bodies. */
const MAX_BATCH = 512

/** How long close() waits for the worker to close its connection before ending it. */
const CLOSE_TIMEOUT_MS = 5000


export class ThreadedDriver implements Driver {
  readonly stats: NotifierStats = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
  private worker?: Worker
  private opening = false
  private closing = false
  private exited = false
  private failure?: Error
  private readonly waiters = new Waiters()
  private closed?: Promise<void>
  private onExit?: () => void
  /** Whether the Worker holds the process open (see updateRef). */
  private refed = true

  // The batch being gathered.
  private bodies: Buffer[] = []
  private keyIds: number[] = []
  private bytes = 0
  private scheduled = false
  private readonly keyTable = new Map<string, number>()
  private newKeys: string[] = []
  /** Bodies handed to the worker so far: the position of the next one. */
  private position = 0
  /** Callbacks of tracked bodies, by position. */
  private readonly tracked = new Map<number, Confirmed>()

  constructor(private readonly opts: ThreadedDriverOptions) {}

  open(): Promise<void> {
    const setup: WorkerSetup = {
      hosts: this.opts.hosts,
      exchange: this.opts.exchange,
      rabbit: this.opts.rabbit,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      reconnectTimeoutMs: this.opts.reconnectTimeoutMs,
    }
    this.opening = true
    return new Promise((resolve, reject) => {
      // The compiled worker sits next to this file in dist/messaging.
      const worker = new Worker(new URL('./publisher-worker.js', import.meta.url), {workerData: setup})
      this.worker = worker
      worker.on('message', (m: FromWorker) => {
        switch (m.t) {
          case 'opened':
            this.opening = false
            this.updateRef()
            resolve()
            break
          case 'report':
            this.onReport(m)
            break
          case 'failed': {
            const err = rebuildError(m.error)
            if (this.opening) reject(err)
            this.fail(err)
            break
          }
          case 'closed':
            void worker.terminate()
            break
        }
      })
      worker.on('error', (err) => {
        // An uncaught exception in the worker: a bug, not a broker problem.
        const e = new Error(`publisher thread: ${err.message}`)
        e.stack = err.stack
        if (this.opening) reject(e)
        this.fail(e)
      })
      worker.on('exit', (code) => {
        this.exited = true
        if (!this.closing) {
          const e = new TransportError(`the publisher thread stopped (exit code ${code})`)
          if (this.opening) reject(e)
          this.fail(e)
        }
        this.onExit?.()
      })
    })
  }

  send(routingKey: string, body: Buffer, _message?: unknown, confirmed?: Confirmed): void {
    if (this.failure) throw this.failure
    this.stats.published++
    if (this.closing) return // like AmqpDriver after close(): counted, never sent
    let id = this.keyTable.get(routingKey)
    if (id === undefined) {
      id = this.keyTable.size
      this.keyTable.set(routingKey, id)
      this.newKeys.push(routingKey)
    }
    if (confirmed) {
      this.tracked.set(this.position, confirmed)
      id |= TRACKED
    }
    this.position++
    this.keyIds.push(id)
    this.bodies.push(body)
    this.bytes += body.length
    if (!this.refed) this.updateRef()
    if (this.bodies.length >= MAX_BATCH) this.post()
    else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(this.postScheduled)
    }
  }

  private readonly postScheduled = (): void => {
    this.scheduled = false
    this.post()
  }

  /** Copy the gathered bodies into one buffer and hand it (transferred) to the worker. */
  private post(): void {
    const n = this.bodies.length
    if (n === 0 || this.closing || this.failure) return
    const meta = new Uint32Array(n * 2)
    const data = new ArrayBuffer(this.bytes)
    const bytes = new Uint8Array(data)
    let offset = 0
    for (let i = 0; i < n; i++) {
      const body = this.bodies[i]!
      meta[2 * i] = this.keyIds[i]!
      meta[2 * i + 1] = body.length
      bytes.set(body, offset)
      offset += body.length
    }
    const message: ToWorker = {t: 'batch', keys: this.newKeys.length > 0 ? this.newKeys : undefined, meta, data}
    this.worker!.postMessage(message, [meta.buffer, data])
    this.clearBatch()
    if (this.newKeys.length > 0) this.newKeys = []
  }

  /** Start an empty batch (after posting one, or dropping it on failure or close). */
  private clearBatch(): void {
    this.bodies = []
    this.keyIds = []
    this.bytes = 0
  }

  private onReport(m: Extract<FromWorker, {t: 'report'}>): void {
    this.stats.confirmed = m.stats.confirmed
    this.stats.republished = m.stats.republished
    this.stats.reconnects = m.stats.reconnects
    const {onConfirm, onNotice} = this.opts
    if (m.tracked) {
      for (const at of m.tracked) {
        const done = this.tracked.get(at)
        this.tracked.delete(at)
        try {
          done?.()
        } catch { /* the caller's bug must not stop the reports */ }
      }
    }
    if (onConfirm) for (const ms of m.latencies) onConfirm(ms)
    if (onNotice) for (const n of m.notices) onNotice(n)
    this.waiters.wake()
    this.updateRef()
  }

  /** The driver failed for good: every waiter and every later send() gets the error; the thread ends. */
  private fail(err: Error): void {
    if (this.failure) return
    this.failure = err
    this.clearBatch()
    this.waiters.rejectAll(err)
    if (!this.exited) void this.worker?.terminate()
  }

  /** Messages sent and not yet confirmed. */
  get outstanding(): number {
    return this.stats.published - this.stats.confirmed
  }

  /**
   * The Worker keeps the process alive only while it has something to do for
   * us: opening, closing, or messages outstanding. (A run that ends without
   * close() — an exception elsewhere — must not hang on an idle thread.)
   */
  private updateRef(): void {
    const want = this.opening || this.closing || this.outstanding > 0
    if (want === this.refed || !this.worker || this.exited) return
    this.refed = want
    if (want) this.worker.ref()
    else this.worker.unref()
  }

  flush(): Promise<void> {
    return this.waiters.wait(() => this.outstanding === 0, this.failure)
  }

  capacity(): Promise<void> {
    const max = this.opts.maxInflight ?? DEFAULT_MAX_INFLIGHT
    return this.waiters.wait(() => this.outstanding < max, this.failure)
  }

  close(): Promise<void> {
    this.closed ??= this.closeWorker()
    return this.closed
  }

  private async closeWorker(): Promise<void> {
    this.closing = true
    this.opening = false
    this.waiters.rejectAll(new TransportError('closed with messages outstanding'))
    this.clearBatch()
    const worker = this.worker
    if (!worker || this.exited) return
    this.updateRef()
    const exited = new Promise<void>((resolve) => {
      this.onExit = resolve
    })
    if (this.failure) {
      void worker.terminate()
    } else {
      worker.postMessage({t: 'close'} satisfies ToWorker)
    }
    // The worker answers 'closed' (we end it then); don't wait forever for a stuck one.
    const timer = setTimeout(() => void worker.terminate(), CLOSE_TIMEOUT_MS)
    await exited
    clearTimeout(timer)
  }
}
