/**
 * How `--threshold` results are shown at the end of a run: each threshold
 * with what was measured and whether it held, then one line naming the
 * failed ones (the exit status is 99 then).
 */
import type {ThresholdResult} from '../../metrics/thresholds.js'
import {safe} from './sanitize.js'
import {c, table} from './style.js'

export function renderThresholds(results: readonly ThresholdResult[], aborted = false): string {
  if (results.length === 0) return ''
  const rows = results.map((r) => [safe(r.expression), safe(r.text), r.passed ? c.green('pass') : c.red('FAIL')])
  const failed = results.filter((r) => !r.passed)
  const verdict = failed.length === 0
    ? c.green(`thresholds: all ${results.length} passed`)
    : c.red(`thresholds: ${failed.length} of ${results.length} failed: ${failed.map((r) => safe(r.expression)).join(', ')}${aborted ? ' (the run was stopped early: --abort-on-fail)' : ''} (exit 99)`)
  return [table(['threshold', 'measured', 'result'], rows), verdict].join('\n')
}

/** The notice printed when --abort-on-fail stops a run. */
export function abortNotice(failed: readonly ThresholdResult[]): string {
  return `stopping: threshold ${failed.map((r) => `${safe(r.expression)} failed (${safe(r.text)})`).join('; ')} — --abort-on-fail`
}
