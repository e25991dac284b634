/**
 * What the periodic jobs (`dbaas.quotas`, `trove.instance.exists`) share: the
 * context they run with (a subset of an operation's, so `simulate` can pass
 * its own OpContext), the admin request context of a Trove periodic task, and
 * the result of one run.
 */
import type {PeriodicFacts} from '../events/dialect/facts.js'
import type {Settings} from '../settings/settings.js'
import type {Published} from '../messaging/notifier.js'
import type {OpContext} from '../operations/context.js'

/** What a periodic run needs; any OpContext will do (exists reads its interval and transformer from full settings when given). */
export type PeriodicContext = Pick<OpContext, 'world' | 'notifier' | 'caller' | 'ids' | 'clock'> & {
  readonly settings: OpContext['settings'] & Partial<Pick<Settings, 'existsInterval' | 'existsTransformer'>>
}

/** The result of one run. Every message of a run is confirmed before it returns. */
export interface PeriodicRun {
  readonly event_type: string
  /** The time the run reported on (window end of `exists`). ISO 8601 with Z. */
  readonly at: string
  /** Notifications built (one per tenant × resource × taskmanager, or per instance window). */
  readonly notifications: number
  /** Messages handed to the broker (notifications × topics). */
  readonly published: number
  /** Messages the broker confirmed: all of them, or the run would have failed. */
  readonly confirmed: number
  /** Milliseconds from the first publish to the last confirm. */
  readonly took_ms: number
}

/** `taskmanager.<host>`, or `taskmanager.<host>-<i>` (1-based) when several are simulated. */
export function taskmanagerPublisher(host: string, index: number, taskmanagers: number): string {
  return taskmanagers > 1 ? `taskmanager.${host}-${index + 1}` : `taskmanager.${host}`
}

/** Trove 18's taskmanager Manager builds its admin context once: one request id per notifier (a command run, a simulated taskmanager). */
const LIFETIME_REQUEST_IDS = new WeakMap<object, string>()

/**
 * The facts of a periodic task's context: Trove runs them with an admin
 * context; we name the operator running the command as the user (Trove 18
 * uses its [service_credentials] user and project). The request id is new
 * per run in the spec dialect; in trove-18 the same for every run of the
 * same notifier (Trove 18's Manager keeps one for the process lifetime).
 */
export function periodicFacts(ctx: PeriodicContext): PeriodicFacts {
  const lifetime = ctx.settings.dialect === 'trove-18'
  let requestId = lifetime ? LIFETIME_REQUEST_IDS.get(ctx.notifier) : undefined
  if (requestId === undefined) {
    requestId = `req-${ctx.ids.uuid()}`
    if (lifetime) LIFETIME_REQUEST_IDS.set(ctx.notifier, requestId)
  }
  return {
    userId: ctx.caller.userId,
    tenantId: ctx.caller.tenantId,
    requestId,
    host: ctx.settings.host,
    serviceUser: ctx.settings.serviceCredentials?.username ?? '',
    serviceProject: ctx.settings.serviceCredentials?.projectId ?? '',
  }
}

/**
 * Wait for every confirm, then describe the run. `flush()` waits for all the
 * notifier has outstanding, so a run sharing a busy notifier waits for that too.
 */
export async function confirmRun(ctx: PeriodicContext, eventType: string, at: Date, sent: readonly Published[], startedMs: number): Promise<PeriodicRun> {
  await ctx.notifier.flush()
  const published = sent.reduce((n, p) => n + p.routing_keys.length, 0)
  return {
    event_type: eventType,
    at: at.toISOString(),
    notifications: sent.length,
    published,
    confirmed: published,
    took_ms: Math.round((performance.now() - startedMs) * 10) / 10,
  }
}
