/**
 * The publisher thread's entry (a worker_threads Worker started by
 * ThreadedDriver): it runs the ordinary AmqpDriver — connect, fail-over,
 * reconnect, republish, nacks all stay there — and talks to the main thread
 * in batches (thread-protocol.ts).
 *
 * Reports are batched per turn of this thread's event loop: confirms arrive
 * many per socket read, and one report covers them all. The driver's failure
 * (which it reports by rejecting its waiters) is watched through flush():
 * while anything is outstanding one flush() is pending, and its rejection
 * is the failure.
 */
import {parentPort, workerData} from 'node:worker_threads'
import {AmqpDriver} from './amqp-driver.js'
import {errorData, type FromWorker, type ToWorker, TRACKED, type WorkerSetup} from './thread-protocol.js'

const port = parentPort!
const setup = workerData as WorkerSetup

function post(message: FromWorker, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer)
}

// ---- reports ---------------------------------------------------------------

let latencies = new Float64Array(1024)
let latencyCount = 0
let notices: string[] = []
let tracked: number[] = []
let reportScheduled = false

function scheduleReport(): void {
  if (reportScheduled) return
  reportScheduled = true
  setImmediate(report)
}

function report(): void {
  reportScheduled = false
  // Transfer a copy of exactly the latencies recorded (the array is reused).
  const out = latencies.slice(0, latencyCount)
  latencyCount = 0
  const confirmed = tracked.length > 0 ? Float64Array.from(tracked) : undefined
  post({t: 'report', stats: {...driver.stats}, latencies: out, notices, tracked: confirmed}, confirmed ? [out.buffer, confirmed.buffer] : [out.buffer])
  notices = []
  tracked = []
}

function onConfirm(ms: number): void {
  if (latencyCount === latencies.length) {
    const grown = new Float64Array(latencies.length * 2)
    grown.set(latencies)
    latencies = grown
  }
  latencies[latencyCount++] = ms
  scheduleReport()
}

function onNotice(message: string): void {
  notices.push(message)
  scheduleReport()
}

// ---- the driver ------------------------------------------------------------

const driver = new AmqpDriver({...setup, onConfirm, onNotice})
let failed = false
let closing = false
let watching = false

function fail(err: unknown): void {
  if (failed || closing) return
  failed = true
  report() // what was confirmed (and the notices) before the failure
  post({t: 'failed', error: errorData(err)})
}

/** Keep one flush() pending while messages are outstanding: its rejection is the driver's failure. */
function watch(): void {
  if (watching || failed || closing) return
  watching = true
  driver.flush().then(() => {
    watching = false
  }, (err) => {
    watching = false
    fail(err)
  })
}

const keys: string[] = []
/** Bodies received so far: the position of the next one (the main thread counts the same). */
let position = 0

function onBatch(m: Extract<ToWorker, {t: 'batch'}>): void {
  if (failed || closing) return
  if (m.keys) keys.push(...m.keys)
  const {meta, data} = m
  let offset = 0
  try {
    for (let i = 0; i < meta.length; i += 2) {
      const length = meta[i + 1]!
      const id = meta[i]!
      const at = position++
      // A view of the batch, not a copy: the batch lives while any of its bodies is unconfirmed.
      const body = Buffer.from(data, offset, length)
      if (id & TRACKED) {
        driver.send(keys[id & ~TRACKED]!, body, undefined, () => {
          tracked.push(at)
          scheduleReport()
        })
      } else {
        driver.send(keys[id]!, body)
      }
      offset += length
    }
  } catch (err) {
    return fail(err)
  }
  watch()
}

async function close(): Promise<void> {
  closing = true
  await driver.close().catch(() => {})
  post({t: 'closed'})
  port.close()
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'batch') onBatch(m)
  else if (m.t === 'close') void close()
})

driver.open().then(() => {
  if (closing) return
  post({t: 'opened'})
}, fail)
