/**
 * `--report run.html` and `report merge … --out all.html`: one
 * self-contained HTML file — inline CSS and SVG, no script to run, nothing
 * fetched — that opens offline, prints, and reads on a phone. It shows the
 * verdict and key numbers, throughput over time (published vs confirmed,
 * requests vs the rate asked), confirm and lifecycle latency percentiles
 * over time, errors over time by kind, the operation and event-type mix,
 * the latency distributions, the thresholds, the run's settings and the
 * line that reproduces it. Everything from the run is escaped (names come
 * from the wire and the state). The report's JSON is embedded, so the HTML
 * file can itself be merged.
 */
import {LatencyHistogram} from '../metrics/histogram.js'
import {labelValues} from '../metrics/sample.js'
import type {SeriesPoint} from '../metrics/series.js'
import type {SimulationReport} from '../simulate/report.js'
import {esc, fmtElapsed, fmtNumber, histogramChart, horizontalBars, lineChart, stackedBars} from './svg.js'

export const COLOURS = {
  published: '#4269d0', confirmed: '#3ca951', requests: '#6cc5b0', target: '#444444',
  p50: '#3ca951', p95: '#efb118', p99: '#ff725c', rule: '#efb118', injected: '#ff725c', crashes: '#a463f2',
  end: '#3ca951', error: '#ff725c', histogram: '#4269d0',
}

/** The id of the embedded JSON (what `report merge` reads back from an HTML report). */
export const EMBEDDED_ID = 'trove-notify-report'

export const CSS = `
:root{--fg:#1d1d1f;--muted:#666;--line:#ddd;--bg:#fff;--card:#f6f7f9;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
*{box-sizing:border-box}body{margin:0;color:var(--fg);background:var(--bg);line-height:1.4}
main{max-width:1100px;margin:0 auto;padding:16px}
h1{font-size:1.4rem;margin:0 0 4px}h2{font-size:1.1rem;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.sub{color:var(--muted);margin:0 0 12px;overflow-wrap:anywhere}
.verdict{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;margin:4px 0 12px}
.pass{background:#e3f4e6;color:#1d6b2a}.fail{background:#fde4e1;color:#a3241b}.neutral{background:#eceef2;color:#333}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.tile{background:var(--card);border-radius:8px;padding:8px 10px}.tile b{display:block;font-size:1.25rem}.tile span{color:var(--muted);font-size:.85rem}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:16px}
figure.chart{margin:0;padding:8px;border:1px solid var(--line);border-radius:8px;break-inside:avoid;page-break-inside:avoid}
figcaption{font-weight:600;margin-bottom:4px}svg{width:100%;height:auto;display:block}
.grid,.axis{stroke:#e5e5e5;stroke-width:1}.axis{stroke:#999}
.tick,.row-label,.value{font-size:11px;fill:#555}.axis-label{font-size:12px;fill:#333}
path.series{fill:none;stroke-width:2;stroke-linejoin:round}path.dashed{stroke-dasharray:6 4;stroke-width:1.5}
.legend{list-style:none;padding:0;margin:4px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.85rem}
.swatch{display:inline-block;width:14px;height:4px;background:var(--c);margin-right:5px;vertical-align:middle}.swatch.dashed{background:repeating-linear-gradient(90deg,var(--c) 0 4px,transparent 4px 7px)}
.note,.empty{color:var(--muted);font-size:.85rem;margin:4px 0 0}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem}
pre{background:var(--card);padding:10px;border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere}
footer{color:var(--muted);font-size:.8rem;margin:28px 0 8px}
@media (max-width:600px){main{padding:10px}.grid2{grid-template-columns:1fr}h1{font-size:1.15rem}}
@media print{main{max-width:none;padding:0}.grid2{grid-template-columns:1fr 1fr}h2{break-after:avoid}body{font-size:10pt}}
`

export function ms(v: number): string {
  return v >= 1000 ? `${+(v / 1000).toFixed(2)} s` : `${+v.toFixed(2)} ms`
}

export function tile(label: string, value: string): string {
  return `<div class="tile"><b>${esc(value)}</b><span>${esc(label)}</span></div>`
}

export function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>, numeric: readonly number[] = []): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('')
  const trs = rows.map((r) => `<tr>${r.map((v, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${esc(v)}</td>`).join('')}</tr>`).join('')
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>${trs}</tbody></table></div>`
}

export function sumBy(rec: Readonly<Record<string, number>> | undefined, pick?: (labels: string[]) => boolean): number {
  let n = 0
  for (const [k, v] of Object.entries(rec ?? {})) if (!pick || pick(labelValues(k))) n += v
  return n
}

/** Bin edges (ms) in 1-2-5 steps covering the histogram's values. */
function latencyEdges(h: LatencyHistogram): number[] {
  const steps: number[] = []
  for (let e = -3; e <= 7; e++) for (const f of [1, 2, 5]) steps.push(f * 10 ** e)
  const lo = h.quantile(0.001)
  const hi = h.max
  let first = steps.findIndex((s) => s >= lo)
  let last = steps.findIndex((s) => s >= hi)
  if (first < 0) first = 0
  if (last < 0) last = steps.length - 1
  first = Math.max(0, Math.min(first, last - 3))
  while (last - first > 15) first++
  return steps.slice(first, last + 1)
}

export function distribution(id: string, title: string, encoded: string | undefined, yLabel: string): string {
  const h = LatencyHistogram.decode(encoded ?? '')
  const edges = latencyEdges(h)
  const counts = h.bins(edges)
  const bins = edges.map((e, i) => ({label: `≤${ms(e).replace(' ', '')}`, count: counts[i]! + (i === edges.length - 1 ? counts[edges.length]! : 0)}))
  return histogramChart({id, title, xLabel: 'duration (upper bound of each bin)', yLabel, bins, colour: COLOURS.histogram,
    note: h.count > 0 ? `${h.count} values; p50 ${ms(h.quantile(0.5))}, p99 ${ms(h.quantile(0.99))}, max ${ms(h.max)}.` : undefined})
}

function timeCharts(r: SimulationReport): string[] {
  const series = r.series
  if (!series || series.points.length === 0) return ['<p class="note">This report has no time series (it was written without one).</p>']
  const res = series.resolution_s
  const pts: readonly SeriesPoint[] = series.points
  const t0 = pts[0]!.t
  const xs = pts.map((p) => p.t - t0)
  const span = [0, xs[xs.length - 1]!] as const
  const at = (f: (p: SeriesPoint) => number): Array<[number, number]> => pts.map((p, i) => [xs[i]!, f(p)])
  const per = `per second${res > 1 ? ` (averaged over ${res}-second points)` : ''}`
  // A rate over the seconds each point covers (the first and last are partial).
  const rate = (n: number, p: SeriesPoint): number => n / (p.seconds > 0 ? p.seconds : res)
  const pct = (name: string, q: number) => (p: SeriesPoint) => LatencyHistogram.decode(p.histograms[name] ?? '').quantile(q)
  const withData = (name: string): SeriesPoint[] => pts.filter((p) => (p.histograms[name] ?? '') !== '')
  const latencyLines = (name: string): Array<{name: string, colour: string, points: Array<[number, number]>}> => {
    const have = withData(name)
    return ([['p50', 0.5], ['p95', 0.95], ['p99', 0.99]] as const).map(([label, q]) => ({
      name: label, colour: COLOURS[label], points: have.map((p) => [p.t - t0, pct(name, q)(p)] as [number, number]),
    }))
  }
  const charts = [
    lineChart({id: 'throughput', xRange: span, title: 'Notifications per second: published vs confirmed', yLabel: `notifications ${per.split(' (')[0]}`, lines: [
      {name: 'published', colour: COLOURS.published, points: at((p) => rate(sumBy(p.by.published), p))},
      {name: 'confirmed', colour: COLOURS.confirmed, points: at((p) => rate(p.counters.confirmed ?? 0, p))},
    ], note: `Each point: ${per}.`}),
    lineChart({id: 'requests', xRange: span, title: 'Requests per second vs the rate asked', yLabel: 'requests per second', lines: [
      {name: 'requests', colour: COLOURS.requests, points: at((p) => rate(p.counters.requests ?? 0, p))},
      ...(pts.some((p) => (p.gauges.target_rate ?? 0) > 0) ? [{name: 'target (--rate)', colour: COLOURS.target, dashed: true, points: at((p) => p.gauges.target_rate ?? 0)}] : []),
    ]}),
    lineChart({id: 'confirm-latency', xRange: span, title: 'Broker confirm latency over time', yLabel: 'milliseconds', lines: latencyLines('confirm_latency'),
      note: 'Publish → broker confirm, percentiles of each point.'}),
    lineChart({id: 'lifecycle-latency', xRange: span, title: 'Lifecycle latency over time', yLabel: 'milliseconds', lines: latencyLines('lifecycle_latency'),
      note: '.start → .end/.error of a request, real time.'}),
    stackedBars({id: 'errors', title: 'Errors over time, by kind', yLabel: 'lifecycles / point', xs, width: res, stacks: [
      {name: "Trove's rules (.error)", colour: COLOURS.rule, values: pts.map((p) => sumBy(p.by.lifecycles_ended, (l) => l[1] === 'error') - sumBy(p.by.injected))},
      {name: 'injected (--error-rate)', colour: COLOURS.injected, values: pts.map((p) => sumBy(p.by.injected))},
      {name: 'internal errors', colour: COLOURS.crashes, values: pts.map((p) => p.counters.crashes ?? 0)},
    ]}),
  ]
  return charts
}

function mixCharts(r: SimulationReport): string[] {
  const ops = Object.entries(r.operations.by_type).sort((a, b) => (b[1].end + b[1].error) - (a[1].end + a[1].error))
  const types = Object.entries(r.event_types ?? {}).sort((a, b) => b[1] - a[1])
  return [
    horizontalBars({id: 'operations', title: 'Operation mix (lifecycles by outcome)', rows: ops.map(([op, o]) => ({label: op, values: [o.end, o.error - o.injected, o.injected]})),
      parts: [{name: '.end', colour: COLOURS.end}, {name: ".error (Trove's rules)", colour: COLOURS.rule}, {name: '.error (injected)', colour: COLOURS.injected}]}),
    horizontalBars({id: 'event-types', title: 'Event-type mix (notifications published)', rows: types.slice(0, 40).map(([t, n]) => ({label: t, values: [n]})),
      parts: [{name: 'published', colour: COLOURS.published}], note: types.length > 40 ? `The 40 most frequent of ${types.length} event types.` : undefined}),
  ]
}

/** A report as the text of a `<script type="application/json">` (nothing in it can close the tag). */
export function embedJson(r: unknown): string {
  return JSON.stringify(r).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

export function renderHtml(r: SimulationReport): string {
  const failed = (r.thresholds ?? []).filter((t) => !t.passed)
  const verdict = r.thresholds && r.thresholds.length > 0
    ? (failed.length === 0 ? `<span class="verdict pass">PASS: all ${r.thresholds.length} thresholds held</span>` : `<span class="verdict fail">FAIL: ${failed.length} of ${r.thresholds.length} thresholds</span>`)
    : `<span class="verdict neutral">${r.notifications.unconfirmed === 0 && !r.failure ? 'complete: every notification confirmed' : 'incomplete'}</span>`
  const what = r.mode === 'scenario' ? `scenario ${r.scenario ?? ''}` : 'realistic mix'
  const title = `trove-notify simulate: ${what}`
  const n = r.notifications
  const tiles = [
    tile('requests', fmtNumber(r.requests)),
    tile('notifications confirmed', fmtNumber(n.confirmed)),
    tile('notifications / s', fmtNumber(n.per_second)),
    tile('unconfirmed', String(n.unconfirmed)),
    tile('confirm p99', r.confirm_latency_ms.count > 0 ? ms(r.confirm_latency_ms.p99) : '–'),
    tile('lifecycle p99', r.lifecycle_latency_ms.count > 0 ? ms(r.lifecycle_latency_ms.p99) : '–'),
    tile('lifecycles ended in .error', `${r.operations.total.error}`),
    tile('elapsed', fmtElapsed(r.elapsed_s)),
  ].join('')
  const thresholds = r.thresholds && r.thresholds.length > 0
    ? `<h2>Thresholds</h2>${table(['threshold', 'measured', 'result'], r.thresholds.map((t) => [t.expression, t.text, t.passed ? 'pass' : 'FAIL']))}`
    : ''
  const latency = table(['latency', 'count', 'p50', 'p95', 'p99', 'max', 'mean'], [
    ['broker confirm', String(r.confirm_latency_ms.count), ms(r.confirm_latency_ms.p50), ms(r.confirm_latency_ms.p95), ms(r.confirm_latency_ms.p99), ms(r.confirm_latency_ms.max), ms(r.confirm_latency_ms.mean)],
    ['lifecycle start→end', String(r.lifecycle_latency_ms.count), ms(r.lifecycle_latency_ms.p50), ms(r.lifecycle_latency_ms.p95), ms(r.lifecycle_latency_ms.p99), ms(r.lifecycle_latency_ms.max), ms(r.lifecycle_latency_ms.mean)],
  ], [1, 2, 3, 4, 5, 6])
  const settings: Array<[string, string]> = [
    ['started', r.started_at], ['elapsed', `${r.elapsed_s} s`], ['seed', r.seed], ['worker', r.worker], ['threads', String(r.threads)],
    ['driver', r.driver], ['tenants', String(r.tenants)],
    ...Object.entries(r.settings ?? {}).filter(([k]) => !['seed', 'worker', 'threads', 'driver', 'tenants'].includes(k)).map(([k, v]) => [k, v === null ? '–' : String(v)] as [string, string]),
    ['CPU', `${r.cpu_s} s (${r.cpu_us_per_notification} µs per notification)`], ['peak RSS', `${r.peak_rss_mb} MB`],
    ['republished / reconnects', `${n.republished} / ${n.reconnects}`],
  ]
  const sources = r.sources && r.sources.length > 0
    ? `<h2>Merged from ${r.sources.length} reports</h2>${table(['worker', 'threads', 'seed', 'started', 'file'], r.sources.map((s) => [s.worker, String(s.threads), s.seed, s.started_at, s.file ?? '']))}`
    : ''
  const problems = [
    ...(r.failure ? [`The run could not finish cleanly: ${r.failure}${r.failure_hint ? ` — try: ${r.failure_hint}` : ''}`] : []),
    ...r.crashes.map((c) => `internal error: ${c}`),
  ]
  const embedded = embedJson(r)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} (${esc(r.started_at)})</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<p class="sub">${esc(r.started_at)} · ${esc(fmtElapsed(r.elapsed_s))} · seed ${esc(r.seed)} · worker ${esc(r.worker)}${r.threads > 1 ? ` · ${r.threads} threads` : ''} · driver ${esc(r.driver)}${r.interrupted ? ' · interrupted' : ''}</p>
${verdict}
<div class="tiles">${tiles}</div>
${problems.length ? `<h2>Problems</h2><ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : ''}
${thresholds}
<h2>Over time</h2>
<div class="grid2">${timeCharts(r).join('\n')}</div>
<h2>What ran</h2>
<div class="grid2">${mixCharts(r).join('\n')}</div>
<h2>Latency</h2>
${latency}
<div class="grid2">${distribution('lifecycle-histogram', 'Lifecycle duration distribution', r.histograms?.lifecycle_latency, 'lifecycles')}
${distribution('confirm-histogram', 'Broker confirm latency distribution', r.histograms?.confirm_latency, 'notifications')}</div>
<h2>Settings</h2>
${table(['setting', 'value'], settings)}
${r.reproduce ? `<h2>Reproduce</h2><pre><code>${esc(r.reproduce)}</code></pre>` : ''}
${sources}
<footer>Written by trove-notify. This file is self-contained: it loads nothing, and its data is embedded below as JSON (id "${EMBEDDED_ID}").</footer>
</main>
<script type="application/json" id="${EMBEDDED_ID}">${embedded}</script>
</body></html>
`
}
