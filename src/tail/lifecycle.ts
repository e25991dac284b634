/**
 * `tail --lifecycle`: pairs each `.start` with its `.end` or `.error` by
 * request_id (and operation, since one request may run several lifecycles),
 * measures the duration between their oslo timestamps, and keeps the starts
 * still open so they can be flagged after `--open-after` seconds and at exit.
 */
import {requestIdOf} from './filters.js'

/** A `.start` still waiting for its end. */
export interface OpenLifecycle {
  readonly requestId: string
  readonly operation: string
  readonly eventType: string
  /** Time of the start (oslo timestamp, else receive time), ms since the epoch. */
  readonly startedAt: number
  /** Local receive time of the start, for `--open-after`. */
  readonly receivedAt: number
  /** The start message, for showing what it was about. */
  readonly message: Readonly<Record<string, unknown>>
  flagged: boolean
}

/** What pairing says about one message. */
export type LifecycleMark =
  | {readonly kind: 'start'}
  | {readonly kind: 'closed', readonly phase: 'end' | 'error', readonly durationMs: number, readonly startEventType: string}
  | {readonly kind: 'unpaired', readonly phase: 'end' | 'error'}

const PHASED = /^(.+)\.(start|end|error)$/
const OSLO_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/

/** Milliseconds (with fraction) since the epoch of an oslo timestamp (UTC when no zone), or undefined. */
export function parseOsloTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined
  const m = OSLO_TIME.exec(value)
  if (!m) return undefined
  const whole = Date.parse(`${m[1]}T${m[2]}${m[4] ?? 'Z'}`)
  if (Number.isNaN(whole)) return undefined
  return whole + (m[3] ? Number(m[3]) * 1000 : 0)
}

export class LifecycleTracker {
  private readonly open = new Map<string, OpenLifecycle[]>()
  /** Starts still waiting for their end. */
  openCount = 0

  /** Record a message; returns its mark when it is a phase of a lifecycle. */
  observe(message: Readonly<Record<string, unknown>>, receivedAt: number): LifecycleMark | undefined {
    const eventType = typeof message.event_type === 'string' ? message.event_type : ''
    const m = PHASED.exec(eventType)
    const requestId = requestIdOf(message)
    if (!m || !requestId) return undefined
    const operation = m[1]!
    const phase = m[2] as 'start' | 'end' | 'error'
    const key = `${requestId} ${operation}`
    const at = parseOsloTime(message.timestamp) ?? receivedAt
    if (phase === 'start') {
      const list = this.open.get(key) ?? []
      list.push({requestId, operation, eventType, startedAt: at, receivedAt, message, flagged: false})
      this.open.set(key, list)
      this.openCount++
      return {kind: 'start'}
    }
    const list = this.open.get(key)
    const start = list?.shift()
    if (list && list.length === 0) this.open.delete(key)
    if (!start) return {kind: 'unpaired', phase}
    this.openCount--
    return {kind: 'closed', phase, durationMs: Math.max(0, at - start.startedAt), startEventType: start.eventType}
  }

  /** Starts open for longer than `afterMs` that were not flagged yet (now flagged). */
  overdue(now: number, afterMs: number): OpenLifecycle[] {
    const out: OpenLifecycle[] = []
    for (const list of this.open.values()) {
      for (const o of list) {
        if (!o.flagged && now - o.receivedAt >= afterMs) {
          o.flagged = true
          out.push(o)
        }
      }
    }
    return out
  }

  /** Every start still open, oldest first. */
  stillOpen(): OpenLifecycle[] {
    return [...this.open.values()].flat().sort((a, b) => a.receivedAt - b.receivedAt)
  }
}
