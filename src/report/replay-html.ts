/**
 * `replay --report run.html`: the replay's report as one self-contained
 * page, built from the same parts as simulate's (html.ts, svg.ts): the
 * verdict and key numbers, published vs confirmed over time, confirm
 * latency percentiles over time, the confirm latency distribution, what was
 * read (lines, messages, filtered, bad lines and where they were), the
 * timing and rewriting asked for, and the thresholds. Everything from the
 * recording (file names, bad lines) is escaped; the report's JSON is
 * embedded as in simulate's page.
 */
import {LatencyHistogram} from '../metrics/histogram.js'
import type {SeriesData, SeriesPoint} from '../metrics/series.js'
import type {ThresholdResult} from '../metrics/thresholds.js'
import type {ReplayReport} from '../replay/report.js'
import {COLOURS, CSS, EMBEDDED_ID, embedJson, ms, sumBy, table, tile} from './html.js'
import {esc, fmtElapsed, fmtNumber, lineChart} from './svg.js'

/** What the replay command writes: its report, the time series, the thresholds. */
export type ReplayHtmlInput = ReplayReport & {readonly series?: SeriesData, readonly thresholds?: readonly ThresholdResult[]}

function timeCharts(series: SeriesData | undefined): string[] {
  if (!series || series.points.length === 0) return ['<p class="note">This report has no time series (the replay sent nothing).</p>']
  const res = series.resolution_s
  const pts: readonly SeriesPoint[] = series.points
  const t0 = pts[0]!.t
  const span = [0, pts[pts.length - 1]!.t - t0] as const
  const rate = (n: number, p: SeriesPoint): number => n / (p.seconds > 0 ? p.seconds : res)
  const have = pts.filter((p) => (p.histograms.confirm_latency ?? '') !== '')
  const per = `per second${res > 1 ? ` (averaged over ${res}-second points)` : ''}`
  return [
    lineChart({id: 'throughput', xRange: span, title: 'Notifications per second: published vs confirmed', yLabel: 'notifications per second', lines: [
      {name: 'published', colour: COLOURS.published, points: pts.map((p) => [p.t - t0, rate(sumBy(p.by.published), p)] as [number, number])},
      {name: 'confirmed', colour: COLOURS.confirmed, points: pts.map((p) => [p.t - t0, rate(p.counters.confirmed ?? 0, p)] as [number, number])},
    ], note: `Each point: ${per}.`}),
    lineChart({id: 'confirm-latency', xRange: span, title: 'Broker confirm latency over time', yLabel: 'milliseconds',
      lines: ([['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const).map(([label, q]) => ({
        name: label, colour: COLOURS[label], points: have.map((p) => [p.t - t0, LatencyHistogram.decode(p.histograms.confirm_latency!).quantile(q)] as [number, number]),
      })),
      note: 'Publish → broker confirm, percentiles of each point.'}),
  ]
}

function verdict(r: ReplayHtmlInput): string {
  const failed = (r.thresholds ?? []).filter((t) => !t.passed)
  if (r.thresholds && r.thresholds.length > 0) {
    return failed.length === 0 ? `<span class="verdict pass">PASS: all ${r.thresholds.length} thresholds held</span>`
      : `<span class="verdict fail">FAIL: ${failed.length} of ${r.thresholds.length} thresholds</span>`
  }
  const complete = r.notifications.unconfirmed === 0 && !r.failure && !r.interrupted
  return `<span class="verdict neutral">${complete ? 'complete: every notification confirmed' : 'incomplete'}</span>`
}

function timingText(r: ReplayReport): string {
  const t = r.timing
  const pace = t.speed !== undefined ? `--speed ${t.speed} (recorded gaps ÷ ${t.speed})` : `--rate ${t.rate_profile ?? ''}`
  return t.loop > 1 ? `${pace}, --loop ${t.loop}` : pace
}

export function renderReplayHtml(r: ReplayHtmlInput): string {
  const n = r.notifications
  const title = `trove-notify replay: ${r.files.join(', ')}`
  const pct = (p: ReplayReport['confirm_latency_ms']): string[] => [String(p.count), ms(p.p50), ms(p.p95), ms(p.p99), ms(p.max), ms(p.mean)]
  const tiles = [
    tile('messages read', fmtNumber(r.read.messages)),
    tile('notifications confirmed', fmtNumber(n.confirmed)),
    tile('notifications / s', fmtNumber(n.per_second)),
    tile('unconfirmed', String(n.unconfirmed)),
    tile('confirm p99', r.confirm_latency_ms.count > 0 ? ms(r.confirm_latency_ms.p99) : '–'),
    tile('late p99 (vs schedule)', r.schedule_lateness_ms.count > 0 ? ms(r.schedule_lateness_ms.p99) : '–'),
    tile('bad lines', String(r.read.bad_lines)),
    tile('elapsed', fmtElapsed(r.elapsed_s)),
  ].join('')
  const thresholds = r.thresholds && r.thresholds.length > 0
    ? `<h2>Thresholds</h2>${table(['threshold', 'measured', 'result'], r.thresholds.map((t) => [t.expression, t.text, t.passed ? 'pass' : 'FAIL']))}`
    : ''
  const problems = [
    ...(r.failure ? [`The replay could not finish cleanly: ${r.failure}${r.failure_hint ? ` — try: ${r.failure_hint}` : ''}`] : []),
    ...(r.interrupted ? ['Stopped early (Ctrl-C or --strict at a bad line).'] : []),
  ]
  const read = table(['read', 'value'], [
    ['passes', String(r.read.passes)], ['lines', String(r.read.lines)], ['messages', String(r.read.messages)],
    ['filtered out', String(r.read.filtered_out)], ['bad lines (skipped)', String(r.read.bad_lines)],
    ['not oslo notifications (sent as recorded)', String(r.read.not_rewritten)],
  ], [1])
  const badLines = r.bad_lines.length > 0
    ? `<h3>First bad lines</h3>${table(['file', 'line', 'problem'], r.bad_lines.map((b) => [b.source, String(b.line), b.problem]))}`
    : ''
  const tenantMap = Object.entries(r.rewrite.tenant_map).map(([a, b]) => `${a}=${b}`).join(', ')
  const settings: Array<[string, string]> = [
    ['started', r.started_at], ['first sent', r.first_sent_at ?? '–'], ['elapsed', `${r.elapsed_s} s`],
    ['files', r.files.join(', ')], ['driver', r.driver], ['dialect', r.dialect], ['topics', r.topics.join(', ')],
    ['timing', timingText(r)], ['--retime', r.rewrite.retime ? 'yes' : 'no'], ['--fresh-ids', r.rewrite.fresh_ids ? 'yes' : 'no'],
    ['--tenant-map', tenantMap || '–'],
    ['CPU', `${r.cpu_s} s (${r.cpu_us_per_notification} µs per notification)`], ['peak RSS', `${r.peak_rss_mb} MB`],
    ['republished / reconnects', `${n.republished} / ${n.reconnects}`],
  ]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} (${esc(r.started_at)})</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<p class="sub">${esc(r.started_at)} · ${esc(fmtElapsed(r.elapsed_s))} · ${esc(timingText(r))} · driver ${esc(r.driver)}${r.interrupted ? ' · interrupted' : ''}</p>
${verdict(r)}
<div class="tiles">${tiles}</div>
${problems.length ? `<h2>Problems</h2><ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
${thresholds}
<h2>Over time</h2>
<div class="grid2">${timeCharts(r.series).join('\n')}</div>
<h2>Latency</h2>
${table(['latency', 'count', 'p50', 'p95', 'p99', 'max', 'mean'], [
    ['broker confirm', ...pct(r.confirm_latency_ms)], ['late against the schedule', ...pct(r.schedule_lateness_ms)],
  ], [1, 2, 3, 4, 5, 6])}
<h2>What was read</h2>
${read}
${badLines}
<h2>Settings</h2>
${table(['setting', 'value'], settings)}
<footer>Written by trove-notify. This file is self-contained: it loads nothing, and its data is embedded below as JSON (id "${EMBEDDED_ID}").</footer>
</main>
<script type="application/json" id="${EMBEDDED_ID}">${embedJson(r)}</script>
</body></html>
`
}
