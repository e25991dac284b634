/**
 * Latency histograms: HdrHistogram (hdr-histogram-js) in microseconds with
 * 3 significant digits, so every percentile is within 0.1 % of the exact
 * value, in constant memory however many values are recorded. Histograms
 * merge without losing precision (threads, `--worker` processes, the
 * seconds of a time series) and travel as HdrHistogram's compressed base64
 * form, which other HdrHistogram libraries read too.
 */
import {createRequire} from 'node:module'
import type * as hdr from 'hdr-histogram-js'

// hdr-histogram-js's index loads its WebAssembly build and the zlib codec
// (~100 ms): take the plain JS histogram at once, the codec on first use.
const require = createRequire(import.meta.url)
const Int32Histogram = (require('hdr-histogram-js/dist/Int32Histogram.js') as {default: new (lowest: number, highest: number, digits: number) => hdr.Histogram}).default
type Codec = Pick<typeof hdr, 'encodeIntoCompressedBase64' | 'decodeFromCompressedBase64'>
let codecModule: Codec | undefined
const codec = (): Codec => (codecModule ??= require('hdr-histogram-js/dist/encoding.js') as Codec)

/** Percentiles of a histogram, in milliseconds. */
export interface Percentiles {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/** Values are recorded in µs: 1 µs is the smallest told apart; the range grows as needed. */
function fresh(): hdr.Histogram {
  const h = new Int32Histogram(1, 60_000_000, 3)
  h.autoResize = true
  return h
}

const round2 = (x: number): number => Math.round(x * 100) / 100

export class LatencyHistogram {
  private h = fresh()

  /** Record one value in milliseconds (negative counts as 0). */
  record(ms: number): void {
    this.h.recordValue(ms > 0 ? Math.round(ms * 1000) : 0)
  }

  get count(): number {
    return this.h.totalCount
  }

  /** The value (ms) at or below which `q` (0–1) of the recorded values lie. */
  quantile(q: number): number {
    if (this.h.totalCount === 0) return 0
    return this.h.getValueAtPercentile(q * 100) / 1000
  }

  /**
   * The largest value, as the top of its HdrHistogram bucket (within 0.1 %):
   * what a merged or decoded histogram can tell too, so the max of merged
   * histograms is the max of one that saw everything.
   */
  get max(): number {
    if (this.h.totalCount === 0) return 0
    return (this.h as unknown as {highestEquivalentValue(v: number): number}).highestEquivalentValue(this.h.maxValue) / 1000
  }

  get mean(): number {
    return this.h.totalCount === 0 ? 0 : this.h.mean / 1000
  }

  /** Add what another histogram recorded (a histogram, or its encoded form). */
  merge(other: LatencyHistogram | string): void {
    if (typeof other === 'string') {
      if (other !== '') this.h.add(decode(other))
    } else if (other.count > 0) {
      this.h.add(other.h)
    }
  }

  reset(): void {
    this.h.reset()
  }

  /** HdrHistogram's compressed base64 form ('' when empty). */
  encode(): string {
    return this.h.totalCount === 0 ? '' : codec().encodeIntoCompressedBase64(this.h)
  }

  static decode(encoded: string): LatencyHistogram {
    const out = new LatencyHistogram()
    out.merge(encoded)
    return out
  }

  /** Structured-cloneable form (what a simulation thread sends back). */
  toData(): string {
    return this.encode()
  }

  summary(): Percentiles {
    return {
      count: this.count,
      p50: round2(this.quantile(0.5)),
      p95: round2(this.quantile(0.95)),
      p99: round2(this.quantile(0.99)),
      max: round2(this.max),
      mean: round2(this.mean),
    }
  }

  /**
   * How many values fall in each bin of `edges` (ms, ascending): bin i holds
   * values in (edges[i-1], edges[i]]; the last bin everything above. Length
   * edges.length + 1.
   */
  bins(edges: readonly number[]): number[] {
    const out = new Array<number>(edges.length + 1).fill(0)
    if (this.h.totalCount === 0) return out
    const it = (this.h as unknown as {recordedValuesIterator: {reset(): void, hasNext(): boolean, next(): {valueIteratedTo: number, countAtValueIteratedTo: number}}}).recordedValuesIterator
    it.reset()
    let i = 0
    while (it.hasNext()) {
      const v = it.next()
      const ms = v.valueIteratedTo / 1000
      while (i < edges.length && ms > edges[i]!) i++
      out[i]! += v.countAtValueIteratedTo
    }
    return out
  }
}

function decode(encoded: string): hdr.Histogram {
  return codec().decodeFromCompressedBase64(encoded, 32, false)
}
