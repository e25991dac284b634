/**
 * What `simulate` shows: the progress bar (TTY) or plain progress lines,
 * and the final summary tables.
 */
import type {Progress, SimulationReport} from '../../simulate/report.js'
import {safe} from './sanitize.js'
import {c, styled, table, terminalWidth} from './style.js'
import {widthOf} from './table.js'

function duration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '–'
  const t = Math.max(0, Math.round(s))
  const h = Math.floor(t / 3600)
  const m = Math.floor((t % 3600) / 60)
  const sec = t % 60
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`
}

function fraction(p: Progress): number | undefined {
  const parts: number[] = []
  if (p.targetRequests) parts.push(p.requests / p.targetRequests)
  if (p.durationS) parts.push(p.elapsedS / p.durationS)
  return parts.length ? Math.min(1, Math.max(...parts)) : undefined
}

/** One progress line without control characters (logs, CI). */
export function progressLine(p: Progress): string {
  const of = p.targetRequests !== undefined ? `/${p.targetRequests}` : ''
  return `simulate: ${p.requests}${of} requests · ${p.confirmed}/${p.published} notifications confirmed · ` +
    `${Math.round(p.notificationsPerS)} notifications/s · ${p.errors} errors` +
    (p.reconnects ? ` · ${p.reconnects} reconnects` : '') + ` · elapsed ${duration(p.elapsedS)}` +
    (p.etaS !== undefined ? ` · ETA ${duration(p.etaS)}` : '')
}

/** The progress bar for a terminal of `columns` (rewritten in place with \r). */
export function progressBar(p: Progress, columns = 80): string {
  const f = fraction(p)
  const text = ` ${p.requests}${p.targetRequests !== undefined ? `/${p.targetRequests}` : ''} ops · ` +
    `${Math.round(p.notificationsPerS)} notif/s · ${p.errors} errors${p.reconnects ? ` · ${p.reconnects} reconnects` : ''} · ETA ${duration(p.etaS)}`
  const width = Math.max(10, Math.min(40, columns - text.length - 3))
  const done = f === undefined ? 0 : Math.round(f * width)
  const bar = f === undefined ? c.dim('·'.repeat(width)) : c.green('█'.repeat(done)) + c.dim('░'.repeat(width - done))
  return `${bar}${text}`
}

/** The summary tables printed when a run ends. */
export function renderSummary(r: SimulationReport): string {
  const ops: Array<Array<string | number | ReturnType<typeof styled>>> = Object.entries(r.operations.by_type).map(([op, o]) => [op, o.end + o.error, o.end, o.error, o.injected])
  ops.push([styled(c.bold('total')), r.operations.total.end + r.operations.total.error, r.operations.total.end, r.operations.total.error, r.operations.total.injected])
  const n = r.notifications
  const lat = (name: string, p: SimulationReport['confirm_latency_ms']) => [name, p.count, p.p50, p.p95, p.p99, p.max]
  const what = `${r.interrupted ? c.yellow('interrupted') : c.green('done')}: ${r.requests} requests from ${r.tenants} tenants in ${r.elapsed_s}s`
  const how = `(${r.mode === 'scenario' ? `scenario ${safe(r.scenario)}` : 'realistic mix'}, driver ${r.driver}, seed ${safe(r.seed)}, worker ${r.worker}${r.threads > 1 ? `, ${r.threads} threads` : ''})`
  // On a terminal too narrow for the headline, the run's description goes on its own line (nothing wraps).
  const width = terminalWidth()
  const head = width !== undefined && widthOf(`${what} ${how}`) > width ? `${what}\n${how}` : `${what} ${how}`
  const parts = [
    head,
    table(['operation', 'lifecycles', '.end', '.error', 'injected'], ops),
    table(['notifications', 'count'], [
      ['published', n.published],
      ['confirmed', n.confirmed],
      ['unconfirmed', styled(n.unconfirmed === 0 ? c.green('0') : c.red(String(n.unconfirmed)))],
      ['notifications/s', n.per_second],
      ['reconnects', n.reconnects],
      ['republished', n.republished],
      ['duplicates (at most)', n.duplicates_at_most],
    ]),
    table(['latency (ms)', 'count', 'p50', 'p95', 'p99', 'max'], [
      lat('broker confirm', r.confirm_latency_ms),
      lat('lifecycle start→end', r.lifecycle_latency_ms),
    ]),
  ]
  const periodic = Object.entries(r.periodic)
  if (periodic.length) parts.push(table(['periodic task', 'runs', 'notifications'], periodic.map(([t, p]) => [t, p.runs, p.notifications])))
  if (r.crashes.length) parts.push(c.red(`internal errors (please report): ${r.crashes.map((m) => safe(m)).join(' | ')}`))
  if (r.failure) parts.push(c.red(`the run could not finish cleanly: ${safe(r.failure)}`))
  if (r.failure_hint) parts.push(`Try this: ${safe(r.failure_hint)}`)
  parts.push(c.dim(`cost: ${r.cpu_s} s of CPU (${r.cpu_us_per_notification} µs per notification), peak RSS ${r.peak_rss_mb} MB`))
  // The partition is part of what a seed reproduces: the same worker and threads are needed too.
  const partition = `${r.worker === '1/1' ? '' : ` --worker ${r.worker}`}${r.threads > 1 ? ` --threads ${r.threads}` : ''}`
  parts.push(c.dim(`reproduce: the same options with --seed ${safe(r.seed)}${partition}`))
  return parts.join('\n')
}
