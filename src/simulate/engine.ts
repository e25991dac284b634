/**
 * The simulation engine: runs the realistic mix or a scenario through the
 * same in-process operations the commands use, one OpContext per simulated
 * request, against one shared publisher (driver).
 *
 *   dispatch ─▶ rate limiter ─▶ concurrency slot ─▶ publisher capacity
 *            ─▶ tenant queue (one request at a time per tenant, in order)
 *            ─▶ decide (mix) / resolve (scenario) ─▶ operation ─▶ stats
 *
 * Determinism: which tenant gets the n-th request comes from the worker's
 * dispatch stream; what a tenant does and every id it publishes come from
 * the tenant's own streams (see tenants.ts). So the same seed gives the same
 * requests and payloads, whatever the concurrency and timing.
 *
 * Memory stays flat: nothing is kept per message (latencies go into fixed
 * histograms, the notifier keeps no records) and the own world is
 * compacted as it goes.
 */
import type {Writable} from 'node:stream'
import {isoTime} from '../messaging/envelope.js'
import {createDriver} from '../messaging/factory.js'
import {type Driver, Notifier} from '../messaging/notifier.js'
import type {OpContext, OperationResult} from '../operations/context.js'
import type {Settings} from '../settings/settings.js'
import type {World} from '../state/world.js'
import {TransportError, UserError} from '../util/errors.js'
import type {Clock} from '../util/runtime.js'
import type {MetricsRecorder} from '../metrics/recorder.js'
import {chooseKind, type Mix} from './mix.js'
import {PERIODIC_RUNS, type PeriodicRun, periodicSpacing} from './periodic.js'
import type {Args, SimOperation} from './registry.js'
import {buildReport, type Progress, ProgressMeter, type SimulationReport} from './report.js'
import {type PeriodicSpec, resolveArgs, type Scenario} from './scenario.js'
import {SimulationStats} from './stats.js'
import {SimTenant, stream, type WorkerSpec, workerTenantIndexes} from './tenants.js'
import type {RateProfile} from './rate-profile.js'
import {RateLimiter, Sleeper, simulationClock} from './timing.js'
import {TenantWorld} from './world.js'

export interface SimulationOptions {
  readonly settings: Settings
  readonly world: World
  /** The world is the simulator's own (`:memory:`): compact it as the run goes. */
  readonly ownWorld: boolean
  readonly seed: string
  readonly worker: WorkerSpec
  /** Tenants over all workers. */
  readonly tenants: number
  /** Stop after this many requests. */
  readonly operations?: number
  /** Stop after this many seconds (real time). */
  readonly durationS?: number
  /** Requests per second: steady (0 = as fast as possible) or a profile of steps and ramps. */
  readonly rate: RateProfile
  /** Requests in flight at once. */
  readonly concurrency: number
  /** Probability that a request's finishing component fails (injected). */
  readonly errorRate: number
  readonly mix: Mix
  readonly timeScale: number
  /** Simulated seconds the taskmanager / guest takes. */
  readonly delay: number
  readonly scenario?: Scenario
  /** Unconfirmed messages allowed before publishing waits. */
  readonly maxInflight?: number
  readonly onProgress?: (p: Progress) => void
  readonly progressIntervalMs?: number
  /** Reconnect notices and the like. */
  readonly onNotice?: (message: string) => void
  /** Where the log driver writes when no --log-file is given. */
  readonly logStream?: Writable
  /** Publish from a thread of its own (default true; a simulation thread of --threads publishes itself). */
  readonly publisherThread?: boolean
  /** Live metrics: the recorder every count is handed to as it happens. */
  readonly recorder?: MetricsRecorder
}

/** Requests a run will make, if known in advance: --operations, or what the scenario's steps add up to for `tenants`. */
export function targetRequests(operations: number | undefined, scenario: Scenario | undefined, tenants: number): number | undefined {
  const perScenario = scenario ? scenario.requestsPerTenant * tenants : undefined
  if (operations !== undefined && perScenario !== undefined) return Math.min(operations, perScenario)
  return operations ?? perScenario
}

/** Messages a failing component reports under --error-rate (what real Trove deployments see). */
const INJECTED_FAILURES = [
  'No valid host was found. There are not enough hosts available.',
  'Timed out waiting for the guest agent to respond.',
  'Volume attachment failed: cinder backend unavailable.',
  'Guest agent reported an error: disk I/O error.',
  'Swift upload failed: 503 Service Unavailable.',
]

/** Compact the own world every this many requests. */
const COMPACT_EVERY = 2000

export class Simulation {
  readonly stats = new SimulationStats()
  private readonly sleeper = new Sleeper()
  private readonly clock: Clock
  private readonly driver: Driver
  private readonly tenants: SimTenant[]
  private halted = false
  private interrupted = false
  private failure?: Error
  private inflight = 0
  private slotWaiters: Array<() => void> = []
  private startedAt = new Date()
  private t0 = 0
  private cpu0: NodeJS.CpuUsage = {user: 0, system: 0}
  private compactMark?: string
  private meter?: ProgressMeter
  private scriptsDone = false

  constructor(private readonly o: SimulationOptions) {
    this.clock = simulationClock(o.timeScale, this.sleeper)
    const driver = createDriver(o.settings, {
      onConfirm: (ms) => this.stats.confirm(ms),
      onNotice: o.onNotice,
      maxInflight: o.maxInflight,
      logStream: o.logStream,
      publisherThread: o.publisherThread ?? true,
    })
    this.driver = o.recorder ? o.recorder.meter(driver) : driver
    if (o.recorder) {
      this.stats.attach(o.recorder)
      o.recorder.gauges = () => ({in_flight: this.inflight, target_rate: this.limiter?.rateNow(this.o.durationS) ?? 0})
    }
    this.tenants = workerTenantIndexes(o.tenants, o.worker)
      .map((k) => new SimTenant(k, o.seed, this.driver, o.settings.topics, this.clock))
  }

  /** Requests the run will make, if known in advance. */
  get targetRequests(): number | undefined {
    return targetRequests(this.o.operations, this.o.scenario, this.tenants.length)
  }

  /** Stopping: no new request starts. */
  get stopping(): boolean {
    return this.halted
  }

  /**
   * Stop early (Ctrl-C): no new request starts, the ones in flight finish at
   * once (their simulated delays are cut short), every confirm is awaited.
   */
  stop(): void {
    if (this.halted) return
    this.interrupted = true
    this.halt()
  }

  private halt(): void {
    this.halted = true
    this.sleeper.interrupt()
    for (const w of this.slotWaiters.splice(0)) w()
  }

  async run(): Promise<SimulationReport> {
    await this.driver.open()
    this.startedAt = new Date()
    this.t0 = performance.now()
    this.cpu0 = process.cpuUsage()
    const progress = this.o.onProgress ? setInterval(() => this.o.onProgress!(this.progress()), this.o.progressIntervalMs ?? 1000) : undefined
    const deadline = this.o.durationS !== undefined ? setTimeout(() => this.halt(), this.o.durationS * 1000) : undefined
    try {
      if (this.o.scenario) await this.runScenario(this.o.scenario)
      else await this.runMix()
      await this.idle()
      try {
        await this.driver.flush()
      } catch (err) {
        this.failure ??= err as Error
      }
    } finally {
      clearInterval(progress)
      clearTimeout(deadline)
      this.sleeper.interrupt()
    }
    const report = this.report()
    this.o.onProgress?.(this.progress())
    await this.driver.close().catch(() => {})
    return report
  }

  // ---- the realistic mix --------------------------------------------------

  private more(): boolean {
    return !this.halted && (this.o.operations === undefined || this.stats.requests < this.o.operations)
  }

  /** The run's rate limiter (mix or scenario), once running. */
  private limiter?: RateLimiter

  private async runMix(): Promise<void> {
    const limiter = this.limiter = new RateLimiter(this.o.rate, this.sleeper)
    const dispatch = stream(this.o.seed, `dispatch ${this.o.worker.index}/${this.o.worker.count}`)
    const n = this.tenants.length
    while (this.more()) {
      const due = limiter.next()
      if (due) await due
      else await this.breathe()
      while (this.inflight >= this.o.concurrency && !this.halted) await this.slotFree()
      await this.driver.capacity().catch((err) => this.transportFailed(err))
      if (!this.more()) break
      const tenant = this.tenants[Math.floor(dispatch.random() * n)]!
      this.enqueue(tenant, () => this.mixRequest(tenant))
      if (this.o.ownWorld && this.stats.requests % COMPACT_EVERY === 0) this.compact()
    }
  }

  /** Queue a request on a tenant (after its previous one), holding a concurrency slot. */
  private enqueue(tenant: SimTenant, request: () => Promise<void>): void {
    this.stats.request()
    this.inflight++
    tenant.tail = tenant.tail.then(request).catch((err) => this.crashed(err)).finally(() => this.release())
  }

  private async mixRequest(tenant: SimTenant): Promise<void> {
    if (this.halted && this.failure) return
    const world = new TenantWorld(this.o.world, tenant.id, this.o.settings.limits)
    const op = chooseKind(this.o.mix, world, tenant.rng)
    const args = op.pick(world, tenant.rng, tenant)
    await this.execute(tenant, op, args)
  }

  // ---- scenarios ----------------------------------------------------------

  private async runScenario(sc: Scenario): Promise<void> {
    const limiter = this.limiter = new RateLimiter(this.o.rate, this.sleeper)
    const periodic = sc.periodic.map((p) => this.periodicLoop(p))
    await Promise.all(this.tenants.map((t) => this.script(t, sc, limiter)))
    this.scriptsDone = true
    this.periodicSleeper.interrupt()
    await Promise.all(periodic)
  }

  /** One tenant's walk through the steps. */
  private async script(t: SimTenant, sc: Scenario, limiter: RateLimiter): Promise<void> {
    for (const step of sc.steps) {
      if (!this.more()) return
      if (step.type === 'wait') {
        const seconds = step.upTo === undefined ? step.seconds : step.seconds + t.rng.float() * (step.upTo - step.seconds)
        await this.clock.sleep(seconds * 1000)
        continue
      }
      const stepLimiter = step.rate.unlimited ? undefined : new RateLimiter(step.rate, this.sleeper)
      for (let i = 1; i <= step.repeat; i++) {
        const due = limiter.next()
        if (due) await due
        else await this.breathe()
        const stepDue = stepLimiter?.next()
        if (stepDue) await stepDue
        while (this.inflight >= this.o.concurrency && !this.halted) await this.slotFree()
        await this.driver.capacity().catch((err) => this.transportFailed(err))
        if (!this.more()) return
        let resource: Record<string, unknown> | undefined
        this.enqueue(t, async () => {
          const results = await this.execute(t, step.op, resolveArgs(step.args, t.bindings, i))
          const last = results[results.length - 1]
          resource = last?.outcome === 'end' ? last.resource : undefined
        })
        await t.tail
        if (step.as) {
          const list = t.bindings.get(step.as) ?? []
          list.push(resource)
          t.bindings.set(step.as, list)
        }
      }
    }
  }

  private readonly periodicSleeper = new Sleeper()
  /** Who runs the periodic tasks (Trove's admin context): the operator of the simulation, from the settings. */
  private get operator(): {tenantId: string, userId: string} {
    return {tenantId: this.o.settings.tenant, userId: this.o.settings.user}
  }

  /** A world-wide task every `every` simulated seconds, on a fixed timetable, while the scenario runs. */
  private async periodicLoop(p: PeriodicSpec): Promise<void> {
    const run: PeriodicRun = PERIODIC_RUNS[p.task]
    const ids = stream(this.o.seed, `periodic ${p.task} ${this.o.worker.index}/${this.o.worker.count}`)
    const notifier = new Notifier({driver: this.driver, topics: this.o.settings.topics, clock: this.clock, ids})
    const start = this.clock.now().getTime()
    const spacing = periodicSpacing(p.task, p.every, this.o.settings.dialect)
    for (let k = 1; ; k++) {
      const wait = start + k * spacing * 1000 - this.clock.now().getTime()
      await this.periodicSleeper.sleep(wait / this.o.timeScale)
      if (this.scriptsDone || this.halted) return
      try {
        const published = await run({world: this.o.world, notifier, clock: this.clock, settings: this.o.settings, ids, caller: this.operator}, p.every)
        this.stats.periodicRun(p.task, published)
      } catch (err) {
        this.crashed(err)
      }
    }
  }

  // ---- one request ------------------------------------------------------

  private async execute(t: SimTenant, op: SimOperation, args: Args): Promise<readonly OperationResult[]> {
    const fail = this.o.errorRate > 0 && t.rng.chance(this.o.errorRate) ? t.rng.pick(INJECTED_FAILURES) : undefined
    const ctx: OpContext = {
      world: this.o.world,
      notifier: t.notifier,
      clock: this.clock,
      ids: t.ids,
      settings: this.o.settings,
      caller: {tenantId: t.id, userId: t.userId},
      delay: this.o.delay,
      fail,
    }
    const began = performance.now()
    const out = await op.run(ctx, args)
    const results: readonly OperationResult[] = Array.isArray(out) ? out : [out as OperationResult]
    const each = (performance.now() - began) / Math.max(1, results.length)
    for (const r of results) this.stats.lifecycle(r.operation, r.outcome, fail !== undefined && r.outcome === 'error' && r.error === fail, each)
    return results
  }

  // ---- slots, failures, compaction ---------------------------------------

  private lastBreath = 0

  /**
   * Let the event loop run now and then. Flat out (no rate, a driver that
   * never makes us wait) every request resolves in microtasks, and timers,
   * I/O and signals — the progress display, --duration, Ctrl-C — would wait
   * for the end of the run.
   */
  private breathe(): Promise<void> | undefined {
    const now = performance.now()
    if (now - this.lastBreath < 20) return undefined
    this.lastBreath = now
    return new Promise((resolve) => setImmediate(resolve))
  }

  private slotFree(): Promise<void> {
    return new Promise((resolve) => this.slotWaiters.push(resolve))
  }

  private release(): void {
    this.inflight--
    const w = this.slotWaiters.shift()
    if (w) w()
  }

  /** Every queued request has finished. */
  private async idle(): Promise<void> {
    while (this.inflight > 0) await Promise.all(this.tenants.map((t) => t.tail))
  }

  private crashed(err: unknown): void {
    if (err instanceof TransportError || this.driverFailed(err)) return this.transportFailed(err)
    this.stats.crash(String((err as Error)?.message ?? err).split('\n')[0]!)
  }

  private driverFailed(err: unknown): boolean {
    return (err as {name?: string})?.name === 'TransportError'
  }

  /** The broker is gone for good: stop, and say so in the report. */
  private transportFailed(err: unknown): void {
    this.failure ??= err instanceof Error ? err : new TransportError(String(err))
    this.halt()
  }

  private compact(): void {
    const now = isoTime(this.clock.now())
    if (this.compactMark) this.o.world.compact(this.compactMark)
    this.compactMark = now
  }

  // ---- reporting ------------------------------------------------------

  private progress(): Progress {
    const s = this.driver.stats
    this.meter ??= new ProgressMeter(this.t0, this.targetRequests, this.o.durationS)
    return this.meter.snapshot({requests: this.stats.requests, published: s.published, confirmed: s.confirmed,
      errors: this.stats.totals().error, reconnects: s.reconnects})
  }

  private report(): SimulationReport {
    return buildReport({
      seed: this.o.seed,
      worker: this.o.worker,
      threads: 1,
      scenario: this.o.scenario?.name,
      driver: this.o.settings.driver,
      tenants: this.tenants.length,
      startedAt: this.startedAt,
      elapsedS: (performance.now() - this.t0) / 1000,
      interrupted: this.interrupted,
      stats: this.stats,
      counters: this.driver.stats,
      cpu: process.cpuUsage(this.cpu0),
      failure: this.failure && {message: this.failure.message, hint: this.failure instanceof UserError ? this.failure.suggestion : undefined},
    })
  }
}
