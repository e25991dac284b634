/**
 * `report merge`: the reports of several `--worker` processes (or of any
 * runs) as one report of everything they did — counts summed, latency
 * histograms merged (so the percentiles are those of all the values, not an
 * average of percentiles), time series aligned on the wall clock and
 * summed, the settings that differ listed side by side.
 */
import {LatencyHistogram} from '../metrics/histogram.js'
import {Series} from '../metrics/series.js'
import type {OperationOutcomes, SimulationReport} from '../simulate/report.js'

type Mutable<T> = {-readonly [K in keyof T]: T[K]}

function sumRecords<T extends Record<string, number>>(all: ReadonlyArray<Readonly<Record<string, T>> | undefined>): Record<string, T> {
  const out: Record<string, Record<string, number>> = {}
  for (const rec of all) {
    for (const [k, v] of Object.entries(rec ?? {})) {
      const mine = out[k] ??= {}
      for (const [f, n] of Object.entries(v)) mine[f] = (mine[f] ?? 0) + n
    }
  }
  return out as Record<string, T>
}

function sumCounts(all: ReadonlyArray<Readonly<Record<string, number>> | undefined>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const rec of all) for (const [k, v] of Object.entries(rec ?? {})) out[k] = (out[k] ?? 0) + v
  return out
}

function joined<T>(values: readonly T[]): T | string {
  const distinct = [...new Set(values.map((v) => String(v)))]
  return distinct.length === 1 ? values[0]! : distinct.join(' | ')
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d

/** One report of everything `reports` did (`files`: where each came from, for the list of sources). */
export function mergeReports(reports: readonly SimulationReport[], files: readonly string[] = []): SimulationReport {
  if (reports.length === 0) throw new Error('bug: nothing to merge')
  const confirm = new LatencyHistogram()
  const lifecycle = new LatencyHistogram()
  for (const r of reports) {
    confirm.merge(r.histograms.confirm_latency)
    lifecycle.merge(r.histograms.lifecycle_latency)
  }
  const start = Math.min(...reports.map((r) => Date.parse(r.started_at)))
  const end = Math.max(...reports.map((r) => Date.parse(r.started_at) + r.elapsed_s * 1000))
  const elapsedS = (end - start) / 1000
  const n = (k: keyof SimulationReport['notifications']): number => reports.reduce((s, r) => s + r.notifications[k], 0)
  const confirmed = n('confirmed')
  const cpuS = reports.reduce((s, r) => s + r.cpu_s, 0)
  const byType = sumRecords<OperationOutcomes & Record<string, number>>(reports.map((r) => r.operations.by_type as Record<string, OperationOutcomes & Record<string, number>>))
  const sorted: Record<string, OperationOutcomes> = {}
  for (const k of Object.keys(byType).sort()) sorted[k] = byType[k]!
  const total = {end: 0, error: 0, injected: 0}
  for (const o of Object.values(sorted)) {
    total.end += o.end
    total.error += o.error
    total.injected += o.injected
  }
  const settings: Record<string, string | number | boolean | null> = {}
  const keys = [...new Set(reports.flatMap((r) => Object.keys(r.settings ?? {})))]
  for (const k of keys) settings[k] = joined(reports.map((r) => r.settings?.[k] ?? null)) as string | number | boolean | null
  const withSeries = reports.filter((r) => r.series && r.series.points.length > 0)
  const failed = reports.find((r) => r.failure !== undefined)
  const out: Mutable<SimulationReport> = {
    seed: String(joined(reports.map((r) => r.seed))),
    worker: reports.map((r) => r.worker).join(','),
    threads: reports.reduce((s, r) => s + r.threads, 0),
    mode: reports.every((r) => r.mode === 'scenario') ? 'scenario' : 'mix',
    scenario: reports.find((r) => r.scenario !== undefined)?.scenario,
    driver: String(joined(reports.map((r) => r.driver))),
    tenants: reports.reduce((s, r) => s + r.tenants, 0),
    started_at: new Date(start).toISOString(),
    elapsed_s: round(elapsedS, 3),
    interrupted: reports.some((r) => r.interrupted),
    requests: reports.reduce((s, r) => s + r.requests, 0),
    operations: {total, by_type: sorted},
    periodic: sumRecords(reports.map((r) => r.periodic as Record<string, {runs: number, notifications: number}>)),
    notifications: {
      published: n('published'),
      confirmed,
      unconfirmed: n('unconfirmed'),
      per_second: round(elapsedS > 0 ? confirmed / elapsedS : 0, 1),
      republished: n('republished'),
      reconnects: n('reconnects'),
      duplicates_at_most: n('duplicates_at_most'),
    },
    confirm_latency_ms: confirm.summary(),
    lifecycle_latency_ms: lifecycle.summary(),
    peak_rss_mb: Math.max(...reports.map((r) => r.peak_rss_mb)),
    cpu_s: round(cpuS, 2),
    cpu_us_per_notification: confirmed > 0 ? round((cpuS * 1e6) / confirmed, 1) : 0,
    histograms: {confirm_latency: confirm.encode(), lifecycle_latency: lifecycle.encode()},
    crashes: reports.flatMap((r) => r.crashes).slice(0, 10),
    failure: failed?.failure,
    failure_hint: failed?.failure_hint,
    settings,
    reproduce: [...new Set(reports.map((r) => r.reproduce).filter((x): x is string => x !== undefined))].join('\n') || undefined,
    event_types: reports.some((r) => r.event_types) ? sumCounts(reports.map((r) => r.event_types)) : undefined,
    series: withSeries.length > 0 ? Series.merge(withSeries.map((r) => r.series!)) : undefined,
    sources: reports.flatMap((r, i) => r.sources && r.sources.length > 0 ? r.sources
      : [{worker: r.worker, seed: r.seed, started_at: r.started_at, threads: r.threads, file: files[i]}]),
  }
  for (const k of Object.keys(out) as Array<keyof typeof out>) if (out[k] === undefined) delete out[k]
  return out
}
