/**
 * What a simulation counts, in constant memory however long it runs:
 * operations by type and outcome, and latency histograms (confirm latency,
 * lifecycle latency) with fixed log-scale buckets, so a run of a million
 * notifications keeps no per-message data.
 */

/** Buckets grow by 2 % each: percentiles are exact to ~1 %. */
const GROWTH = 1.02
const LOG_GROWTH = Math.log(GROWTH)
/** Smallest value told apart (ms); below it everything lands in bucket 0. */
const MIN = 0.01
/** 0.01 ms × 1.02^1400 ≈ 10^10 ms: more than any run lasts. */
const BUCKETS = 1400

export interface Percentiles {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/** A histogram as data: bucket counts and the running totals. */
export interface HistogramData {
  readonly counts: Float64Array
  readonly n: number
  readonly sum: number
  readonly max: number
}

/** A log-bucketed histogram of non-negative values (milliseconds). */
export class Histogram {
  private readonly counts = new Float64Array(BUCKETS)
  private n = 0
  private sum = 0
  private maxValue = 0

  record(value: number): void {
    const v = value > 0 ? value : 0
    const i = v <= MIN ? 0 : Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(v / MIN) / LOG_GROWTH))
    this.counts[i]!++
    this.n++
    this.sum += v
    if (v > this.maxValue) this.maxValue = v
  }

  get count(): number {
    return this.n
  }

  /** The value below which `q` (0–1) of the recorded values lie (the bucket's upper bound). */
  quantile(q: number): number {
    if (this.n === 0) return 0
    const rank = Math.max(1, Math.ceil(q * this.n))
    let seen = 0
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!
      if (seen >= rank) return Math.min(this.maxValue, i === 0 ? MIN : MIN * GROWTH ** i)
    }
    return this.maxValue
  }

  /** Everything recorded, as structured-cloneable data (to send from a simulation thread). */
  toData(): HistogramData {
    return {counts: this.counts.slice(), n: this.n, sum: this.sum, max: this.maxValue}
  }

  /** Add what another histogram recorded (same buckets): percentiles of the union, exact to the bucket. */
  merge(d: HistogramData): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += d.counts[i]!
    this.n += d.n
    this.sum += d.sum
    if (d.max > this.maxValue) this.maxValue = d.max
  }

  summary(): Percentiles {
    const round = (x: number): number => Math.round(x * 100) / 100
    return {
      count: this.n,
      p50: round(this.quantile(0.5)),
      p95: round(this.quantile(0.95)),
      p99: round(this.quantile(0.99)),
      max: round(this.maxValue),
      mean: round(this.n ? this.sum / this.n : 0),
    }
  }
}

/** Lifecycles ended, per operation (dbaas.<operation>) and outcome. */
export interface OutcomeCounts {
  end: number
  error: number
  /** Of the errors: failures injected by --error-rate. */
  injected: number
}

/** SimulationStats as data. */
export interface StatsData {
  readonly requests: number
  readonly crashed: number
  readonly crashes: readonly string[]
  readonly byOperation: ReadonlyArray<readonly [string, OutcomeCounts]>
  readonly confirmLatency: HistogramData
  readonly lifecycleLatency: HistogramData
  readonly periodic: ReadonlyArray<readonly [string, {runs: number, notifications: number}]>
}

/** Counters of one simulation run. */
export class SimulationStats {
  /** Requests the engine dispatched (one registry call; may hold several lifecycles). */
  requests = 0
  /** Requests whose code threw something other than a Trove error (a bug: reported, never hidden). */
  crashed = 0
  readonly crashes: string[] = []
  readonly byOperation = new Map<string, OutcomeCounts>()
  readonly confirmLatency = new Histogram()
  readonly lifecycleLatency = new Histogram()
  /** Periodic runs (exists, quotas) done, by task. */
  readonly periodic = new Map<string, {runs: number, notifications: number}>()

  lifecycle(operation: string, outcome: 'end' | 'error', injected: boolean): void {
    let c = this.byOperation.get(operation)
    if (!c) {
      c = {end: 0, error: 0, injected: 0}
      this.byOperation.set(operation, c)
    }
    c[outcome]++
    if (injected) c.injected++
  }

  crash(message: string): void {
    this.crashed++
    if (this.crashes.length < 10) this.crashes.push(message)
  }

  periodicRun(task: string, notifications: number): void {
    const p = this.periodic.get(task) ?? {runs: 0, notifications: 0}
    p.runs++
    p.notifications += notifications
    this.periodic.set(task, p)
  }

  /** Everything counted, as structured-cloneable data (what a simulation thread sends back). */
  toData(): StatsData {
    return {
      requests: this.requests, crashed: this.crashed, crashes: [...this.crashes],
      byOperation: [...this.byOperation].map(([op, c]) => [op, {...c}]),
      confirmLatency: this.confirmLatency.toData(), lifecycleLatency: this.lifecycleLatency.toData(),
      periodic: [...this.periodic].map(([task, p]) => [task, {...p}]),
    }
  }

  /** Add another run's counts (threads of one simulation): sums, merged histograms, the first crashes. */
  merge(d: StatsData): void {
    this.requests += d.requests
    this.crashed += d.crashed
    this.crashes.push(...d.crashes.slice(0, Math.max(0, 10 - this.crashes.length)))
    for (const [op, c] of d.byOperation) {
      const mine = this.byOperation.get(op) ?? {end: 0, error: 0, injected: 0}
      this.byOperation.set(op, {end: mine.end + c.end, error: mine.error + c.error, injected: mine.injected + c.injected})
    }
    this.confirmLatency.merge(d.confirmLatency)
    this.lifecycleLatency.merge(d.lifecycleLatency)
    for (const [task, p] of d.periodic) {
      const mine = this.periodic.get(task) ?? {runs: 0, notifications: 0}
      this.periodic.set(task, {runs: mine.runs + p.runs, notifications: mine.notifications + p.notifications})
    }
  }

  /** Totals over every operation. */
  totals(): OutcomeCounts {
    const t = {end: 0, error: 0, injected: 0}
    for (const c of this.byOperation.values()) {
      t.end += c.end
      t.error += c.error
      t.injected += c.injected
    }
    return t
  }
}
