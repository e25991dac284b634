/**
 * Human output of an operation: one headline (✔ / ✖, the resource, the
 * request id), every instance named when one request made several
 * (`--replica-count`), and one line per notification published. With -f/-c
 * the operation's result is shown instead as an openstack-style object (the
 * resource's fields, then operation, outcome, request_id and error): see
 * `resultShown`. Text is sanitised before it is coloured.
 */
import type {OperationResult} from '../../operations/context.js'
import type {Listing, Shown, Value} from './format.js'
import {safe} from './sanitize.js'
import {c, priorityColour, terminalWidth} from './style.js'
import {widthOf} from './table.js'

/** `name (id) STATUS`, each part sanitised, the id dimmed. */
function subjectOf(name: unknown, id: unknown, status: unknown): string {
  const n = safe(name)
  const i = safe(id)
  return [n || i, n && i && n !== i ? c.dim(`(${i})`) : '', safe(status)].filter(Boolean).join(' ')
}

/** The instances one request made, when it made several: `[{id, name}]`. */
function madeSeveral(r: OperationResult): Array<{id: unknown, name: unknown}> {
  const ids = r.resource?.replicas
  const names = r.resource?.replica_names
  if (r.operation !== 'instance_create' || !Array.isArray(ids) || ids.length < 2) return []
  return ids.map((id, i) => ({id, name: Array.isArray(names) ? names[i] : undefined}))
}

/**
 * The lines of one lifecycle. Columns are as wide as this result needs; on a
 * terminal narrower than the headline, the request id goes on a line of its
 * own (nothing wraps).
 */
export function renderOperation(r: OperationResult, width = terminalWidth()): string {
  const res = r.resource
  const subject = res ? subjectOf(res.name, res.id, res.status) : ''
  const request = c.dim(safe(r.request_id))
  const what = r.outcome === 'end'
    ? `${c.green('✔')} ${c.bold(safe(r.operation))} ${subject}`
    : `${c.red('✖')} ${c.bold(safe(r.operation))} failed: ${safe(r.error)} ${c.dim(`[${safe(r.error_class)}]`)}`
  const head = width !== undefined && widthOf(`${what}  ${request}`) > width ? [what, `  request ${request}`] : [`${what}  ${request}`]
  const several = madeSeveral(r)
  const made = several.length > 0 && r.outcome === 'end'
    ? [`  ${several.length} replicas: ${several.map((s) => subjectOf(s.name, s.id, undefined)).join(', ')}`]
    : []
  const types = r.notifications.map((n) => safe(n.event_type))
  const keys = r.notifications.map((n) => safe(n.routing_keys.join(',')))
  const typeWidth = Math.max(0, ...types.map((t) => t.length))
  const keyWidth = Math.max(0, ...keys.map((k) => k.length))
  const lines = r.notifications.map((n, i) =>
    `  → ${types[i]!.padEnd(typeWidth)} ${priorityColour(n.priority)}${' '.repeat(Math.max(0, 5 - n.priority.length))} ${c.dim(keys[i]!.padEnd(keyWidth))} ${c.dim(safe(n.publisher_id))}`)
  return [...head, ...made, ...lines].join('\n')
}

/** The headline of a failed lifecycle alone (stderr, when -f prints the result on stdout). */
export function renderFailure(r: OperationResult): string {
  return `${c.red('✖')} ${c.bold(safe(r.operation))} failed: ${safe(r.error)} ${c.dim(`[${safe(r.error_class)}] ${safe(r.request_id)}`)}`
}

/** An operation's result as one object: the resource's fields, then what happened. */
export function resultShown(r: OperationResult): Shown {
  const {id, name, status, ...rest} = r.resource ?? {id: undefined}
  const fields: Array<[string, Value]> = [['id', id as Value], ['name', name as Value], ['status', status as Value]]
  for (const [k, v] of Object.entries(rest)) fields.push([k, v as Value])
  fields.push(['operation', r.operation], ['outcome', r.outcome], ['request_id', r.request_id])
  if (r.outcome === 'error') fields.push(['error', r.error ?? null], ['error_class', r.error_class ?? null])
  return fields.filter(([k, v]) => v !== undefined || ['id', 'name', 'status'].includes(k))
}

/** Several lifecycles of one command (one per database, per instance…) as a list: the union of their fields. */
export function resultsListing(results: readonly OperationResult[]): Listing {
  const shown = results.map(resultShown)
  const columns: string[] = []
  for (const s of shown) for (const [k] of s) if (!columns.includes(k)) columns.push(k)
  return {columns, rows: shown.map((s) => columns.map((col) => s.find(([k]) => k === col)?.[1] ?? null))}
}
