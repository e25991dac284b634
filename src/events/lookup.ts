/**
 * Finding an event type a user typed: the catalog entry, or a usage error
 * that says what exists (close names, Trove 18's own names for spec events).
 */
import {UsageError} from '../util/errors.js'
import {TROVE18_EVENT_ALIASES} from './trove18/departures.js'
import {EVENTS, findEvent} from './catalog.js'
import type {EventSpec} from './types.js'

export function lookupEvent(eventType: string): EventSpec {
  const spec = findEvent(eventType)
  if (spec) return spec
  const alias = TROVE18_EVENT_ALIASES[eventType]
  if (alias) throw new UsageError(`"${eventType}" is Trove 18's name; the spec calls it ${alias}`, `trove-notify events show ${alias}`)
  const word = eventType.replace(/^(dbaas|trove)\./, '').split('.')[0] ?? eventType
  const close = EVENTS.map((e) => e.eventType).filter((t) => word !== '' && t.includes(word)).slice(0, 5)
  throw new UsageError(`unknown event type "${eventType}"`,
    close.length > 0 ? `did you mean ${close.join(', ')}? (\`trove-notify events list\` lists all)` : '`trove-notify events list` lists every event type')
}
