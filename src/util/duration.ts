/**
 * Durations as people type them: `30s`, `5m`, `1h`, `250ms`, `1h30m`,
 * `1.5s`; a plain number is seconds (as every flag that takes seconds has
 * always read it). One parser for every flag, the rate profiles and the
 * thresholds, so `--duration 5m`, `--rate 100:5m` and `lifecycle_p95<2s`
 * mean the same five minutes and two seconds.
 */

const UNIT_S: Readonly<Record<string, number>> = {ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400}
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)/g
const WHOLE = /^(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ms|s|m|h|d))+$/

/** What a duration may be written as (for error messages). */
export const DURATION_FORMS = 'seconds (90, 1.5) or a number with a unit: 250ms, 30s, 5m, 1h, 1h30m'

/**
 * Seconds in `text`, or undefined when it is not a duration. `negative`
 * allows a leading minus (periodic intervals: < 0 disables).
 */
export function parseDuration(text: string, opts: {negative?: boolean} = {}): number | undefined {
  let t = text.trim()
  let sign = 1
  if (opts.negative && t.startsWith('-')) {
    sign = -1
    t = t.slice(1).trim()
  }
  if (t === '') return undefined
  if (/^(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?$/i.test(t)) {
    const n = Number(t)
    return Number.isFinite(n) ? sign * n : undefined
  }
  if (!WHOLE.test(t)) return undefined
  let seconds = 0
  for (const m of t.matchAll(PART)) seconds += Number(m[1]) * UNIT_S[m[2]!]!
  return Number.isFinite(seconds) ? sign * seconds : undefined
}

/** A short human form of `s` seconds: 250ms, 45s, 5m, 1h30m. */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return String(s)
  if (s < 0) return `-${formatDuration(-s)}`
  if (s === 0) return '0s'
  if (s < 1) return `${round(s * 1000)}ms`
  if (s < 60 || !Number.isInteger(s)) return `${round(s)}s`
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec ? `${sec}s` : ''}`
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
