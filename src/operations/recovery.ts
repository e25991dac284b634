/**
 * Recovery of operations an earlier process abandoned (issue 15): the
 * owner records (state/in-flight.ts) whose owner is gone — on this host,
 * no process has its pid — or, for an owner on another host, whose
 * deadline passed. Each is taken over (only one process wins it) and ended
 * as the live error path ends a failed operation (lifecycle.ts
 * endAbandoned): its undo steps, and `.error` with the original
 * request_id, as Trove's taskmanager ends a task that timed out. Every
 * command that opens a world to change it runs this first.
 */
import type {InFlightRow} from '../state/in-flight.js'
import type {World} from '../state/world.js'
import {ME, ownerGone, parseOwner} from '../util/owner.js'
import type {OpContext, OperationResult} from './context.js'
import {endAbandoned, type OwnerRecord} from './lifecycle.js'

/** Why an operation in flight is abandoned now, or undefined when its owner may still end it. */
export function abandonment(row: InFlightRow, now: Date): string | undefined {
  const owner = {host: row.owner_host, pid: row.owner_pid}
  if (ownerGone(owner, row.started_at)) {
    return `The process running ${row.operation} (pid ${row.owner_pid} on ${row.owner_host}) ended before the operation did; it was ended by a later command and what it changed was undone.`
  }
  if (owner.host !== ME.host && Date.parse(row.deadline) < now.getTime()) {
    return `${row.operation} did not finish by its deadline (${row.deadline}, its owner pid ${row.owner_pid} on ${row.owner_host}); it timed out and what it changed was undone.`
  }
  return undefined
}

/** End every abandoned operation; returns their results (each an `.error`). */
export function recoverAbandoned(ctx: OpContext): OperationResult[] {
  const {world} = ctx
  const out: OperationResult[] = []
  for (const row of world.inFlight.all()) {
    const why = abandonment(row, ctx.clock.now())
    if (why === undefined) continue
    const ended = world.tx(() => {
      if (!world.inFlight.takeOver(row.request_id, {host: row.owner_host, pid: row.owner_pid}, ME)) return undefined // another process won it
      return endAbandoned(ctx, JSON.parse(row.record) as OwnerRecord, why)
    })
    if (ended) out.push(ended)
  }
  return out
}

/** The one line a command prints about what it ended. */
export function recoveryNotice(ended: readonly OperationResult[]): string {
  const list = ended.map((r) => `${r.operation} ${r.request_id}`).join(', ')
  return `ended ${ended.length} operation(s) an earlier process left unfinished (${list}): undone, .error published`
}

/**
 * What a read-only command (no broker: it can neither send nor end
 * anything) says when it opens a world an earlier process left unfinished,
 * so a BUILD it lists is not taken for a live operation: one line naming
 * the abandoned operations and undelivered messages, and what ends them.
 */
export function leftoversNotice(world: World, now: Date): string | undefined {
  const abandoned = world.inFlight.all().filter((row) => abandonment(row, now) !== undefined)
  const gone = new Set(world.outbox.owners().filter((name) => {
    const owner = parseOwner(name)
    return owner !== undefined && ownerGone(owner)
  }))
  const undelivered = gone.size === 0 ? 0 : world.outbox.rows().filter((row) => gone.has(row.owner)).length
  if (abandoned.length === 0 && undelivered === 0) return undefined
  const parts = [
    ...(abandoned.length > 0 ? [`${abandoned.length} operation(s) (${abandoned.map((r) => `${r.operation} ${r.request_id}`).join(', ')})`] : []),
    ...(undelivered > 0 ? [`${undelivered} undelivered message(s)`] : []),
  ]
  return `an earlier process left ${parts.join(' and ')} unfinished in ${world.path}: the next command that publishes on it (an operation, exists or quotas) ends and delivers them`
}
