/**
 * Where a run's samples meet (in the main thread): every source — the
 * command itself, or each simulation thread — hands in one sample per
 * second. Each sample goes at once to the per-source sinks (Prometheus,
 * labelled by thread); samples of the same second are summed and go, in
 * order, to the sinks of the whole run (the metrics file, the report's time
 * series, live thresholds) once every source still running has reported
 * that second.
 */
import {mergeSamples, type Sample} from './sample.js'

export interface SourceSink {
  /** A sample of source `source` (0-based thread). */
  source(source: number, s: Sample): void
}

export interface RunSink {
  /** The run's second `s.second`, all sources summed. */
  second(s: Sample): void
}

export class MetricsHub {
  private readonly pending = new Map<number, Sample[]>()
  private readonly latest = new Map<number, number>()
  private readonly running = new Set<number>()
  private emitted = 0

  constructor(sources: number, private readonly sourceSinks: readonly SourceSink[], private readonly runSinks: readonly RunSink[]) {
    for (let i = 0; i < sources; i++) this.running.add(i)
  }

  ingest(source: number, s: Sample): void {
    for (const sink of this.sourceSinks) sink.source(source, s)
    // A late sample (its second was emitted already) joins the next one.
    const second = Math.max(s.second, this.emitted + 1)
    const list = this.pending.get(second) ?? []
    list.push(second === s.second ? s : {...s, second})
    this.pending.set(second, list)
    this.latest.set(source, Math.max(this.latest.get(source) ?? 0, second))
    this.release()
  }

  /** Source `source` has sent its last sample. */
  end(source: number): void {
    this.running.delete(source)
    this.release()
  }

  /** Everything still pending (at the end of the run). */
  drain(): void {
    this.running.clear()
    this.release()
  }

  private release(): void {
    let upTo = Infinity
    for (const s of this.running) upTo = Math.min(upTo, this.latest.get(s) ?? 0)
    const due = [...this.pending.keys()].filter((k) => k <= upTo).sort((a, b) => a - b)
    for (const second of due) {
      const merged = mergeSamples(this.pending.get(second)!, 'sum', second)
      this.pending.delete(second)
      this.emitted = second
      for (const sink of this.runSinks) sink.second(merged)
    }
  }
}
