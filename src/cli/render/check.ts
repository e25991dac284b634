/**
 * What `check` shows: each message with findings as `file:line event_type
 * (message_id)` with its findings beneath (tail's finding lines), the
 * summary table per event type (tail's), the lifecycle and exists-window
 * sections, and the verdict line.
 */
import type {CheckResult, MessageReport} from '../../recording/check.js'
import {safe} from './sanitize.js'
import {c} from './style.js'
import {findingLine, summaryTable} from './tail.js'

/** At most this many items of each list are printed (all are counted; --json has more). */
const SHOWN = 20

export function messageReportLines(r: MessageReport): string[] {
  const what = r.eventType ? ` ${c.bold(safe(r.eventType))}` : ''
  const id = r.messageId ? c.dim(` (${safe(r.messageId)})`) : ''
  return [`${safe(r.source)}:${r.line}${what}${id}`, ...r.findings.map((f) => `    ${findingLine(f)}`)]
}

function more(total: number, shown: number): string[] {
  return total > shown ? [c.dim(`  … and ${total - shown} more (--json lists up to 1000)`)] : []
}

export function renderCheckResult(r: CheckResult): string {
  const parts = [summaryTable(r.summary, {lifecycle: true, check: true})]
  const l = r.lifecycles
  const cut = r.partial ? c.dim(' (--partial: not violations)') : ''
  parts.push(`lifecycles: ${l.paired} paired, ${l.neverEnded} never ended, ${l.endsWithoutStart} ended without a start${cut}`)
  for (const o of l.neverEndedList.slice(0, SHOWN)) parts.push(`  ${c.yellow('never ended')} ${safe(o.source)}:${o.line} ${safe(o.eventType)} ${safe(o.requestId)}`)
  parts.push(...more(l.neverEnded, Math.min(SHOWN, l.neverEndedList.length)))
  for (const o of l.endsWithoutStartList.slice(0, SHOWN)) parts.push(`  ${c.yellow('no start')} ${safe(o.source)}:${o.line} ${safe(o.eventType)} ${safe(o.requestId)}`)
  parts.push(...more(l.endsWithoutStart, Math.min(SHOWN, l.endsWithoutStartList.length)))
  const e = r.exists
  if (e.windows > 0) {
    parts.push(`exists windows: ${e.windows} for ${e.instances} instance(s): ${e.gaps} gap(s), ${e.overlaps} overlap(s), ${e.empty} empty`)
    for (const w of e.list.slice(0, SHOWN)) parts.push(`  ${w.kind === 'overlap' ? c.yellow(w.kind) : c.red(w.kind)} ${safe(w.source)}:${w.line} instance ${safe(w.instanceId)}: ${safe(w.text)}`)
    parts.push(...more(e.gaps + e.overlaps + e.empty, Math.min(SHOWN, e.list.length)))
  }
  const verdict = r.violations === 0
    ? c.green(`✔ no violations in ${r.messages} message(s)`) + (r.departures ? ` (${r.departures} Trove 18 departure(s), not violations)` : '')
    : c.red(`✖ ${r.violations} violation(s) in ${r.messages} message(s)`) + (r.badLines ? `, ${r.badLines} unreadable line(s)` : '') +
      (r.departures ? `; ${r.departures} Trove 18 departure(s)` : '')
  parts.push(verdict)
  return parts.join('\n')
}
