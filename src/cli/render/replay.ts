/**
 * What `replay` shows, in simulate's manner: the progress bar (TTY) or plain
 * progress lines, a line per bad line of the recording, and the summary.
 */
import type {BadLine, ReplayProgress, ReplayReport} from '../../replay/report.js'
import {safe} from './sanitize.js'
import {bar, duration, notificationsTable} from './simulate.js'
import {c, styled, table} from './style.js'

function passes(p: ReplayProgress): string {
  return p.passes > 1 ? ` · pass ${p.pass}/${p.passes}` : ''
}

/** One progress line without control characters (logs, CI). */
export function replayProgressLine(p: ReplayProgress): string {
  return `replay: ${p.messages} messages · ${p.confirmed}/${p.published} confirmed · ${Math.round(p.perSecond)}/s` +
    (p.badLines ? ` · ${p.badLines} bad lines` : '') + (p.reconnects ? ` · ${p.reconnects} reconnects` : '') + passes(p) +
    (p.fraction !== undefined ? ` · ${Math.round(p.fraction * 100)} % read` : '') + ` · elapsed ${duration(p.elapsedS)}` +
    (p.etaS !== undefined ? ` · ETA ${duration(p.etaS)}` : '')
}

/** The progress bar for a terminal of `columns` (rewritten in place with \r). */
export function replayProgressBar(p: ReplayProgress, columns = 80): string {
  const text = ` ${p.messages} msgs · ${Math.round(p.perSecond)}/s${p.badLines ? ` · ${p.badLines} bad` : ''}` +
    `${p.reconnects ? ` · ${p.reconnects} reconnects` : ''}${passes(p)} · ${p.etaS !== undefined ? `ETA ${duration(p.etaS)}` : duration(p.elapsedS)}`
  return `${bar(p.fraction, columns - text.length - 3)}${text}`
}

/** A bad line of a recording: `file:line: problem (skipped)`. */
export function badLineText(b: BadLine, skipped: boolean): string {
  return `${c.red('✖')} ${safe(b.source)}:${b.line}: ${safe(b.problem)}${skipped ? c.dim(' (skipped)') : ''}`
}

function timing(r: ReplayReport): string {
  const t = r.timing
  const pace = t.speed !== undefined ? `speed ${t.speed}×` : t.rate === 0 ? 'as fast as confirmed' : typeof t.rate === 'number' ? `${t.rate}/s` : `rate ${safe(t.rate_profile)}`
  return `${pace}${t.loop > 1 ? `, ${t.loop} passes` : ''}`
}

function rewrites(r: ReplayReport): string {
  const w = [r.rewrite.retime ? 'retimed' : '', r.rewrite.fresh_ids ? 'fresh ids' : '',
    Object.keys(r.rewrite.tenant_map).length ? `${Object.keys(r.rewrite.tenant_map).length} tenant(s) mapped` : ''].filter(Boolean)
  return w.length ? w.join(', ') : 'as recorded'
}

/** The summary printed when a replay ends. */
export function renderReplaySummary(r: ReplayReport): string {
  const n = r.notifications
  const head = `${r.interrupted ? c.yellow('interrupted') : c.green('done')}: ${r.read.messages} messages from ${r.files.map((f) => safe(f)).join(', ')} in ${r.elapsed_s}s` +
    ` to ${r.topics.map((t) => safe(t)).join(',')} (${timing(r)}; ${rewrites(r)}; driver ${r.driver}${r.dialect === 'spec' ? '' : `, dialect ${r.dialect}`})`
  const lat = (name: string, p: ReplayReport['confirm_latency_ms']): Array<string | number> => [name, p.count, p.p50, p.p95, p.p99, p.max]
  const parts = [
    head,
    table(['recording', 'count'], [
      ['lines read', r.read.lines],
      ['messages sent', r.read.messages],
      ['filtered out', r.read.filtered_out],
      ['bad lines (skipped)', r.read.bad_lines === 0 ? '0' : styled(c.red(String(r.read.bad_lines)))],
      ...(r.read.not_rewritten ? [['not oslo, sent unchanged', r.read.not_rewritten] as [string, number]] : []),
    ]),
    notificationsTable(n, 'messages/s'),
    table(['latency (ms)', 'count', 'p50', 'p95', 'p99', 'max'], [
      lat('broker confirm', r.confirm_latency_ms),
      ...(r.schedule_lateness_ms.count ? [lat('late vs schedule', r.schedule_lateness_ms)] : []),
    ]),
  ]
  if (r.failure) parts.push(c.red(`the replay could not finish cleanly: ${safe(r.failure)}`))
  if (r.failure_hint) parts.push(`Try this: ${safe(r.failure_hint)}`)
  parts.push(c.dim(`cost: ${r.cpu_s} s of CPU (${r.cpu_us_per_notification} µs per message), peak RSS ${r.peak_rss_mb} MB`))
  return parts.join('\n')
}
