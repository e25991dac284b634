/**
 * The charts of the HTML report, drawn as inline SVG on the server side: no
 * script, no library, nothing fetched, so the file opens offline, prints,
 * and scales to a phone (viewBox, width 100 %). Line charts over time,
 * stacked bars over time, horizontal bars (a mix), and a histogram. Every
 * label goes through `esc`: names come from the wire and the state.
 */

const W = 720
const H = 260
const M = {top: 14, right: 16, bottom: 42, left: 64}

/** Text made safe for HTML/SVG text and attribute values; control characters dropped. */
export function esc(value: unknown): string {
  const s = value === undefined || value === null ? '' : String(value)
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** Round, readable tick values between 0 (or min) and max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) max = min + 1
  const raw = (max - min) / count
  const mag = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag
  const out: number[] = []
  // Up to the first tick at or above max, so nothing is drawn above the top of the chart.
  for (let v = Math.ceil(min / step) * step; out.length === 0 || out[out.length - 1]! < max - step * 1e-9; v += step) out.push(Math.round(v / step) * step)
  return out
}

export function fmtNumber(v: number): string {
  const a = Math.abs(v)
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`
  if (a >= 100) return String(Math.round(v))
  if (a >= 1) return String(+v.toFixed(1))
  return String(+v.toPrecision(2))
}

/** Seconds as m:ss (or h:mm:ss). */
export function fmtElapsed(s: number): string {
  const t = Math.round(s)
  const h = Math.floor(t / 3600)
  const m = Math.floor((t % 3600) / 60)
  const sec = String(t % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

export interface Line {
  readonly name: string
  readonly colour: string
  readonly points: ReadonlyArray<readonly [number, number]>
  readonly dashed?: boolean
}

interface Frame {
  readonly x: (v: number) => number
  readonly y: (v: number) => number
  readonly axes: string
}

/** Axes, grid, ticks and axis labels for x in [x0, x1] and y in [0, yMax]. */
function frame(x0: number, x1: number, yMax: number, xLabel: string, yLabel: string, xFormat: (v: number) => string): Frame {
  const iw = W - M.left - M.right
  const ih = H - M.top - M.bottom
  const span = x1 > x0 ? x1 - x0 : 1
  const yTicks = niceTicks(0, yMax > 0 ? yMax : 1)
  const yTop = yTicks[yTicks.length - 1]!
  const x = (v: number): number => M.left + ((v - x0) / span) * iw
  const y = (v: number): number => M.top + ih - (v / yTop) * ih
  const parts: string[] = []
  for (const t of yTicks) {
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/>`)
    parts.push(`<text class="tick" x="${M.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${esc(fmtNumber(t))}</text>`)
  }
  for (const t of niceTicks(x0, x1, 6).filter((v) => v >= x0 && v <= x1)) {
    parts.push(`<text class="tick" x="${x(t).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(xFormat(t))}</text>`)
  }
  parts.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${M.top + ih}" y2="${M.top + ih}"/>`)
  parts.push(`<line class="axis" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ih}"/>`)
  parts.push(`<text class="axis-label" x="${M.left + iw / 2}" y="${H - 6}" text-anchor="middle">${esc(xLabel)}</text>`)
  parts.push(`<text class="axis-label" transform="translate(14 ${M.top + ih / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`)
  return {x, y, axes: parts.join('')}
}

function svg(label: string, body: string): string {
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMidYMid meet">${body}</svg>`
}

function legend(items: ReadonlyArray<{name: string, colour: string, dashed?: boolean}>): string {
  return `<ul class="legend">${items.map((i) => `<li><span class="swatch${i.dashed ? ' dashed' : ''}" style="--c:${esc(i.colour)}"></span>${esc(i.name)}</li>`).join('')}</ul>`
}

function figure(id: string, title: string, body: string, note?: string): string {
  return `<figure class="chart" data-chart="${esc(id)}"><figcaption>${esc(title)}</figcaption>${body}${note ? `<p class="note">${esc(note)}</p>` : ''}</figure>`
}

function empty(id: string, title: string, why: string): string {
  return figure(id, title, `<p class="empty">${esc(why)}</p>`)
}

/** Lines over elapsed seconds. */
export function lineChart(o: {id: string, title: string, yLabel: string, lines: readonly Line[], note?: string, xLabel?: string, xRange?: readonly [number, number]}): string {
  const lines = o.lines.filter((l) => l.points.length > 0)
  if (lines.length === 0) return empty(o.id, o.title, 'nothing was measured')
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]))
  // The run's whole span when given, so the charts of one run line up.
  const x0 = Math.min(o.xRange?.[0] ?? Infinity, ...xs)
  const x1 = Math.max(o.xRange?.[1] ?? -Infinity, ...xs, x0 + 1)
  const yMax = Math.max(...lines.flatMap((l) => l.points.map((p) => p[1])))
  const f = frame(x0, x1, yMax, o.xLabel ?? 'elapsed (m:ss)', o.yLabel, fmtElapsed)
  const paths = lines.map((l) => {
    const pts = l.points.length === 1 ? [l.points[0]!, [l.points[0]![0] + 1, l.points[0]![1]] as const] : l.points
    const d = pts.map((p, i) => `${i === 0 ? 'M' : 'L'}${f.x(p[0]).toFixed(1)} ${f.y(p[1]).toFixed(1)}`).join('')
    return `<path class="series${l.dashed ? ' dashed' : ''}" data-series="${esc(l.name)}" d="${d}" style="stroke:${esc(l.colour)}"><title>${esc(l.name)}</title></path>`
  })
  return figure(o.id, o.title, svg(o.title, f.axes + paths.join('')) + legend(lines), o.note)
}

export interface Stack {
  readonly name: string
  readonly colour: string
  readonly values: readonly number[]
}

/** Stacked bars over elapsed seconds (one bar per point at `xs`). */
export function stackedBars(o: {id: string, title: string, yLabel: string, xs: readonly number[], width: number, stacks: readonly Stack[], note?: string}): string {
  const totals = o.xs.map((_, i) => o.stacks.reduce((n, s) => n + (s.values[i] ?? 0), 0))
  if (o.xs.length === 0) return empty(o.id, o.title, 'nothing was measured')
  const x0 = Math.min(...o.xs)
  const x1 = Math.max(...o.xs) + o.width
  const f = frame(x0, x1, Math.max(...totals), 'elapsed (m:ss)', o.yLabel, fmtElapsed)
  const bw = Math.max(1, f.x(x0 + o.width) - f.x(x0) - 1)
  const rects: string[] = []
  o.xs.forEach((x, i) => {
    let base = 0
    for (const s of o.stacks) {
      const v = s.values[i] ?? 0
      if (v <= 0) continue
      const yTop = f.y(base + v)
      rects.push(`<rect class="bar" x="${f.x(x).toFixed(1)}" y="${yTop.toFixed(1)}" width="${bw.toFixed(1)}" height="${(f.y(base) - yTop).toFixed(1)}" style="fill:${esc(s.colour)}"><title>${esc(`${s.name} at ${fmtElapsed(x)}: ${v}`)}</title></rect>`)
      base += v
    }
  })
  const note = totals.every((t) => t === 0) ? (o.note ? `${o.note} None during this run.` : 'None during this run.') : o.note
  return figure(o.id, o.title, svg(o.title, f.axes + rects.join('')) + legend(o.stacks), note)
}

/** Horizontal stacked bars, one row per label (an operation or event-type mix). */
export function horizontalBars(o: {id: string, title: string, rows: ReadonlyArray<{label: string, values: readonly number[]}>, parts: ReadonlyArray<{name: string, colour: string}>, note?: string}): string {
  if (o.rows.length === 0) return empty(o.id, o.title, 'nothing was measured')
  const rowH = 18
  const longest = Math.max(...o.rows.map((r) => r.label.length))
  const left = Math.min(380, Math.max(120, longest * 6.4 + 12))
  const right = 60
  const height = o.rows.length * rowH + 34
  const max = Math.max(1, ...o.rows.map((r) => r.values.reduce((a, b) => a + b, 0)))
  const ticks = niceTicks(0, max, 4)
  const top = ticks[ticks.length - 1]!
  const x = (v: number): number => left + (v / top) * (W - left - right)
  const parts: string[] = []
  for (const t of ticks) {
    parts.push(`<line class="grid" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="4" y2="${height - 26}"/>`)
    parts.push(`<text class="tick" x="${x(t).toFixed(1)}" y="${height - 12}" text-anchor="middle">${esc(fmtNumber(t))}</text>`)
  }
  o.rows.forEach((r, i) => {
    const y = 6 + i * rowH
    parts.push(`<text class="row-label" x="${left - 6}" y="${y + 12}" text-anchor="end">${esc(r.label)}</text>`)
    let base = 0
    r.values.forEach((v, k) => {
      if (v <= 0) return
      parts.push(`<rect class="bar" x="${x(base).toFixed(1)}" y="${y}" width="${Math.max(0.5, x(base + v) - x(base)).toFixed(1)}" height="${rowH - 5}" style="fill:${esc(o.parts[k]?.colour ?? '#888')}"><title>${esc(`${r.label} ${o.parts[k]?.name ?? ''}: ${v}`)}</title></rect>`)
      base += v
    })
    parts.push(`<text class="value" x="${(x(base) + 4).toFixed(1)}" y="${y + 12}">${esc(fmtNumber(base))}</text>`)
  })
  parts.push(`<text class="axis-label" x="${(left + W - right) / 2}" y="${height}" text-anchor="middle">count</text>`)
  const body = `<svg viewBox="0 0 ${W} ${height + 4}" role="img" aria-label="${esc(o.title)}">${parts.join('')}</svg>`
  return figure(o.id, o.title, body + (o.parts.length > 1 ? legend(o.parts) : ''), o.note)
}

/** A histogram: one bar per bin (labels under the bars). */
export function histogramChart(o: {id: string, title: string, xLabel: string, yLabel: string, bins: ReadonlyArray<{label: string, count: number}>, colour: string, note?: string}): string {
  if (o.bins.every((b) => b.count === 0)) return empty(o.id, o.title, 'nothing was measured')
  const n = o.bins.length
  const f = frame(0, n, Math.max(...o.bins.map((b) => b.count)), o.xLabel, o.yLabel, () => '')
  const bw = (f.x(1) - f.x(0)) * 0.85
  const parts = o.bins.map((b, i) => {
    const label = n > 12 && i % 2 === 1 ? '' : `<text class="tick" x="${(f.x(i) + bw / 2).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(b.label)}</text>`
    if (b.count <= 0) return label
    const y = f.y(b.count)
    return `<rect class="bar" x="${f.x(i).toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${(f.y(0) - y).toFixed(1)}" style="fill:${esc(o.colour)}"><title>${esc(`${b.label}: ${b.count}`)}</title></rect>` + label
  })
  return figure(o.id, o.title, svg(o.title, f.axes + parts.join('')), o.note)
}
