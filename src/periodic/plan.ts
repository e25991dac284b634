/**
 * How a periodic command runs, decided from what the user typed and the
 * config file: disabled (an interval < 0, as Trove's periodic tasks), a number
 * of runs, or until stopped — and every way of getting it wrong as one usage
 * error naming the fix. Also the gate of `exists`: Trove emits
 * trove.instance.exists only when exists_notification_transformer is set.
 */
import {UsageError} from '../util/errors.js'

export interface PlanInput {
  /** `--interval` as typed (seconds, fractions allowed). */
  readonly flag?: number
  /** The config file's value (or its default). */
  readonly config?: number
  /** The config option's name, e.g. `quota_notification_interval`. */
  readonly configKey: string
  readonly once?: boolean
  readonly count?: number
  /** The command, for examples in errors (`trove-notify quotas`). */
  readonly command: string
}

export type RunPlan =
  | {readonly disabled: true, readonly interval: number, readonly source: string}
  | {readonly disabled: false, readonly interval?: number, readonly count?: number}

/** Decide the plan, or throw a UsageError. */
export function planRuns(p: PlanInput): RunPlan {
  if (p.count !== undefined && (!Number.isInteger(p.count) || p.count < 1)) {
    throw new UsageError(`--count must be a whole number ≥ 1, got ${p.count}`, `e.g. ${p.command} --count 3`)
  }
  const count = p.once ? 1 : p.count
  const interval = p.flag ?? p.config
  const source = p.flag !== undefined ? `--interval ${p.flag}` : `${p.configKey} = ${p.config}`
  if (interval === undefined) {
    // One run needs no interval; repeated runs do.
    if (count === 1) return {disabled: false, count}
    throw new UsageError(
      `no interval: set ${p.configKey} under [DEFAULT] in the config file, or pass --interval SECONDS`,
      `e.g. ${p.command} --interval 60 (or --once for a single run)`)
  }
  if (!Number.isFinite(interval)) throw new UsageError(`the interval must be a number of seconds, got ${interval}`)
  if (interval < 0) return {disabled: true, interval, source}
  if (interval === 0) {
    throw new UsageError(`the interval must be > 0 seconds (or < 0 to disable), got 0 (${source})`, `e.g. ${p.command} --interval 60`)
  }
  return {disabled: false, interval, count}
}

/**
 * The exists transformer: `--transformer` or the config file's
 * exists_notification_transformer; without one, a usage error saying how to
 * enable it. Whichever is named, the payload is the same (all status fields).
 */
export function existsTransformer(flag: string | undefined, configured: string | undefined): string {
  const name = flag ?? configured
  if (name === undefined || name.trim() === '') {
    throw new UsageError(
      'trove.instance.exists is off, as in Trove without a transformer: set exists_notification_transformer under [DEFAULT] in the config file, or pass --transformer NAME',
      'e.g. trove-notify exists --transformer trove.extensions.mgmt.instances.models.NovaNotificationTransformer --once')
  }
  return name.trim()
}
