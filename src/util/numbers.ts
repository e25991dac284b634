/**
 * Numbers as flags, arguments and scenario values give them, parsed ONE way:
 * whole or not, a duration or not (util/duration.ts), bounds, and a limit
 * with its reason. A number past a limit is refused with a message naming
 * the limit — never clamped, never a crash further on (a heap of 10⁹
 * tenants, a timer of 10³⁰⁸ ms). Pure: the CLI's flags (cli/flags.ts) and
 * the input codecs (inputs/codecs.ts) both use it.
 */
import {DURATION_FORMS, parseDuration} from './duration.js'

/** How a number is read: whole or not, a duration or not, its bounds and limit. */
export type NumberRule = {
  /** Whole numbers only (`4`, `-1`; not `4.5` or `1e3`). */
  readonly whole?: boolean
  readonly min?: number
  /** Exclusive lower bound (`> 0`). */
  readonly above?: number
  readonly max?: number
  /** Why `max` is the limit, shown with it: "each tenant's world is kept in memory". */
  readonly why?: string
  /** What the number counts, for messages: "seconds". */
  readonly unit?: string
  /** A duration: seconds, or with a unit (250ms, 30s, 5m, 1h; util/duration.ts); negative only when `min` allows it. */
  readonly duration?: boolean
}

function describe(rule: NumberRule): string {
  const what = rule.whole ? 'a whole number' : rule.duration ? 'a duration' : `a number${rule.unit ? ` of ${rule.unit}` : ''}`
  const bounds = [rule.min !== undefined ? `≥ ${rule.min}` : '', rule.above !== undefined ? `> ${rule.above}` : ''].filter(Boolean).join(' and ')
  return bounds ? `${what} ${bounds}` : what
}

/** A number by `rule`, or an Error whose message names what was expected (or the limit passed). */
export function parseNumber(input: string, rule: NumberRule = {}): number {
  const text = input.trim()
  const n = rule.duration ? parseDuration(text, {negative: rule.min === undefined || rule.min < 0}) ?? Number.NaN : Number(text)
  const shaped = rule.whole ? /^[-+]?\d+$/.test(text) : text !== '' && Number.isFinite(n)
  if (!shaped || (rule.min !== undefined && n < rule.min) || (rule.above !== undefined && n <= rule.above)) {
    throw new Error(rule.duration
      ? `expected ${describe(rule)}: ${DURATION_FORMS}${rule.min === undefined ? ' (< 0 disables)' : ''}; got "${input}"`
      : `expected ${describe(rule)}, got "${input}"`)
  }
  if ((rule.max !== undefined && n > rule.max) || (rule.whole && !Number.isSafeInteger(n))) {
    const max = rule.max ?? Number.MAX_SAFE_INTEGER
    throw new Error(`${text} is above the limit of ${max}${rule.unit ? ` ${rule.unit}` : ''}${rule.why ? ` (${rule.why})` : ''}`)
  }
  return n
}

