/**
 * trove.instance.exists audit windows as billing sees them: per instance,
 * each [audit_period_beginning, audit_period_ending]. They must tile: each
 * window has a length, the next begins exactly where the previous ended (a
 * gap is unbilled time, an overlap is billed twice — Trove 18 overlaps), and
 * summed they are the time the instance lived, which is what Ceilometer's
 * `trove.instance.exists` meter adds up. `check` follows them as a stream
 * (one window remembered per instance); tests check whole lists.
 */
import {payloadOf} from '../tail/filters.js'

/** [beginning ms, ending ms, payload] */
export type AuditWindow = readonly [number, number, Readonly<Record<string, unknown>>]

/** Inner oslo messages → instance_id → its windows, in order of beginning. */
export function windowsByInstance(messages: ReadonlyArray<Readonly<Record<string, unknown>>>): Map<string, AuditWindow[]> {
  const by = new Map<string, AuditWindow[]>()
  for (const m of messages) {
    if (m.event_type !== 'trove.instance.exists') continue
    const p = payloadOf(m)
    const id = String(p.instance_id ?? p.resource_id ?? '')
    if (!by.has(id)) by.set(id, [])
    by.get(id)!.push([Date.parse(String(p.audit_period_beginning)), Date.parse(String(p.audit_period_ending)), p])
  }
  for (const ws of by.values()) ws.sort((a, b) => a[0] - b[0])
  return by
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : 'an unreadable time')

/** What is wrong between a window and the one before it (undefined: they tile). */
export function windowProblem(prev: readonly [number, number] | undefined, cur: readonly [number, number]): {kind: 'empty' | 'gap' | 'overlap', text: string} | undefined {
  const [b, e] = cur
  if (!(e > b)) return {kind: 'empty', text: `the window ${iso(b)} – ${iso(e)} has no length`}
  if (!prev) return undefined
  if (b > prev[1]) return {kind: 'gap', text: `a gap of ${(b - prev[1]) / 1000} s between ${iso(prev[1])} and ${iso(b)} (unbilled)`}
  if (b < prev[1]) return {kind: 'overlap', text: `an overlap of ${(prev[1] - b) / 1000} s: begins ${iso(b)}, before the previous window's end ${iso(prev[1])} (billed twice)`}
  return undefined
}

/**
 * Everything that keeps `windows` from tiling `launched` → `end` (ms): the
 * first must begin at launch, the last end at `end`; empty when they tile.
 */
export function tilingProblems(windows: readonly AuditWindow[] | undefined, launched: number, end: number): string[] {
  if (!windows || windows.length === 0) return ['no window']
  const out: string[] = []
  if (windows[0]![0] !== launched) out.push(`the first window begins at ${iso(windows[0]![0])}, not at launch ${iso(launched)}`)
  for (let i = 0; i < windows.length; i++) {
    const p = windowProblem(i > 0 ? [windows[i - 1]![0], windows[i - 1]![1]] : undefined, [windows[i]![0], windows[i]![1]])
    if (p) out.push(`window ${i}: ${p.text}`)
  }
  if (windows.at(-1)![1] !== end) out.push(`the last window ends at ${iso(windows.at(-1)![1])}, not at ${iso(end)}`)
  return out
}

/** Σ of the windows' lengths in seconds: what Ceilometer's exists meter sums. */
export function meterSeconds(windows: readonly AuditWindow[]): number {
  return windows.reduce((s, [b, e]) => s + (e - b), 0) / 1000
}

/** A window that does not tile with the instance's previous one. */
export interface WindowFinding {
  readonly instanceId: string
  readonly kind: 'empty' | 'gap' | 'overlap'
  readonly text: string
}

/** Follows windows as they come, one remembered per instance. */
export class WindowTracker {
  private readonly last = new Map<string, readonly [number, number]>()
  windows = 0
  readonly counts = {empty: 0, gap: 0, overlap: 0}

  get instances(): number {
    return this.last.size
  }

  /** An exists message's payload; a finding when it does not tile with the instance's previous window. */
  observe(payload: Readonly<Record<string, unknown>>): WindowFinding | undefined {
    const id = String(payload.instance_id ?? payload.resource_id ?? '')
    const cur = [Date.parse(String(payload.audit_period_beginning)), Date.parse(String(payload.audit_period_ending))] as const
    this.windows++
    const problem = windowProblem(this.last.get(id), cur)
    if (!problem || problem.kind !== 'empty') this.last.set(id, cur)
    if (!problem) return undefined
    this.counts[problem.kind]++
    return {instanceId: id, ...problem}
  }
}
