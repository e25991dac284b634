/**
 * Entry of one simulation thread (`simulate --threads N`, see threads.ts):
 * its own in-memory world, its own share of the tenants (a worker of the
 * run's partition), its own publisher; the engine is the ordinary
 * Simulation. It reports to the main thread:
 *   - progress counters every `progressIntervalMs`;
 *   - notices (reconnecting…);
 *   - with live metrics, a sample every second (and a last one at the end);
 *   - at the end, its report and its stats as data (to be merged), or the
 *     error that stopped it before it could run (broker unreachable…).
 * The main thread may ask it to stop (Ctrl-C).
 */
import {parentPort, workerData} from 'node:worker_threads'
import {errorData} from '../messaging/thread-protocol.js'
import {everySecond, MetricsRecorder} from '../metrics/recorder.js'
import {MemoryWorld} from '../state/memory-world.js'
import {Simulation} from './engine.js'
import {findSimOperation} from './operations.js'
import {RateProfile} from './rate-profile.js'
import {loadScenario} from './scenario.js'
import type {FromSimThread, SimThreadInput, ToSimThread} from './threads.js'

const port = parentPort!
const input = workerData as SimThreadInput
const post = (m: FromSimThread): void => port.postMessage(m)

async function main(): Promise<void> {
  const {mix, scenarioFile, rate, metrics, ...rest} = input
  const world = new MemoryWorld()
  const recorder = metrics ? new MetricsRecorder() : undefined
  const sim = new Simulation({
    ...rest,
    rate: RateProfile.fromData(rate),
    recorder,
    world,
    ownWorld: true,
    publisherThread: false,
    mix: mix.map(({kind, weight}) => ({op: findSimOperation(kind)!, weight})),
    scenario: scenarioFile === undefined ? undefined : loadScenario(scenarioFile),
    onProgress: (p) => post({t: 'progress', counts: {requests: p.requests, published: p.published, confirmed: p.confirmed, errors: p.errors, reconnects: p.reconnects}}),
    onNotice: (message) => post({t: 'notice', message}),
  })
  port.on('message', (m: ToSimThread) => {
    if (m.t === 'stop') sim.stop()
  })
  const stopSampling = recorder ? everySecond(() => post({t: 'sample', sample: recorder.sample(), last: false})) : undefined
  try {
    const report = await sim.run()
    stopSampling?.()
    if (recorder) post({t: 'sample', sample: recorder.sample(), last: true})
    post({t: 'done', report, stats: sim.stats.toData()})
  } finally {
    stopSampling?.()
    world.close()
  }
}

// Then the port no longer keeps the thread alive (a stop may still come; there is nothing left to stop): it ends.
main().catch((err) => post({t: 'failed', error: errorData(err)})).finally(() => port.unref())
