/**
 * `--threshold EXPR` (repeatable): pass/fail criteria on a run's numbers,
 * k6-style. `confirm_p99<50ms`, `lifecycle_p95<2s`, `error_rate<1%`,
 * `unconfirmed==0`, `rate>=0.95*target`. Evaluated at the end (and each
 * second with --abort-on-fail, for the metrics whose failure cannot
 * recover or that have enough data); any failure makes the command exit
 * THRESHOLD_EXIT (99, k6's convention).
 *
 * A malformed expression is a UsageError naming what is valid.
 */
import {formatDuration, parseDuration} from '../util/duration.js'
import {UsageError} from '../util/errors.js'
import type {RunKind} from './catalog.js'

/** The exit status of a run whose thresholds failed (k6's). */
export const THRESHOLD_EXIT = 99

export type Op = '<' | '<=' | '>' | '>=' | '==' | '!='
type Unit = 'ms' | 'ratio' | 'count' | 'per_s'

interface MetricInfo {
  readonly unit: Unit
  /** Grows only (counts): a `<`, `<=` or `==` that fails now fails for good. */
  readonly monotone?: boolean
  /** Evaluated live only once this much data is there. */
  readonly about: string
}

const LATENCY_STATS = ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean'] as const

function latencies(prefix: string, about: string): Record<string, MetricInfo> {
  return Object.fromEntries(LATENCY_STATS.map((s) => [`${prefix}_${s}`, {unit: 'ms', about, monotone: s === 'max'} satisfies MetricInfo]))
}

const PUBLISHING: Record<string, MetricInfo> = {
  ...latencies('confirm', 'publish → broker confirm'),
  published: {unit: 'count', monotone: true, about: 'notifications published'},
  confirmed: {unit: 'count', monotone: true, about: 'notifications confirmed'},
  unconfirmed: {unit: 'count', about: 'published and never confirmed (at the end)'},
  republished: {unit: 'count', monotone: true, about: 'sent again after a reconnect'},
  reconnects: {unit: 'count', monotone: true, about: 'broker reconnections'},
  throughput: {unit: 'per_s', about: 'confirmed notifications per second over the run'},
}

/** The metrics each kind of command can be held to. */
export const THRESHOLD_METRICS: Readonly<Record<RunKind, Readonly<Record<string, MetricInfo>>>> = {
  simulate: {
    ...PUBLISHING,
    ...latencies('lifecycle', '.start → .end/.error of a request, real time'),
    requests: {unit: 'count', monotone: true, about: 'requests dispatched'},
    errors: {unit: 'count', monotone: true, about: 'lifecycles ended in .error'},
    error_rate: {unit: 'ratio', about: 'lifecycles ended in .error, of all ended'},
    injected: {unit: 'count', monotone: true, about: 'failures injected by --error-rate'},
    crashes: {unit: 'count', monotone: true, about: 'internal errors'},
    rate: {unit: 'per_s', about: 'requests per second over the run (compare with target: the rate asked)'},
  },
  replay: PUBLISHING,
  periodic: {...PUBLISHING, runs: {unit: 'count', monotone: true, about: 'periodic runs done'}},
  tail: {
    ...latencies('lifecycle', '.start → .end/.error by oslo timestamps (--lifecycle)'),
    consumed: {unit: 'count', monotone: true, about: 'messages read (after filters)'},
    violations: {unit: 'count', monotone: true, about: 'catalog violations (--check)'},
    departures: {unit: 'count', monotone: true, about: 'Trove 18 departures (--check)'},
    skipped: {unit: 'count', monotone: true, about: 'deliveries that could not be read'},
    open: {unit: 'count', about: 'lifecycles still open (at the end)'},
    reconnects: {unit: 'count', monotone: true, about: 'broker reconnections'},
    rate: {unit: 'per_s', about: 'messages read per second'},
  },
}

export interface Threshold {
  readonly expression: string
  readonly metric: string
  readonly op: Op
  /** The bound in the metric's unit (ms, a ratio 0–1, a count, per second); with `ofTarget`, a factor of the target rate. */
  readonly value: number
  readonly ofTarget: boolean
  readonly unit: Unit
  readonly monotone: boolean
}

const EXPR = /^\s*([a-z][a-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*$/

/** The valid metrics of a kind, for messages. */
export function validMetrics(kind: RunKind): string {
  const names = Object.keys(THRESHOLD_METRICS[kind])
  return names.join(', ')
}

function usage(expression: string, problem: string, kind: RunKind): UsageError {
  return new UsageError(`--threshold "${expression}": ${problem}`,
    `write METRIC OP VALUE, e.g. confirm_p99<50ms, error_rate<1%, unconfirmed==0${kind === 'simulate' ? ', rate>=0.95*target' : ''}; OP is < <= > >= == !=; METRIC is one of ${validMetrics(kind)}`)
}

/** Parse one `--threshold`; a UsageError naming what is valid when it cannot be. */
export function parseThreshold(expression: string, kind: RunKind, opts: {hasTarget?: boolean} = {}): Threshold {
  const m = EXPR.exec(expression)
  if (!m) throw usage(expression, 'not METRIC OP VALUE', kind)
  const [, metric, op, raw] = m as unknown as [string, string, Op, string]
  const info = THRESHOLD_METRICS[kind][metric]
  if (!info) throw usage(expression, `unknown metric "${metric}"`, kind)
  const base = {expression: expression.trim(), metric, op, unit: info.unit, monotone: info.monotone ?? false}
  const target = /^(?:(\d+(?:\.\d+)?)\s*\*\s*)?target(?:\s*\*\s*(\d+(?:\.\d+)?))?$/.exec(raw)
  if (target) {
    if (metric !== 'rate') throw usage(expression, '"target" (the rate asked for) compares only with rate', kind)
    if (!opts.hasTarget) throw usage(expression, 'there is no target: give --rate a number > 0 or a profile', kind)
    return {...base, value: Number(target[1] ?? target[2] ?? 1), ofTarget: true}
  }
  let value: number | undefined
  switch (info.unit) {
    case 'ms': {
      if (/^\d+(?:\.\d+)?$/.test(raw)) throw usage(expression, `${metric} is a latency: give the value a unit (${raw}ms or ${raw}s)`, kind)
      const us = /^(\d+(?:\.\d+)?)(?:us|µs)$/.exec(raw)
      const s = us ? Number(us[1]) / 1e6 : parseDuration(raw)
      if (s === undefined) throw usage(expression, `"${raw}" is not a latency (50ms, 1.5s, 2m)`, kind)
      value = s * 1000
      break
    }
    case 'ratio': {
      const pct = /^(\d+(?:\.\d+)?)%$/.exec(raw)
      value = pct ? Number(pct[1]) / 100 : Number(raw)
      if (raw === '' || !Number.isFinite(value) || value < 0 || (!pct && value > 1)) throw usage(expression, `"${raw}" is not a ratio (1% or 0.01)`, kind)
      break
    }
    case 'count':
      if (!/^\d+$/.test(raw)) throw usage(expression, `"${raw}" is not a whole number`, kind)
      value = Number(raw)
      break
    case 'per_s':
      value = Number(raw)
      if (!/^\d+(?:\.\d+)?$/.test(raw)) throw usage(expression, `"${raw}" is not a number per second${metric === 'rate' ? ' (or F*target)' : ''}`, kind)
      break
  }
  return {...base, value, ofTarget: false}
}

/** What the run measured, by metric name (undefined: not measured). */
export type Measures = Readonly<Record<string, number | undefined>>

export interface ThresholdResult {
  readonly expression: string
  readonly metric: string
  readonly passed: boolean
  /** The measured value (ms, ratio, count, per second), undefined when not measured. */
  readonly measured?: number
  /** The bound it was compared with (a target resolved). */
  readonly bound: number
  /** The measured value and bound as a person reads them. */
  readonly text: string
}

function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case '<': return a < b
    case '<=': return a <= b
    case '>': return a > b
    case '>=': return a >= b
    case '==': return a === b
    case '!=': return a !== b
  }
}

export function formatValue(v: number, unit: Unit): string {
  switch (unit) {
    case 'ms': return v >= 1000 ? formatDuration(Math.round(v) / 1000) : `${Math.round(v * 100) / 100}ms`
    case 'ratio': return `${Math.round(v * 10000) / 100}%`
    case 'count': return String(v)
    case 'per_s': return `${Math.round(v * 10) / 10}/s`
  }
}

export function evaluate(t: Threshold, m: Measures): ThresholdResult {
  const measured = m[t.metric]
  const bound = t.ofTarget ? t.value * (m.target ?? NaN) : t.value
  const passed = measured !== undefined && Number.isFinite(bound) && compare(measured, t.op, bound)
  const shown = measured === undefined ? 'not measured' : formatValue(measured, t.unit)
  const boundText = t.ofTarget ? `${t.value}×target = ${formatValue(bound, t.unit)}` : formatValue(bound, t.unit)
  return {expression: t.expression, metric: t.metric, passed, measured, bound, text: `${t.metric} ${shown} (${t.op} ${boundText})`}
}

/**
 * Whether a failure seen during the run is final: a count that only grows
 * and already breaks a < / <= / == bound, or any metric with enough data
 * behind it (`samples`: values in the latency histogram, lifecycles ended).
 */
export function failsForGood(t: Threshold, r: ThresholdResult, samples: number): boolean {
  if (r.passed || r.measured === undefined) return false
  if (t.monotone) return t.op === '<' || t.op === '<=' || (t.op === '==' && r.measured > r.bound)
  if (t.metric === 'unconfirmed' || t.metric === 'open' || t.unit === 'per_s') return false // only meaningful at the end
  return samples >= LIVE_MIN_SAMPLES
}

/** Values (latencies, lifecycles) a live percentile or ratio needs before it can fail a run. */
export const LIVE_MIN_SAMPLES = 100
