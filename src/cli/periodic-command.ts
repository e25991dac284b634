/**
 * The base of the periodic commands (`quotas`, `exists`): the shared flags
 * (--interval, --once, --count, and the metrics flags), the run loop on a
 * drift-free schedule, one line per run, Ctrl-C as a clean stop through the
 * base command's interrupt facility (the run in progress finishes and its
 * confirms are awaited; a second Ctrl-C quits at once), live metrics and
 * thresholds, and the `--json` summary.
 */
import {Flags} from '@oclif/core'
import type {PeriodicContext, PeriodicRun} from '../periodic/run.js'
import type {RunPlan} from '../periodic/plan.js'
import {runSchedule} from '../periodic/scheduler.js'
import {randomIds, realClock} from '../util/runtime.js'
import {BaseCommand} from './base-command.js'
import {connectionFlags, dialectFlag, LIMITS, numberFlag, wholeNumberFlag, worldFlags} from './flags.js'
import {type MetricsFlagValues, metricsFlags, openMetrics, thresholdsFailed, thresholdsFrom} from './metrics-flags.js'
import type {ThresholdResult} from '../metrics/thresholds.js'
import {renderDisabled, renderRun, renderSchedule} from './render/periodic.js'
import {abortNotice, renderThresholds} from './render/thresholds.js'

/** --interval, --once, --count; `configKey` names the config option the interval defaults to. */
export function periodicFlags(configKey: string, defaultHelp?: string) {
  return {
    // A duration (seconds, or 30s, 5m, 1h); negative values allowed (< 0 disables, as in Trove).
    interval: numberFlag({
      summary: `Seconds between runs (or 30s, 5m, 1h; < 0 disables; at most a week). Default: ${configKey} in the config file.`,
      helpValue: 'SECONDS',
      duration: true,
      unit: 'seconds',
      max: LIMITS.period,
      why: 'a week',
      defaultHelp: defaultHelp === undefined ? undefined : async () => defaultHelp,
    }),
    once: Flags.boolean({summary: 'Run once now and exit.', exclusive: ['count']}),
    count: wholeNumberFlag({summary: 'Stop after N runs (default: run until Ctrl-C).', helpValue: 'N', min: 1, max: LIMITS.operations, exclusive: ['once']}),
    ...metricsFlags(),
  }
}

/** `--json` output of a periodic command. */
export interface PeriodicSummary<R extends PeriodicRun> {
  readonly event_type: string
  readonly disabled: boolean
  readonly interval: number | null
  readonly runs: readonly R[]
  readonly published: number
  readonly confirmed: number
  /** `count` (every run asked for was done), `interrupted` (Ctrl-C) or `disabled`. */
  readonly stopped_by: 'count' | 'interrupted' | 'disabled'
  /** --threshold results (exit 99 when one failed). */
  readonly thresholds?: readonly ThresholdResult[]
}

export abstract class PeriodicCommand extends BaseCommand {
  static baseFlags = {...BaseCommand.baseFlags, ...connectionFlags, dialect: dialectFlag, ...worldFlags}

  /**
   * Run `run` on `plan` (settings must be resolved first): each run's line is
   * printed as it completes; resolves with the summary when the runs are done
   * or Ctrl-C stopped them.
   */
  protected async periodic<R extends PeriodicRun>(
    eventType: string,
    plan: RunPlan,
    run: (ctx: PeriodicContext) => Promise<R>,
    detail: (r: R) => string,
    flags: MetricsFlagValues = {},
  ): Promise<PeriodicSummary<R>> {
    const summary = (runs: R[], stoppedBy: PeriodicSummary<R>['stopped_by']): PeriodicSummary<R> => ({
      event_type: eventType,
      disabled: plan.disabled,
      interval: plan.interval ?? null,
      runs,
      published: runs.reduce((n, r) => n + r.published, 0),
      confirmed: runs.reduce((n, r) => n + r.confirmed, 0),
      stopped_by: stoppedBy,
    })
    if (plan.disabled) {
      this.log(renderDisabled(eventType, plan.source))
      return summary([], 'disabled')
    }
    const settings = this.settings
    const stop = new AbortController()
    const metrics = await openMetrics(flags, {
      kind: 'periodic', worker: '1/1', thresholds: thresholdsFrom(flags, 'periodic'), onNotice: (m) => this.notice(m),
      onAbort: (failed) => {
        this.notice(abortNotice(failed))
        stop.abort()
      },
    })
    let notifier
    try {
      notifier = await this.notifier(metrics?.publisherHooks())
    } catch (err) {
      await metrics?.abandon()
      throw err
    }
    const ctx: PeriodicContext = {
      world: this.world, notifier, settings, ids: randomIds, clock: realClock,
      caller: {tenantId: settings.tenant, userId: settings.user},
    }
    await this.deliverThrough(this.world, notifier, {...ctx, delay: 0})
    metrics?.start()
    const runs: R[] = []
    const once = async (index: number): Promise<void> => {
      const r = await run(ctx)
      metrics?.recorder.incBy('periodic_runs', eventType)
      runs.push(r)
      this.log(renderRun(index, plan.count, r, detail(r)))
    }
    this.log(renderSchedule(eventType, plan.interval, plan.count))
    // Ctrl-C / SIGTERM is how a periodic command normally ends (exit 0); a second one quits at once (130).
    const off = this.onInterrupt(() => {
      stop.abort()
      this.notice('stopping after the current run (its confirms are awaited); Ctrl-C again to quit now')
    }, {expected: true})
    let done: PeriodicSummary<R> | undefined
    try {
      if (plan.interval === undefined) {
        await once(0)
        done = summary(runs, 'count')
      } else {
        const outcome = await runSchedule({intervalMs: plan.interval * 1000, count: plan.count, signal: stop.signal, run: (i) => once(i)})
        done = summary(runs, outcome.stoppedBy === 'aborted' ? 'interrupted' : 'count')
      }
    } finally {
      off()
      if (!done) await metrics?.abandon()
    }
    if (!metrics) return done
    const outcome = await metrics.finish()
    if (outcome.thresholds.length > 0) this.log(renderThresholds(outcome.thresholds, outcome.aborted))
    if (thresholdsFailed(outcome)) this.thresholdsFailed()
    return outcome.thresholds.length > 0 ? {...done, thresholds: outcome.thresholds} : done
  }
}
