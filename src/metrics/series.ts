/**
 * A run's time series, for the report: one point per second, folded into
 * 2-, 4-, 8-second… points as the run grows so a report never holds more
 * than MAX_POINTS (a day-long run stays a small file). Points start on
 * multiples of the resolution in epoch time, so the series of several
 * workers line up and merge exactly (counters and gauges summed,
 * histograms merged).
 */
import {mergeSamples, type Sample} from './sample.js'

export const MAX_POINTS = 600

/** A point as the report stores it: the second it starts at, and the sample of its span (histograms without buckets). */
export interface SeriesPoint extends Pick<Sample, 'counters' | 'by' | 'gauges'> {
  /** Epoch second the point starts at (a multiple of the resolution). */
  readonly t: number
  /** Seconds of the run it covers (less than the resolution at the run's first and last point). */
  readonly seconds: number
  /** HdrHistogram compressed base64 (µs) per histogram. */
  readonly histograms: Readonly<Record<string, string>>
}

export interface SeriesData {
  readonly resolution_s: number
  readonly points: readonly SeriesPoint[]
}

/** A point back as a sample (to merge). */
function toSample(p: SeriesPoint, resolution: number): Sample {
  const histograms: Record<string, {hdr: string, buckets: Record<string, number[]>}> = {}
  for (const [k, hdr] of Object.entries(p.histograms)) histograms[k] = {hdr, buckets: {}}
  const fromMs = (p.t + resolution) * 1000 - p.seconds * 1000
  return {second: p.t + resolution, fromMs, toMs: (p.t + resolution) * 1000, counters: p.counters, by: p.by, gauges: p.gauges, histograms}
}

function toPoint(s: Sample, t: number, resolution: number): SeriesPoint {
  const histograms: Record<string, string> = {}
  for (const [k, h] of Object.entries(s.histograms)) if (h.hdr !== '') histograms[k] = h.hdr
  const seconds = Math.round(Math.min(resolution, Math.max(0.001, (s.toMs - s.fromMs) / 1000)) * 1000) / 1000
  return {t, seconds, counters: s.counters, by: s.by, gauges: s.gauges, histograms}
}

export class Series {
  private points = new Map<number, SeriesPoint>()

  constructor(private resolution = 1) {}

  get resolutionS(): number {
    return this.resolution
  }

  /** Add a second of the run (all sources summed). */
  add(s: Sample): void {
    const t = Math.floor((s.second - 1) / this.resolution) * this.resolution
    const had = this.points.get(t)
    this.points.set(t, had ? toPoint(mergeSamples([toSample(had, this.resolution), s], 'last'), t, this.resolution) : toPoint(s, t, this.resolution))
    while (this.points.size > MAX_POINTS) this.coarsen(this.resolution * 2)
  }

  /** Fold the points into points of `resolution` seconds. */
  coarsen(resolution: number): void {
    if (resolution <= this.resolution) return
    const groups = new Map<number, Sample[]>()
    for (const p of [...this.points.values()].sort((a, b) => a.t - b.t)) {
      const t = Math.floor(p.t / resolution) * resolution
      const list = groups.get(t) ?? []
      list.push(toSample(p, this.resolution))
      groups.set(t, list)
    }
    this.points = new Map([...groups].map(([t, list]) => [t, toPoint(mergeSamples(list, 'last', t + resolution), t, resolution)]))
    this.resolution = resolution
  }

  toData(): SeriesData {
    return {resolution_s: this.resolution, points: [...this.points.values()].sort((a, b) => a.t - b.t)}
  }

  static fromData(d: SeriesData): Series {
    const s = new Series(d.resolution_s)
    for (const p of d.points) s.points.set(p.t, p)
    return s
  }

  /**
   * The series of several reports as one: at the coarsest of their
   * resolutions, points of the same span summed (their gauges too: the
   * workers' in-flight requests add up).
   */
  static merge(all: readonly SeriesData[]): SeriesData {
    const resolution = Math.max(1, ...all.map((d) => d.resolution_s))
    const groups = new Map<number, Sample[]>()
    for (const d of all) {
      const s = Series.fromData(d)
      s.coarsen(resolution)
      for (const p of s.points.values()) {
        const list = groups.get(p.t) ?? []
        list.push(toSample(p, resolution))
        groups.set(p.t, list)
      }
    }
    const out = new Series(resolution)
    for (const [t, list] of groups) out.points.set(t, toPoint(mergeSamples(list, 'sum', t + resolution), t, resolution))
    while (out.points.size > MAX_POINTS) out.coarsen(out.resolution * 2)
    return out.toData()
  }
}
