/**
 * What a dialect is: given the facts of a lifecycle phase, a status change
 * or a periodic run, the notifications to put on the wire — none, one or
 * several — each with its event type, priority, publisher id, payload and
 * request context. Pure: no I/O, no clock, no ids (those come in the facts,
 * or from the Notifier: message_id, timestamp, _unique_id).
 */
import type {DialectName, EventSpec} from '../types.js'
import type {ExistsRunFacts, LifecycleFacts, QuotaRunFacts, StatusChangeFacts} from './facts.js'

/** One notification as a dialect renders it (the Notifier's Outgoing, minus nothing). */
export interface WireNotification {
  readonly eventType: string
  readonly priority: 'INFO' | 'ERROR'
  /** `<service>.<host>`, or Trove 18's bare host for its status notifications. */
  readonly publisherId: string
  readonly payload: Record<string, unknown>
  /** Packed on the wire as `_context_<key>` keys. */
  readonly context: Readonly<Record<string, unknown>>
}

/** When `exists` runs and what window it reports. */
export interface ExistsSchedule {
  /** Seconds between runs. */
  readonly everySeconds: number
  /** Seconds from start to the first run. */
  readonly firstAfterSeconds: number
  /** `tiling`: each window begins where the last ended (spec); `fixed`: [now − interval, now] (Trove 18). */
  readonly windows: 'tiling' | 'fixed'
}

export interface Dialect {
  readonly name: DialectName
  /** One phase of a lifecycle (start, end or error): the notifications to send at that moment. */
  lifecycle(facts: LifecycleFacts): WireNotification[]
  /**
   * A request refused by a check Trove runs before its StartNotification
   * (unknown instance, invalid body, …): the spec sends .start and .error,
   * Trove 18 nothing. `facts.error` says why (its `where` is ignored).
   */
  rejected(facts: LifecycleFacts): WireNotification[]
  /** A trove.instance.* status change (none for Trove 18's modify_volume). */
  status(facts: StatusChangeFacts): WireNotification[]
  /** One `exists` run. */
  exists(facts: ExistsRunFacts): WireNotification[]
  /** One `quotas` run of one taskmanager. */
  quotas(facts: QuotaRunFacts): WireNotification[]
  /** Why `quotas` sends nothing in this dialect, when it does not. */
  readonly quotasSilentBecause?: string
  existsSchedule(interval: number): ExistsSchedule
  /** This dialect's catalog. */
  readonly events: readonly EventSpec[]
  findEvent(eventType: string): EventSpec | undefined
  /** Default notification topic of a deployment speaking it. */
  readonly defaultTopic: string
}
