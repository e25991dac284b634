/**
 * Reports on disk: written as JSON or as the self-contained HTML page, by
 * the file's extension (.html/.htm → HTML, anything else JSON); read back
 * from either (an HTML report carries its JSON), checked enough that
 * `report merge` names a file that is not a trove-notify report.
 */
import {readFileSync, writeFileSync} from 'node:fs'
import type {SimulationReport} from '../simulate/report.js'
import {UsageError, UserError} from '../util/errors.js'
import {EMBEDDED_ID, renderHtml} from './html.js'

export type ReportFormat = 'html' | 'json'

export function reportFormat(file: string): ReportFormat {
  return /\.html?$/i.test(file) ? 'html' : 'json'
}

/** Write `report` to `file`: the page `page(report)` for .html/.htm, else pretty JSON (a bad path is a one-line error). */
export function writeReportFile<R>(file: string, report: R, page: (r: R) => string): void {
  const text = reportFormat(file) === 'html' ? page(report) : JSON.stringify(report, null, 2) + '\n'
  try {
    writeFileSync(file, text)
  } catch (err) {
    throw new UserError(`cannot write the report to ${file}: ${(err as Error).message}`, 'give a path in a directory you can write to (.html for the page, .json for the data)')
  }
}

/** simulate's and `report merge`'s report. */
export function writeReport(file: string, report: SimulationReport): void {
  writeReportFile(file, report, renderHtml)
}

const EMBEDDED = new RegExp(`<script type="application/json" id="${EMBEDDED_ID}">([\\s\\S]*?)</script>`)

/** A report written by `simulate --report` (JSON or HTML) or by `report merge`. */
export function readReport(file: string): SimulationReport {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message
    throw new UsageError(`cannot read the report ${file}: ${why}`, 'give the reports written by simulate --report FILE.json (or .html)')
  }
  const fix = 'give reports written by simulate --report (JSON or HTML) of this version of trove-notify'
  let json = text
  if (/^\s*</.test(text)) {
    const m = EMBEDDED.exec(text)
    if (!m) throw new UsageError(`${file} is an HTML file without an embedded trove-notify report`, fix)
    json = m[1]!
  }
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`, fix)
  }
  const r = data as Partial<SimulationReport>
  if (typeof r !== 'object' || r === null || typeof r.seed !== 'string' || typeof r.notifications !== 'object' || typeof r.operations !== 'object') {
    throw new UsageError(`${file} is not a simulate report (no seed, operations, notifications)`, fix)
  }
  if (typeof r.histograms?.confirm_latency !== 'string' || typeof r.histograms?.lifecycle_latency !== 'string') {
    throw new UsageError(`${file} has no latency histograms (written by an older trove-notify?): its percentiles cannot be merged`, fix)
  }
  return r as SimulationReport
}
