/**
 * Human output of an operation: one headline (✔ / ✖, the resource, the
 * request id) and one line per notification published.
 */
import type {OperationResult} from '../../operations/context.js'
import {safe} from './sanitize.js'
import {c, priorityColour} from './style.js'

export function renderOperation(r: OperationResult): string {
  const res = r.resource
  const subject = res ? [res.name, res.id && res.name !== res.id ? c.dim(`(${res.id})`) : undefined, res.status].filter(Boolean).join(' ') : ''
  const head = r.outcome === 'end'
    ? `${c.green('✔')} ${c.bold(r.operation)} ${safe(subject)}  ${c.dim(r.request_id)}`
    : `${c.red('✖')} ${c.bold(r.operation)} failed: ${safe(r.error)} ${c.dim(`[${r.error_class}] ${r.request_id}`)}`
  const lines = r.notifications.map((n) =>
    `  → ${n.event_type.padEnd(44)} ${priorityColour(n.priority)}${' '.repeat(Math.max(0, 5 - n.priority.length))} ${c.dim(n.routing_keys.join(',').padEnd(20))} ${c.dim(n.publisher_id)}`)
  return [head, ...lines].join('\n')
}
