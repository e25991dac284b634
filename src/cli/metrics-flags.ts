/**
 * The flags of a watched run (`simulate`, `tail`, `quotas`, `exists`; `replay`
 * the same way): --metrics-file, --metrics-port, --metrics-host,
 * --threshold (repeatable), --abort-on-fail; opening the metrics session
 * they ask for; and the one place a run's exit status is decided once its
 * thresholds are known:
 *
 *   1 the run failed (messages lost, broker gone) · 99 a threshold failed
 *   (or --abort-on-fail stopped the run) · 130 interrupted (Ctrl-C) · else
 *   the command's own status (0).
 */
import {Flags} from '@oclif/core'
import type {RunKind} from '../metrics/catalog.js'
import {metricsWanted, MetricsSession, type MetricsOptions} from '../metrics/session.js'
import {parseThreshold, THRESHOLD_EXIT, type Threshold, type ThresholdResult} from '../metrics/thresholds.js'

export function metricsFlags() {
  return {
    'metrics-file': Flags.string({
      summary: 'Write one row of metrics per second to FILE as the run goes: CSV if it ends in .csv, else JSON lines.',
      helpValue: 'FILE',
      helpGroup: 'METRICS',
    }),
    'metrics-port': Flags.integer({
      summary: 'Serve Prometheus metrics at http://HOST:PORT/metrics while running (0 picks a free port, printed).',
      helpValue: 'PORT',
      min: 0,
      max: 65_535,
      helpGroup: 'METRICS',
    }),
    'metrics-host': Flags.string({
      summary: 'Address the metrics endpoint listens on.',
      helpValue: 'HOST',
      defaultHelp: async () => '127.0.0.1',
      helpGroup: 'METRICS',
    }),
    threshold: Flags.string({
      summary: 'Pass/fail criterion, e.g. "confirm_p99<50ms", "error_rate<1%", "unconfirmed==0" (repeatable); a failed one exits 99.',
      helpValue: 'EXPR',
      multiple: true,
      helpGroup: 'METRICS',
    }),
    'abort-on-fail': Flags.boolean({
      summary: 'Stop the run as soon as a --threshold fails for good (checked every second).',
      dependsOn: ['threshold'],
      helpGroup: 'METRICS',
    }),
  }
}

export interface MetricsFlagValues {
  readonly 'metrics-file'?: string
  readonly 'metrics-port'?: number
  readonly 'metrics-host'?: string
  readonly threshold?: string[]
  readonly 'abort-on-fail'?: boolean
}

/** Parse the --threshold expressions (a usage error naming what is valid). */
export function thresholdsFrom(flags: MetricsFlagValues, kind: RunKind, hasTarget = false): Threshold[] {
  return (flags.threshold ?? []).map((e) => parseThreshold(e, kind, {hasTarget}))
}

/** Open the metrics session the flags ask for (undefined when they ask for nothing). */
export async function openMetrics(flags: MetricsFlagValues, o: Omit<MetricsOptions, 'file' | 'port' | 'host' | 'abortOnFail'> & {readonly thresholds: readonly Threshold[]}): Promise<MetricsSession | undefined> {
  const options: MetricsOptions = {
    ...o,
    file: flags['metrics-file'],
    port: flags['metrics-port'],
    host: flags['metrics-host'],
    abortOnFail: flags['abort-on-fail'],
  }
  return metricsWanted(options) ? MetricsSession.open(options) : undefined
}

/** The exit status of a watched run (see the top of this file). */
export function runExitCode(o: {readonly failed: boolean, readonly thresholds: readonly ThresholdResult[], readonly aborted?: boolean, readonly interrupted: boolean, readonly otherwise?: number}): number {
  if (o.failed) return 1
  if (o.aborted || o.thresholds.some((t) => !t.passed)) return THRESHOLD_EXIT
  if (o.interrupted) return 130
  return o.otherwise ?? 0
}
