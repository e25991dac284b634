/**
 * The spec's notification lifecycle, shared by all 29 operations:
 *
 *   api: `.start` ─▶ validate ─▶ hand off to taskmanager / guest (via conductor)
 *        ─▶ work (delay; `--fail` strikes here) ─▶ status notifications ─▶ `.end`
 *   any failure (a TroveError) ─▶ compensations undo the state ─▶ `.error`
 *
 * `server_type` and `publisher_id` follow the component that emits each
 * message; `request_id` correlates start with end/error.
 */
import {dbaasEventType, findEvent, getOperation, phasePriority} from '../events/catalog.js'
import {tracebackLines as traceback} from '../events/dialect/traceback.js'
import {settle} from '../events/payload.js'
import type {AnyOperationName, Component, OperationName} from '../events/types.js'
import type {RequestContext} from '../messaging/envelope.js'
import type {Published} from '../messaging/notifier.js'
import {type OpContext, type OperationResult, publisherId, type ResourceRef} from './context.js'
import {injected, TroveError} from './errors.js'
import {publish} from './publish.js'

/** What an operation's body returns when it succeeds. */
export interface Finished {
  /** Fields of `.end` beyond the base fields (instance_id for create, …). */
  readonly end?: Record<string, unknown>
  readonly resource?: ResourceRef
}

/** The handle an operation body uses to move through the lifecycle. */
export interface Lifecycle {
  readonly requestId: string
  readonly ctx: OpContext
  /** The component currently doing the work. */
  readonly component: Component
  /** Fields added to `.error` (e.g. instance_id once it is known). */
  readonly errorFields: Record<string, unknown>
  /** Pass the work to the component that finishes it (the spec's TroveContext hand-off). */
  handoff(component: Component): void
  /** Register how to undo a state change if the operation fails later. */
  onRollback(undo: () => void): void
  /**
   * The simulated work: waits `ctx.delay` seconds (calling `during` first, e.g.
   * to show RESIZE), then fails if `--fail` was given.
   */
  work(during?: () => void): Promise<void>
  /** Publish a status notification (trove.instance.*) from the current component. */
  status(eventType: string, payload: Record<string, unknown>): Published
}

/**
 * The `exception` field: a list of lines shaped like Python's
 * traceback.format_exception, ending with `<module>.<Class>: <message>\n`
 * (built in events/dialect/traceback.ts, which the dialects share).
 */
export function tracebackLines(op: AnyOperationName, component: Component, err: TroveError): string[] {
  return traceback(op, component, err.qualifiedName, err.message)
}

/** A client port: ephemeral range, from the id source (reproducible under --seed). */
function clientPort(ctx: OpContext): number {
  return 49152 + Math.floor(ctx.ids.random() * 16383)
}

/** One lifecycle in progress: the handle its body moves through it with (one object per request, no closures). */
class Run implements Lifecycle {
  readonly requestId: string
  readonly errorFields: Record<string, unknown> = {}
  readonly published: Published[] = []
  component: Component = 'api'
  worked = false
  private readonly context: RequestContext
  private readonly clientIp: string
  private readonly rollbacks: Array<() => void> = []

  constructor(readonly ctx: OpContext, private readonly operation: OperationName) {
    this.requestId = `req-${ctx.ids.uuid()}`
    this.context = {
      user_id: ctx.caller.userId,
      project_id: ctx.caller.tenantId,
      request_id: this.requestId,
      roles: ctx.caller.roles ?? ['member'],
      is_admin: false,
    }
    this.clientIp = `${ctx.settings.clientIp}:${clientPort(ctx)}`
  }

  handoff(next: Component): void {
    this.component = next
  }

  onRollback(undo: () => void): void {
    this.rollbacks.push(undo)
  }

  async work(during?: () => void): Promise<void> {
    this.worked = true
    const {ctx} = this
    if (ctx.delay > 0) {
      during?.()
      await ctx.clock.sleep(ctx.delay * 1000)
    }
    if (ctx.fail !== undefined) throw injected(ctx.fail, this.component)
  }

  status(eventType: string, payload: Record<string, unknown>): Published {
    return this.emit(eventType, 'INFO', payload)
  }

  /** Undo the state changes, newest first. */
  undo(): void {
    for (const fn of this.rollbacks.reverse()) fn()
  }

  /**
   * A dbaas.* message: the base fields, server_type and request_id, then the
   * phase's `fields` (added in order, as spreading them would: this runs for every message).
   */
  dbaas(phase: 'start' | 'end' | 'error', fields: Record<string, unknown>): Published {
    const {ctx} = this
    const payload: Record<string, unknown> = {
      tenant_id: ctx.caller.tenantId, client_ip: this.clientIp, server_ip: ctx.settings.serverIp,
      server_type: this.component, request_id: this.requestId,
    }
    for (const key in fields) payload[key] = fields[key]
    return this.emit(dbaasEventType(this.operation, phase), phasePriority(phase), payload)
  }

  /** Publish from the current component, the payload in its catalog shape (settle: optional fields not given left out, required ones null). */
  private emit(eventType: string, priority: 'INFO' | 'ERROR', payload: Record<string, unknown>): Published {
    const record = publish(this.ctx.notifier, {
      eventType, priority, publisherId: publisherId(this.component, this.ctx.settings.host), payload: settle(findEvent(eventType), payload), context: this.context,
    })
    this.published.push(record)
    return record
  }
}

/**
 * Run one operation's lifecycle. `start` holds the operation's `.start` fields;
 * `body` validates, changes the world and returns the `.end` fields. A
 * TroveError from the body ends in `.error`; anything else is a bug and is
 * rethrown after the state is restored.
 */
export async function runLifecycle(
  ctx: OpContext,
  operation: OperationName,
  start: Record<string, unknown>,
  body: (lc: Lifecycle) => Promise<Finished>,
): Promise<OperationResult> {
  const spec = getOperation(operation)
  const run = new Run(ctx, operation)
  const {requestId, published} = run
  run.dbaas('start', start)
  try {
    const finished = await body(run)
    if (!run.worked) throw new Error(`bug: operation ${operation} finished without calling work()`)
    if (run.component !== spec.finishedBy) throw new Error(`bug: ${operation} finished in ${run.component}, the catalog says ${spec.finishedBy}`)
    run.dbaas('end', finished.end ?? {})
    return {operation, request_id: requestId, outcome: 'end', resource: finished.resource, ended_by: run.component, notifications: published}
  } catch (err) {
    run.undo()
    if (!(err instanceof TroveError)) throw err
    run.dbaas('error', {...run.errorFields, message: err.message, exception: tracebackLines(operation, run.component, err)})
    return {
      operation, request_id: requestId, outcome: 'error', error: err.message, error_class: err.troveClass,
      ended_by: run.component, notifications: published,
    }
  }
}
