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
import {dbaasEventType, getOperation, phasePriority} from '../events/catalog.js'
import {compact} from '../events/payload.js'
import type {Component, OperationName} from '../events/types.js'
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

const SOURCE_FILES: Readonly<Record<Component, string>> = {
  api: 'service.py',
  task: 'taskmanager/models.py',
  conductor: 'conductor/manager.py',
}

/** A deterministic "line number" for a frame, so tracebacks look alike run to run. */
function lineOf(s: string): number {
  let h = 7
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) % 997
  return 100 + h
}

/**
 * The `exception` field: a list of lines shaped like Python's
 * traceback.format_exception, ending with `<module>.<Class>: <message>\n`.
 */
export function tracebackLines(op: OperationName, component: Component, err: TroveError): string[] {
  const resource = op.split('_')[0]!
  const action = op.slice(resource.length + 1)
  const api = `/usr/lib/python3/dist-packages/trove/${resource === 'database' || resource === 'user' ? 'extensions/mysql' : resource}/${SOURCE_FILES.api}`
  const frames = [`  File "${api}", line ${lineOf(op)}, in ${action}\n    self._${op}(context, req, body)\n`]
  if (component === 'task') {
    frames.push(`  File "/usr/lib/python3/dist-packages/trove/${SOURCE_FILES.task}", line ${lineOf(op + 'task')}, in ${op}\n    self._${action}_${resource}()\n`)
  }
  if (component === 'conductor') {
    frames.push(`  File "/usr/lib/python3/dist-packages/trove/guestagent/datastore/manager.py", line ${lineOf(op + 'guest')}, in ${action}_${resource}\n    self.app.${op}(context)\n`)
  }
  return ['Traceback (most recent call last):\n', ...frames, `${err.qualifiedName}: ${err.message}\n`]
}

/** A client port: ephemeral range, from the id source (reproducible under --seed). */
function clientPort(ctx: OpContext): number {
  return 49152 + Math.floor(ctx.ids.random() * 16383)
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
  const requestId = `req-${ctx.ids.uuid()}`
  const context: RequestContext = {
    user_id: ctx.caller.userId,
    project_id: ctx.caller.tenantId,
    request_id: requestId,
    roles: ctx.caller.roles ?? ['member'],
    is_admin: false,
  }
  const base = {
    tenant_id: ctx.caller.tenantId,
    client_ip: `${ctx.settings.clientIp}:${clientPort(ctx)}`,
    server_ip: ctx.settings.serverIp,
  }
  const published: Published[] = []
  const rollbacks: Array<() => void> = []
  let component: Component = 'api'
  let worked = false

  const emit = (eventType: string, priority: 'INFO' | 'ERROR', payload: Record<string, unknown>): Published => {
    const record = publish(ctx.notifier, {
      eventType, priority, publisherId: publisherId(component, ctx.settings.host), payload: compact(payload), context,
    })
    published.push(record)
    return record
  }
  const dbaas = (phase: 'start' | 'end' | 'error', fields: Record<string, unknown>): Published =>
    emit(dbaasEventType(operation, phase), phasePriority(phase), {
      ...base, server_type: component, request_id: requestId, ...fields,
    })

  const lc: Lifecycle = {
    requestId,
    ctx,
    get component() {
      return component
    },
    errorFields: {},
    handoff(next) {
      component = next
    },
    onRollback(undo) {
      rollbacks.push(undo)
    },
    async work(during) {
      worked = true
      if (ctx.delay > 0) {
        during?.()
        await ctx.clock.sleep(ctx.delay * 1000)
      }
      if (ctx.fail !== undefined) throw injected(ctx.fail, component)
    },
    status(eventType, payload) {
      return emit(eventType, 'INFO', payload)
    },
  }

  const undo = (): void => {
    for (const fn of rollbacks.reverse()) fn()
  }

  dbaas('start', start)
  try {
    const finished = await body(lc)
    if (!worked) throw new Error(`bug: operation ${operation} finished without calling work()`)
    if (component !== spec.finishedBy) throw new Error(`bug: ${operation} finished in ${component}, the catalog says ${spec.finishedBy}`)
    dbaas('end', finished.end ?? {})
    return {operation, request_id: requestId, outcome: 'end', resource: finished.resource, ended_by: component, notifications: published}
  } catch (err) {
    undo()
    if (!(err instanceof TroveError)) throw err
    dbaas('error', {...lc.errorFields, message: err.message, exception: tracebackLines(operation, component, err)})
    return {
      operation, request_id: requestId, outcome: 'error', error: err.message, error_class: err.troveClass,
      ended_by: component, notifications: published,
    }
  }
}
