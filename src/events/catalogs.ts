/**
 * The catalog of each dialect, by name: the `spec` dialect's (the spec's
 * events and those beyond it, catalog.ts) and the `trove-18` dialect's
 * (trove18/catalog.ts). Everything that reads "the catalog" for a dialect —
 * payload checks, `events …`, the docs, `tail --check --dialect` — asks here.
 */
import {findEvent, SPEC_DIALECT_EVENTS} from './catalog.js'
import {findTrove18Event, TROVE18_EVENTS, TROVE18_TOPIC} from './trove18/catalog.js'
import type {DialectName, EventSpec} from './types.js'

export const DIALECT_NAMES: readonly DialectName[] = ['spec', 'trove-18']

/** What each dialect is, in a line (help texts, docs). */
export const DIALECT_SUMMARIES: Readonly<Record<DialectName, string>> = {
  spec: 'the Ceilometer-integration spec (the default)',
  'trove-18': "what Trove 18.0.0's own code sends",
}

/** The topic a dialect's deployment uses by default: the spec's `notification`, oslo's `notifications` for Trove 18. */
export const DEFAULT_TOPIC: Readonly<Record<DialectName, string>> = {spec: 'notification', 'trove-18': TROVE18_TOPIC}

export function eventsOf(dialect: DialectName): readonly EventSpec[] {
  return dialect === 'spec' ? SPEC_DIALECT_EVENTS : TROVE18_EVENTS
}

export function findEventIn(dialect: DialectName, eventType: string): EventSpec | undefined {
  return dialect === 'spec' ? findEvent(eventType) : findTrove18Event(eventType)
}

export function isDialectName(value: string): value is DialectName {
  return (DIALECT_NAMES as readonly string[]).includes(value)
}
