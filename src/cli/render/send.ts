/** What `send` prints: the message sent (as an operation's notification line), what --fill took, what the check named. */
import type {SendResult} from '../../send/notification.js'
import {safe} from './sanitize.js'
import {c, priorityColour} from './style.js'
import {findingLine} from './tail.js'

export function renderSent(r: SendResult): string {
  const lines = [
    `${c.green('✔')} sent ${c.bold(safe(r.event_type))} ${c.dim(r.message_id)} (confirmed)`,
    `  → ${safe(r.event_type).padEnd(44)} ${priorityColour(r.priority)}${' '.repeat(Math.max(0, 5 - r.priority.length))} ${c.dim(safe(r.routing_keys.join(',')).padEnd(20))} ${c.dim(safe(r.publisher_id))}`,
  ]
  if (r.filled.length > 0) lines.push(c.dim(`  filled from the catalog's example: ${r.filled.join(', ')}`))
  for (const f of r.findings) lines.push(`    ${findingLine(f)}`)
  return lines.join('\n')
}
