/**
 * How the catalog looks in a terminal: the `events list` table and the
 * `events show` page (fields, APIs, emitting component, the example as it
 * goes on the wire).
 */
import {DBAAS_BASE_FIELDS, STATUS_BASE_FIELDS} from '../../events/catalog.js'
import type {ExampleMessage} from '../../events/export/example.js'
import type {EventSpec, OperationSpec} from '../../events/types.js'
import {c, table} from './style.js'

/** Named field sets shown as one word in the list (spelled out in its footnote). */
const FIELD_SETS = [
  {label: 'dbaas base', names: DBAAS_BASE_FIELDS.map((f) => f[0])},
  {label: 'status base', names: STATUS_BASE_FIELDS.map((f) => f[0])},
] as const

function abbreviate(names: readonly string[]): string {
  for (const set of FIELD_SETS) {
    if (set.names.every((n) => names.includes(n))) {
      const rest = names.filter((n) => !(set.names as readonly string[]).includes(n))
      return [`(${set.label})`, ...rest].join(', ')
    }
  }
  return names.join(', ')
}

export function eventsTable(events: readonly EventSpec[]): string {
  const rows = events.map((e) => [
    e.eventType, e.queue,
    abbreviate(e.fields.filter((f) => f.required).map((f) => f.name)),
    e.fields.filter((f) => !f.required).map((f) => f.name).join(', '),
  ])
  const notes = FIELD_SETS.map((s) => c.dim(`(${s.label}) = ${s.names.join(', ')}`))
  return [table(['Event type', 'Queue', 'Required fields', 'Optional fields'], rows, {overflow: 'wrap'}), `${events.length} event type(s).`, ...notes].join('\n')
}

function propertiesLine(p: ExampleMessage['properties']): string {
  return `content_type=${p.contentType} content_encoding=${p.contentEncoding} delivery_mode=${p.deliveryMode} priority=${p.priority} headers={}`
}

/** `yes`, `yes (or null)` or `no`. */
function requiredWord(f: EventSpec['fields'][number]): string {
  return f.required ? (f.nullable ? 'yes (or null)' : 'yes') : 'no'
}

export function eventPage(e: EventSpec, op: OperationSpec | undefined, example: ExampleMessage): string {
  const lines = [
    `${c.bold(e.eventType)} — ${e.summary}${e.beyondSpec ? ` ${c.yellow('[beyond the spec (Trove 18)]')}` : ''}`,
    `dialect ${e.dialect} · spec section ${e.specSection} · queue ${e.queue} · priority ${e.priority} · emitted by ${e.emittedBy.join(' or ') || 'nobody (never sent)'}`,
  ]
  if (e.troveClass) lines.push(`${c.bold('Trove 18 class:')} trove.common.notification.${e.troveClass}`)
  if (e.pythonApi) lines.push(`${c.bold('Python API:')} ${e.pythonApi}`)
  if (e.restApi) lines.push(`${c.bold('REST API:')}   ${e.restApi}`)
  if (op && e.dialect === 'spec') lines.push(`${c.bold('Lifecycle:')}  .start from api; .end from ${op.finishedBy}; .error from whichever component fails; correlated by request_id`)
  if (op?.note && e.dialect === 'spec') lines.push(`${c.bold('Note:')} ${op.note}`)
  for (const n of e.notes ?? []) lines.push(`${c.bold('Trove 18:')} ${n}`)
  for (const r of op?.troveRules ?? []) lines.push(`${c.bold('Rule:')} ${r}`)
  lines.push('', table(['Field', 'Type', 'Required', 'Description'],
    e.fields.map((f) => [f.name, f.type, requiredWord(f), f.inSpec || e.dialect !== 'spec' ? f.description : `${f.description} (not in the spec)`])))
  lines.push('', c.bold(`Example on the wire (exchange ${example.exchange}, routing key ${example.routing_key}):`))
  lines.push(`AMQP properties: ${propertiesLine(example.properties)}`)
  lines.push('Body:', example.body, '', c.bold('oslo.message decoded:'), JSON.stringify(example.message, null, 2))
  return lines.join('\n')
}
