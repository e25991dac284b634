/**
 * One second of a run as data: what a recorder counted since its previous
 * sample. Samples are plain, structured-cloneable objects, so a simulation
 * thread posts them to the main thread as they are; samples of the same
 * second (threads) or of neighbouring seconds (a coarser time series) add
 * up: counters and gauges summed, histograms merged without losing
 * precision.
 */
import {LatencyHistogram, type Percentiles} from './histogram.js'

/** Bucket bounds (seconds) of every Prometheus latency histogram. */
export const LATENCY_BOUNDS_S: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600]

/** Label values joined into one key (label values never hold U+0001). */
export const LABEL_SEP = '\u0001'

export function labelKey(...values: readonly string[]): string {
  return values.join(LABEL_SEP)
}

export function labelValues(key: string): string[] {
  return key === '' ? [] : key.split(LABEL_SEP)
}

/** A histogram over one interval: the HdrHistogram of every value, and Prometheus buckets per label set. */
export interface SampleHistogram {
  /** HdrHistogram compressed base64, µs ('' when empty). */
  readonly hdr: string
  /**
   * Per label key: counts per bucket of LATENCY_BOUNDS_S (not cumulative),
   * then the count above the last bound, then the sum in seconds.
   */
  readonly buckets: Readonly<Record<string, readonly number[]>>
}

export interface Sample {
  /** The epoch second the interval ends at: it covers the second before. */
  readonly second: number
  readonly fromMs: number
  readonly toMs: number
  /** Increments since the previous sample. */
  readonly counters: Readonly<Record<string, number>>
  /** Labelled increments: metric → label key → increment. */
  readonly by: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** Values now (in flight, open, target rate…). */
  readonly gauges: Readonly<Record<string, number>>
  readonly histograms: Readonly<Record<string, SampleHistogram>>
}

export function emptySample(second: number, fromMs: number, toMs: number): Sample {
  return {second, fromMs, toMs, counters: {}, by: {}, gauges: {}, histograms: {}}
}

function addRecord(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v
}

/**
 * The sum of samples: counters, labelled counters and buckets added,
 * histograms merged. `gauges`: 'sum' (samples of one second from several
 * sources) or 'last' (consecutive seconds folded into one).
 */
export function mergeSamples(samples: readonly Sample[], gauges: 'sum' | 'last', second?: number): Sample {
  if (samples.length === 1 && second === undefined) return samples[0]!
  const counters: Record<string, number> = {}
  const by: Record<string, Record<string, number>> = {}
  let g: Record<string, number> = {}
  const hists = new Map<string, {hdr: LatencyHistogram, buckets: Record<string, number[]>}>()
  let fromMs = Infinity
  let toMs = -Infinity
  let last = -Infinity
  for (const s of samples) {
    fromMs = Math.min(fromMs, s.fromMs)
    toMs = Math.max(toMs, s.toMs)
    last = Math.max(last, s.second)
    addRecord(counters, s.counters)
    for (const [m, rec] of Object.entries(s.by)) addRecord(by[m] ??= {}, rec)
    if (gauges === 'sum') addRecord(g, s.gauges)
    else if (s.second >= last) g = {...s.gauges}
    for (const [name, h] of Object.entries(s.histograms)) {
      let acc = hists.get(name)
      if (!acc) hists.set(name, acc = {hdr: new LatencyHistogram(), buckets: {}})
      acc.hdr.merge(h.hdr)
      for (const [key, b] of Object.entries(h.buckets)) {
        const mine = acc.buckets[key] ??= new Array<number>(b.length).fill(0)
        for (let i = 0; i < b.length; i++) mine[i]! += b[i]!
      }
    }
  }
  const histograms: Record<string, SampleHistogram> = {}
  for (const [name, h] of hists) histograms[name] = {hdr: h.hdr.encode(), buckets: h.buckets}
  return {second: second ?? last, fromMs, toMs, counters, by, gauges: g, histograms}
}

/** Percentiles (ms) of one of a sample's histograms. */
export function samplePercentiles(s: Sample, name: string): Percentiles {
  let mine = decoded.get(s)
  if (!mine) decoded.set(s, mine = new Map())
  let p = mine.get(name)
  if (!p) mine.set(name, p = LatencyHistogram.decode(s.histograms[name]?.hdr ?? '').summary())
  return p
}

/** Percentiles already computed, per sample (a row reads each several times). */
const decoded = new WeakMap<Sample, Map<string, Percentiles>>()

/** The sum of a labelled counter over every label set. */
export function total(s: Pick<Sample, 'by'>, metric: string): number {
  let n = 0
  for (const v of Object.values(s.by[metric] ?? {})) n += v
  return n
}
