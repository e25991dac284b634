/**
 * `trove.instance.exists` (spec 1.2.1.5) with audit windows that TILE, so
 * Ceilometer's meter of that name (volume = audit_period_ending −
 * audit_period_beginning, in seconds) sums to exactly the seconds each
 * instance lived:
 *
 * - an instance's first window begins at its launch (launched_at);
 * - each next window begins exactly where its previous one ended; the end of
 *   the last window is kept in the state store (`exists_audit`), so a restart
 *   of the command continues without gap or overlap;
 * - a live instance's window ends at the run's time; a deleted instance gets
 *   one final window ending at its deleted_at (also when it was created and
 *   deleted between two runs), and none after.
 *
 * An instance being deleted (SHUTDOWN, not yet deleted) or not launched yet is
 * skipped; its final (or first) window covers that time later. The window end
 * is recorded only after the broker confirmed the run: a run that fails is
 * covered again by the next one (no gap); only a crash between the confirm
 * and the record could repeat a window.
 *
 * Real Trove sends a fixed window of exists_notification_interval seconds
 * every minute, so its windows overlap; this is what the spec means instead.
 */
import {getEvent} from '../events/catalog.js'
import {isoTime} from '../messaging/envelope.js'
import type {Published} from '../messaging/notifier.js'
import type {ExistsRunFacts, InstanceFacts} from '../events/dialect/facts.js'
import type {WireNotification} from '../events/dialect/index.js'
import type {DialectName} from '../events/types.js'
import {dialectOf} from '../operations/lifecycle.js'
import {publish} from '../operations/publish.js'
import {instanceFacts} from '../operations/status.js'
import {DEFAULTS} from '../settings/settings.js'
import type {InstanceRow} from '../state/rows.js'
import type {World} from '../state/world.js'
import {confirmRun, type PeriodicContext, type PeriodicRun, periodicFacts} from './run.js'

export const EXISTS_EVENT = getEvent('trove.instance.exists')

/** One audit window of one instance. Times are ISO 8601 with Z. */
export interface ExistsWindow {
  readonly instance: InstanceRow
  readonly beginning: string
  readonly ending: string
  /** The instance is deleted and this is its final window. */
  readonly final: boolean
  /** The stored end of the previous window (null: first window), as the store has it. */
  readonly previous: string | null
}

/**
 * The windows due at `now`: from each instance's last window end (or its
 * launch) to its deletion or `now`. Deleted instances whose window would be
 * empty (nothing left to cover) are closed in the store without a message.
 */
export function dueWindows(world: World, now: Date): ExistsWindow[] {
  const windows: ExistsWindow[] = []
  const closed: ExistsWindow[] = []
  for (const {instance, ending: auditEnding} of world.existsAudit.candidates()) {
    const begin = new Date(auditEnding ?? instance.launched_at!)
    const deleted = instance.deleted_at === null ? undefined : new Date(instance.deleted_at)
    const final = deleted !== undefined && deleted.getTime() <= now.getTime()
    const end = final ? deleted : now
    if (end.getTime() > begin.getTime()) {
      windows.push({instance, beginning: isoTime(begin), ending: isoTime(end), final, previous: auditEnding})
    } else if (final) {
      closed.push({instance, beginning: isoTime(begin), ending: isoTime(end), final, previous: auditEnding})
    }
  }
  if (closed.length > 0) recordWindows(world, closed)
  return windows
}

/**
 * Remember where each window ended: the next window of that instance begins
 * there. A final window is recorded as the instance's deleted_at exactly, which
 * is how the next run knows the instance is done.
 */
export function recordWindows(world: World, windows: readonly ExistsWindow[]): void {
  world.tx(() => {
    for (const w of windows) world.existsAudit.record(w.instance.id, w.previous, w.final ? w.instance.deleted_at! : w.ending)
  })
}

export interface ExistsRun extends PeriodicRun {
  readonly instances: number
  /** Final windows of instances deleted since their previous window. */
  readonly final: number
  readonly windows: ReadonlyArray<{readonly instance_id: string, readonly audit_period_beginning: string, readonly audit_period_ending: string}>
}

/** What one exists run is told beyond its context: exists_notification_interval and _transformer (default: the settings'). */
export interface ExistsOptions {
  readonly interval?: number
  readonly transformer?: string
}

/**
 * THE way out of an exists run: every message the dialect builds for it is
 * sent here (checked against the dialect's catalog, then handed to the notifier).
 */
function deliverExists(ctx: PeriodicContext, dialect: DialectName, w: WireNotification): Published {
  return publish(ctx.notifier, w, dialect)
}

/**
 * One run: the dialect's trove.instance.exists messages for the due windows
 * (spec: one per window; trove-18: every live instance, [now − interval,
 * now]), from the taskmanager; when the broker confirmed them all, the
 * window ends are recorded (in both dialects: the world is the same).
 */
export async function publishExists(ctx: PeriodicContext, now: Date = ctx.clock.now(), options: ExistsOptions = {}): Promise<ExistsRun> {
  const started = performance.now()
  const windows = dueWindows(ctx.world, now)
  const dialect = dialectOf(ctx)
  const {catalogue} = ctx.world
  const facts: ExistsRunFacts = {
    periodic: periodicFacts(ctx),
    now,
    interval: options.interval ?? ctx.settings.existsInterval ?? DEFAULTS.existsInterval,
    transformer: options.transformer ?? ctx.settings.existsTransformer ?? '',
    windows: windows.map((w) => ({instance: instanceFacts(catalogue, ctx.settings, w.instance), beginning: w.beginning, ending: w.ending})),
    // only Trove 18's fixed window reports every live instance (not asked of the store otherwise)
    live: dialect.name === 'spec' ? [] : liveInstances(ctx),
  }
  const messages = dialect.exists(facts)
  const sent = messages.map((w) => deliverExists(ctx, dialect.name, w))
  const run = await confirmRun(ctx, EXISTS_EVENT.eventType, now, sent, started)
  recordWindows(ctx.world, windows)
  return {
    ...run,
    instances: messages.length,
    final: windows.filter((w) => w.final).length,
    // the windows as sent (both dialects' payloads carry these three keys)
    windows: messages.map(({payload: p}) => ({
      instance_id: p.instance_id as string, audit_period_beginning: p.audit_period_beginning as string, audit_period_ending: p.audit_period_ending as string,
    })),
  }
}

/** The launched, not deleted instances (those being deleted included: Trove 18's transformers decide). */
function liveInstances(ctx: PeriodicContext): InstanceFacts[] {
  return ctx.world.existsAudit.candidates().filter((c) => c.instance.deleted_at === null)
    .map((c) => instanceFacts(ctx.world.catalogue, ctx.settings, c.instance))
}
