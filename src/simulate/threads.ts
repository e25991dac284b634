/**
 * `simulate --threads N`: N simulation threads in one process, one per core
 * the broker leaves free. Each thread (simulation-thread.ts) is an ordinary
 * Simulation with its own in-memory world, its own publisher and its own
 * share of the run:
 *
 *   - tenants: thread t (0-based) of worker I/W runs as worker I + W·t of
 *     W·N. Tenant k belongs to it when k mod W·N = (I − 1) + W·t, so the
 *     threads together simulate exactly worker I's tenants, disjointly;
 *   - --operations, --rate, --concurrency and the publisher window are
 *     divided between the threads (their sums are what was asked);
 *   - --duration, --error-rate, --mix, --time-scale and a scenario apply
 *     to each thread as they are.
 *
 * Reproducible for the same --seed, --tenants, --worker and --threads: each
 * tenant's requests and payloads come from its own seeded streams, and which
 * of a thread's tenants acts next from the thread's dispatch stream. How the
 * threads' messages interleave on the wire is up to the scheduler.
 *
 * With live metrics on, each thread samples its own recorder every second
 * and posts the samples; the main thread's metrics session sums them (and
 * labels them by thread for Prometheus).
 *
 * The main thread only sums: progress counters as they come, and at the end
 * one report (counts added, latency histograms merged, CPU and peak RSS of
 * the whole process). Ctrl-C is passed on to every thread; a thread that
 * cannot start (broker unreachable…) stops the others and its error is the
 * command's.
 */
import {Worker} from 'node:worker_threads'
import {rebuildError} from '../messaging/thread-protocol.js'
import type {ErrorData} from '../messaging/thread-protocol.js'
import {DEFAULT_MAX_INFLIGHT} from '../messaging/waiters.js'
import {targetRequests, type SimulationOptions} from './engine.js'
import type {Sample} from '../metrics/sample.js'
import type {RateSegment} from './rate-profile.js'
import {buildReport, type ProgressCounts, ProgressMeter, type SimulationReport} from './report.js'
import {SimulationStats, type StatsData} from './stats.js'
import {type WorkerSpec, workerTenantIndexes} from './tenants.js'

/** What one thread is given (workerData): the simulation's options, as data. */
export type SimThreadInput = Omit<SimulationOptions,
  'world' | 'ownWorld' | 'mix' | 'scenario' | 'onProgress' | 'onNotice' | 'logStream' | 'publisherThread' | 'rate' | 'recorder'> & {
  readonly mix: ReadonlyArray<{readonly kind: string, readonly weight: number}>
  /** The thread's share of the rate (RateProfile as data). */
  readonly rate: number | readonly RateSegment[]
  /** Record live metrics and post a sample every second. */
  readonly metrics: boolean
  /** The scenario file, loaded again by the thread (a Scenario holds functions). */
  readonly scenarioFile?: string
}

export type ToSimThread = {readonly t: 'stop'}

export type FromSimThread =
  | {readonly t: 'progress', readonly counts: ProgressCounts}
  | {readonly t: 'notice', readonly message: string}
  | {readonly t: 'sample', readonly sample: Sample, readonly last: boolean}
  | {readonly t: 'done', readonly report: SimulationReport, readonly stats: StatsData}
  | {readonly t: 'failed', readonly error: ErrorData}

export interface ThreadedSimulationOptions extends Omit<SimulationOptions, 'world'> {
  readonly threads: number
  /** Where the scenario came from (required with `scenario`). */
  readonly scenarioFile?: string
  /** Live metrics: each thread's sample every second (`last` once, at its end). */
  readonly onSample?: (thread: number, sample: Sample, last: boolean) => void
}

/** Thread t's place in the run's partition of tenants (see the top of this file). */
export function threadWorker(worker: WorkerSpec, threads: number, t: number): WorkerSpec {
  return {index: worker.index + worker.count * t, count: worker.count * threads}
}

/** Thread t's share of `total` split over `parts`: shares differ by at most one and add up to `total`. */
export function share(total: number, parts: number, t: number): number {
  return Math.floor(total / parts) + (t < total % parts ? 1 : 0)
}

/** How often a thread sends its progress counters at most (ms). */
const THREAD_PROGRESS_MS = 250

type ThreadOutcome = {readonly report: SimulationReport, readonly stats: StatsData} | {readonly error: Error}

export class ThreadedSimulation {
  private readonly workers: Worker[] = []
  private halted = false
  private interrupted = false

  constructor(private readonly o: ThreadedSimulationOptions) {}

  get stopping(): boolean {
    return this.halted
  }

  /** Stop early (Ctrl-C): every thread stops as a single simulation does. */
  stop(): void {
    if (this.halted) return
    this.interrupted = true
    this.halt()
  }

  private halt(): void {
    this.halted = true
    for (const w of this.workers) w.postMessage({t: 'stop'} satisfies ToSimThread)
  }

  async run(): Promise<SimulationReport> {
    const o = this.o
    const startedAt = new Date()
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const counts: ProgressCounts[] = []
    const target = targetRequests(o.operations, o.scenario, workerTenantIndexes(o.tenants, o.worker).length)
    const meter = new ProgressMeter(t0, target, o.durationS)
    const progress = (): ProgressCounts => {
      const sum = {requests: 0, published: 0, confirmed: 0, errors: 0, reconnects: 0}
      for (const c of counts) for (const k of Object.keys(sum) as Array<keyof ProgressCounts>) sum[k] += c[k]
      return sum
    }
    const timer = o.onProgress ? setInterval(() => o.onProgress!(meter.snapshot(progress())), o.progressIntervalMs ?? 1000) : undefined
    let outcomes: ThreadOutcome[]
    try {
      outcomes = await Promise.all(Array.from({length: o.threads}, (_, t) => this.thread(t, counts)))
    } finally {
      clearInterval(timer)
    }
    const failed = outcomes.find((x): x is {error: Error} => 'error' in x)
    if (failed) throw failed.error
    const done = outcomes as Array<{report: SimulationReport, stats: StatsData}>
    o.onProgress?.(meter.snapshot(progress()))
    return this.merge(done, startedAt, (performance.now() - t0) / 1000, process.cpuUsage(cpu0))
  }

  /** Run thread t to its end; `counts[t]` follows its progress. */
  private thread(t: number, counts: ProgressCounts[]): Promise<ThreadOutcome> {
    const o = this.o
    counts[t] = {requests: 0, published: 0, confirmed: 0, errors: 0, reconnects: 0}
    const input: SimThreadInput = {
      settings: o.settings,
      seed: o.seed,
      worker: threadWorker(o.worker, o.threads, t),
      tenants: o.tenants,
      operations: o.operations === undefined ? undefined : share(o.operations, o.threads, t),
      durationS: o.durationS,
      rate: o.rate.scaled(1 / o.threads).toData(),
      metrics: o.onSample !== undefined,
      concurrency: Math.max(1, share(o.concurrency, o.threads, t)),
      errorRate: o.errorRate,
      mix: o.mix.map((e) => ({kind: e.op.kind, weight: e.weight})),
      timeScale: o.timeScale,
      delay: o.delay,
      scenarioFile: o.scenarioFile,
      maxInflight: Math.max(1, share(o.maxInflight ?? DEFAULT_MAX_INFLIGHT, o.threads, t)),
      // Often, whatever the display's pace: the main thread's snapshot is only as fresh as the last counts.
      progressIntervalMs: Math.min(o.progressIntervalMs ?? 1000, THREAD_PROGRESS_MS),
    }
    // The compiled entry sits next to this file in dist/simulate.
    const worker = new Worker(new URL('./simulation-thread.js', import.meta.url), {workerData: input})
    this.workers.push(worker)
    if (this.halted) worker.postMessage({t: 'stop'} satisfies ToSimThread)
    return new Promise((resolve) => {
      let outcome: ThreadOutcome | undefined
      worker.on('message', (m: FromSimThread) => {
        switch (m.t) {
          case 'progress': counts[t] = m.counts; break
          case 'notice': o.onNotice?.(m.message); break
          case 'sample': o.onSample?.(t, m.sample, m.last); break
          case 'done': outcome = {report: m.report, stats: m.stats}; break
          case 'failed':
            outcome = {error: rebuildError(m.error)}
            this.halt() // the others stop too: the run cannot be what was asked
            break
        }
      })
      worker.on('error', (err) => {
        outcome ??= {error: err}
        this.halt()
      })
      worker.on('exit', (code) => resolve(outcome ?? {error: new Error(`simulation thread ${t + 1} of ${o.threads} ended (exit code ${code}) without a report`)}))
    })
  }

  /** One report from the threads': counts summed, histograms merged, CPU and memory of the whole process. */
  private merge(done: ReadonlyArray<{report: SimulationReport, stats: StatsData}>, startedAt: Date, elapsedS: number, cpu: NodeJS.CpuUsage): SimulationReport {
    const stats = new SimulationStats()
    const counters = {published: 0, confirmed: 0, republished: 0, reconnects: 0}
    let tenants = 0
    for (const {report, stats: data} of done) {
      stats.merge(data)
      for (const k of Object.keys(counters) as Array<keyof typeof counters>) counters[k] += report.notifications[k]
      tenants += report.tenants
    }
    const failed = done.find((d) => d.report.failure !== undefined)?.report
    return buildReport({
      seed: this.o.seed,
      worker: this.o.worker,
      threads: this.o.threads,
      scenario: this.o.scenario?.name,
      driver: this.o.settings.driver,
      tenants,
      startedAt,
      elapsedS,
      interrupted: this.interrupted,
      stats,
      counters,
      cpu,
      failure: failed && {message: failed.failure!, hint: failed.failure_hint},
    })
  }
}
