/**
 * `--metrics-port PORT` (`--metrics-host`, default 127.0.0.1): a Prometheus
 * endpoint (prom-client) at /metrics, fed by the samples of every source
 * (the command, or each simulation thread: label `thread`) — counters,
 * gauges and real histograms (`_bucket{le}`, `_sum`, `_count`) named by
 * Prometheus conventions, labelled by event type, priority, operation,
 * outcome, worker and thread; plus prom-client's process metrics and one
 * `trove_notify_threshold_passing` gauge per `--threshold`.
 *
 * Label values from the wire (tail's event types) are bounded: past
 * MAX_SERIES label sets per metric, new ones are counted as "other".
 */
import {createServer, type Server} from 'node:http'
import {collectDefaultMetrics, Counter, Gauge, Registry} from 'prom-client'
import {UsageError} from '../util/errors.js'
import {PROM_METRICS, PROM_PREFIX, type PromDef} from './catalog.js'
import type {SourceSink} from './hub.js'
import {LATENCY_BOUNDS_S, labelValues, type Sample} from './sample.js'

const MAX_SERIES = 500

/** A Prometheus histogram whose buckets arrive already counted (from samples). */
class BucketHistogram {
  readonly type = 'histogram'
  private readonly series = new Map<string, {labels: Record<string, string>, counts: number[], sum: number}>()

  constructor(readonly name: string, readonly help: string) {}

  add(labels: Record<string, string>, b: readonly number[]): void {
    const key = JSON.stringify(labels)
    let s = this.series.get(key)
    if (!s) this.series.set(key, s = {labels, counts: new Array<number>(LATENCY_BOUNDS_S.length + 1).fill(0), sum: 0})
    for (let i = 0; i <= LATENCY_BOUNDS_S.length; i++) s.counts[i]! += b[i] ?? 0
    s.sum += b[LATENCY_BOUNDS_S.length + 1] ?? 0
  }

  async get() {
    const values: Array<{metricName: string, labels: Record<string, string | number>, value: number}> = []
    for (const s of this.series.values()) {
      let cumulative = 0
      for (let i = 0; i <= LATENCY_BOUNDS_S.length; i++) {
        cumulative += s.counts[i]!
        values.push({metricName: `${this.name}_bucket`, labels: {...s.labels, le: i < LATENCY_BOUNDS_S.length ? String(LATENCY_BOUNDS_S[i]) : '+Inf'}, value: cumulative})
      }
      values.push({metricName: `${this.name}_sum`, labels: s.labels, value: s.sum})
      values.push({metricName: `${this.name}_count`, labels: s.labels, value: cumulative})
    }
    return {name: this.name, help: this.help, type: this.type, values, aggregator: 'sum'}
  }
}

type Exported = {def: PromDef, metric: Counter | Gauge | BucketHistogram, seen: Set<string>}

export class PrometheusExporter implements SourceSink {
  readonly registry = new Registry()
  private readonly metrics = new Map<string, Exported>()
  private readonly thresholds: Gauge

  /** `worker`: this process's --worker (I/N); threads are labelled 1…N. */
  constructor(private readonly worker: string) {
    collectDefaultMetrics({register: this.registry})
    for (const def of PROM_METRICS) {
      const name = PROM_PREFIX + def.name
      const labelNames = [...(def.labels ?? []), 'worker', 'thread']
      const metric = def.type === 'counter' ? new Counter({name, help: def.help, labelNames, registers: [this.registry]})
        : def.type === 'gauge' ? new Gauge({name, help: def.help, labelNames, registers: [this.registry]})
          : new BucketHistogram(name, def.help)
      if (metric instanceof BucketHistogram) this.registry.registerMetric(metric as never)
      this.metrics.set(def.from, {def, metric, seen: new Set()})
    }
    this.thresholds = new Gauge({name: `${PROM_PREFIX}threshold_passing`, help: '1 while the --threshold holds, 0 once it fails (live evaluation).', labelNames: ['threshold', 'worker'], registers: [this.registry]})
  }

  /** Labels of one label key of metric `e`, bounded in number. */
  private labels(e: Exported, key: string, base: Record<string, string>): Record<string, string> {
    const names = e.def.labels ?? []
    let values = labelValues(key)
    if (!e.seen.has(key)) {
      if (e.seen.size >= MAX_SERIES) values = names.map(() => 'other')
      else e.seen.add(key)
    }
    const out: Record<string, string> = {...base}
    names.forEach((n, i) => {
      out[n] = values[i] ?? ''
    })
    return out
  }

  source(source: number, s: Sample): void {
    const base = {worker: this.worker, thread: String(source + 1)}
    for (const [k, v] of Object.entries(s.counters)) (this.metrics.get(`counters.${k}`)?.metric as Counter | undefined)?.inc(base, v)
    for (const [k, v] of Object.entries(s.gauges)) (this.metrics.get(`gauges.${k}`)?.metric as Gauge | undefined)?.set(base, v)
    for (const [m, rec] of Object.entries(s.by)) {
      const e = this.metrics.get(`by.${m}`)
      if (!e) continue
      for (const [key, v] of Object.entries(rec)) (e.metric as Counter).inc(this.labels(e, key, base), v)
    }
    for (const [m, h] of Object.entries(s.histograms)) {
      const e = this.metrics.get(`histograms.${m}`)
      if (!e) continue
      for (const [key, b] of Object.entries(h.buckets)) (e.metric as BucketHistogram).add(this.labels(e, key, base), b)
    }
  }

  threshold(expression: string, passing: boolean): void {
    this.thresholds.set({threshold: expression, worker: this.worker}, passing ? 1 : 0)
  }

  metricsText(): Promise<string> {
    return this.registry.metrics()
  }
}

/** The HTTP endpoint: GET /metrics (and /) answers the exposition text. */
export class MetricsServer {
  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(exporter: PrometheusExporter, host: string, port: number): Promise<MetricsServer> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]
      if (req.method !== 'GET' || (path !== '/metrics' && path !== '/')) {
        res.writeHead(404, {'content-type': 'text/plain'}).end('not found: the metrics are at /metrics\n')
        return
      }
      exporter.metricsText().then((text) => {
        res.writeHead(200, {'content-type': exporter.registry.contentType}).end(text)
      }, (err: Error) => {
        res.writeHead(500, {'content-type': 'text/plain'}).end(`${err.message}\n`)
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        const fix = err.code === 'EADDRINUSE' ? 'give --metrics-port another port (0 picks a free one)' : 'check --metrics-host and --metrics-port'
        reject(new UsageError(`cannot serve metrics on ${host}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use' : err.message}`, fix))
      })
      server.listen(port, host, () => resolve())
    })
    server.unref()
    const addr = server.address()
    const actual = typeof addr === 'object' && addr ? addr.port : port
    const shown = host.includes(':') ? `[${host}]` : host
    return new MetricsServer(server, `http://${shown}:${actual}/metrics`)
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections?.()
    })
  }
}
