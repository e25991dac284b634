/**
 * Finding an event type a user typed, in a dialect's catalog: the entry, or
 * a usage error that says what exists (close names, the other dialect's name
 * for the same event).
 */
import {UsageError} from '../util/errors.js'
import {eventsOf, findEventIn} from './catalogs.js'
import {TROVE18_EVENT_ALIASES} from './trove18/departures.js'
import type {DialectName, EventSpec} from './types.js'

const SPEC_NAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TROVE18_EVENT_ALIASES).map(([t, s]) => [s, t]))

export function lookupEvent(eventType: string, dialect: DialectName = 'spec'): EventSpec {
  const spec = findEventIn(dialect, eventType)
  if (spec) return spec
  const alias = dialect === 'spec' ? TROVE18_EVENT_ALIASES[eventType] : SPEC_NAMES[eventType]
  if (alias) {
    throw new UsageError(dialect === 'spec' ? `"${eventType}" is Trove 18's name; the spec calls it ${alias}` : `"${eventType}" is the spec's name; Trove 18 calls it ${alias}`,
      `trove-notify events show ${alias}${dialect === 'spec' ? '' : ' --dialect trove-18'}`)
  }
  const other: DialectName = dialect === 'spec' ? 'trove-18' : 'spec'
  if (findEventIn(other, eventType)) {
    throw new UsageError(`${eventType} is not sent in the ${dialect} dialect (the ${other} dialect has it)`, `trove-notify events show ${eventType} --dialect ${other}`)
  }
  const word = eventType.replace(/^(dbaas|trove)\./, '').split('.')[0] ?? eventType
  const close = eventsOf(dialect).map((e) => e.eventType).filter((t) => word !== '' && t.includes(word)).slice(0, 5)
  throw new UsageError(`unknown event type "${eventType}"`,
    close.length > 0 ? `did you mean ${close.join(', ')}? (\`trove-notify events list\` lists all)` : '`trove-notify events list` lists every event type')
}
