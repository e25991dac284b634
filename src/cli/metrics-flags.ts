/**
 * The flags of a watched run (`simulate`, `tail`, `quotas`, `exists`; `replay`
 * the same way): --metrics-file, --metrics-port, --metrics-host,
 * --threshold (repeatable), --abort-on-fail; opening the metrics session
 * they ask for; and whether a finished run's thresholds failed (the base
 * command turns that into exit 99, below a failed run's 1 and above an
 * interruption's 130/143).
 */
import {Flags} from '@oclif/core'
import type {RunKind} from '../metrics/catalog.js'
import {metricsWanted, MetricsSession, type MetricsOptions} from '../metrics/session.js'
import {parseThreshold, type Threshold, type ThresholdResult} from '../metrics/thresholds.js'

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

/** True when a --threshold failed, or --abort-on-fail stopped the run (exit 99: BaseCommand.thresholdsFailed). */
export function thresholdsFailed(o: {readonly thresholds: readonly ThresholdResult[], readonly aborted?: boolean} | undefined): boolean {
  return Boolean(o && (o.aborted || o.thresholds.some((t) => !t.passed)))
}
