/**
 * `--metrics-file FILE`: one row per second of the run, written as the run
 * goes (so `tail -f` shows it live): CSV when FILE ends in .csv, JSON lines
 * otherwise (.jsonl, .ndjson, .json). CSV has fixed columns (see
 * catalog.ts); JSON rows add the detail by operation and event type.
 */
import {closeSync, openSync, writeSync} from 'node:fs'
import {UsageError} from '../util/errors.js'
import {columnNames, csvCells, rowOf, type RunKind} from './catalog.js'
import type {RunSink} from './hub.js'
import type {Sample} from './sample.js'

export type MetricsFormat = 'csv' | 'jsonl'

/** The format a file name asks for. */
export function metricsFormat(file: string): MetricsFormat {
  return /\.csv$/i.test(file) ? 'csv' : 'jsonl'
}

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v)
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export class MetricsFile implements RunSink {
  private fd: number
  private readonly format: MetricsFormat

  constructor(readonly file: string, private readonly kind: RunKind, private readonly startMs: number) {
    this.format = metricsFormat(file)
    try {
      this.fd = openSync(file, 'w')
    } catch (err) {
      throw new UsageError(`cannot write the metrics file ${file}: ${(err as Error).message}`, 'give --metrics-file a path in a directory you can write to (.csv or .jsonl)')
    }
    if (this.format === 'csv') this.write(['t', 'elapsed_s', ...columnNames(kind)].map(csvCell).join(',') + '\n')
  }

  second(s: Sample): void {
    const row = rowOf(this.kind, s, this.startMs)
    this.write(this.format === 'csv' ? csvCells(this.kind, row).map(csvCell).join(',') + '\n' : JSON.stringify(row) + '\n')
  }

  private write(text: string): void {
    // Synchronous and unbuffered: a row a second, readable at once, complete if the process dies.
    writeSync(this.fd, text)
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd)
    this.fd = -1
  }
}
