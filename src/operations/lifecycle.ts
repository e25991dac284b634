/**
 * The spec's notification lifecycle, shared by all 29 operations:
 *
 *   api: `.start` ─▶ validate ─▶ hand off to taskmanager / guest (via conductor)
 *        ─▶ work (delay; `--fail` strikes here) ─▶ status notifications ─▶ `.end`
 *   any failure (a TroveError) ─▶ compensations undo the state ─▶ `.error`
 *
 * `server_type` and `publisher_id` follow the component that emits each
 * message; `request_id` correlates start with end/error.
 *
 * What survives the process (issue 15), when the command asks for it
 * (`ctx.durable`): the lifecycle holds one world transaction from `.start`
 * until its work begins, and another from the end of the work until
 * `.end`/`.error`, so each state change commits together with the
 * notifications it causes (written to the outbox, sent once committed). The
 * first also writes the owner record (state/in-flight.ts): who runs the
 * operation, its deadline, and how to end it — the request facts, the
 * component, the undo steps as data (undo.ts). The second removes it. An
 * interrupt during the work (Ctrl-C, SIGTERM) ends the operation as a
 * failure: undo, `.error`. A process killed outright leaves the record;
 * `endAbandoned` ends it the same way from the record (recovery.ts).
 */
import {dbaasEventType, findEvent, getOperation, phasePriority} from '../events/catalog.js'
import {tracebackLines as traceback} from '../events/dialect/traceback.js'
import {settle} from '../events/payload.js'
import type {AnyOperationName, Component, OperationName} from '../events/types.js'
import {isoTime, type RequestContext} from '../messaging/envelope.js'
import type {Published} from '../messaging/notifier.js'
import {type OpContext, type OperationResult, publisherId, type ResourceRef} from './context.js'
import type {HeldTx} from '../state/world.js'
import {dieAt} from '../util/die-at.js'
import {ME} from '../util/owner.js'
import {sleepUnlessAborted} from '../util/runtime.js'
import {injected, TroveError} from './errors.js'
import {publish} from './publish.js'
import {applyUndo, type UndoStep} from './undo.js'

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
  /** Register how to undo a state change if the operation fails later (steps as data: the owner record keeps them). */
  onRollback(...steps: UndoStep[]): void
  /** The operation's change is made for good: nothing registered so far is undone by a later failure. */
  forgetRollbacks(): void
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

/** Seconds an operation may take beyond its delay before another process may end it (its owner on another host). */
export const DEADLINE_MARGIN_S = 60

/**
 * What the owner record of an operation in flight holds (JSON in
 * state/in-flight.ts): enough to end it as the live error path would.
 */
export interface OwnerRecord {
  readonly operation: OperationName
  readonly requestId: string
  readonly context: RequestContext
  readonly clientIp: string
  readonly serverIp: string
  readonly host: string
  /** The facts `.start` was built from. */
  readonly start: Record<string, unknown>
  readonly component: Component
  readonly errorFields: Record<string, unknown>
  /** Undo groups, oldest first. */
  readonly rollbacks: ReadonlyArray<readonly UndoStep[]>
  /** The dialect the operation started in (spec when not said). */
  readonly dialect?: string
}

/** The error an interrupted or abandoned operation ends with: Trove's taskmanager failing the task. */
export function abandonedError(why: string): TroveError {
  return new TroveError('TroveError', why)
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
  private rollbacks: UndoStep[][] = []
  /** The transaction held while the operation is not working (durable only). */
  private held?: HeldTx
  private start: Record<string, unknown> = {}

  constructor(readonly ctx: OpContext, private readonly operation: OperationName, restored?: OwnerRecord) {
    if (restored) {
      this.requestId = restored.requestId
      this.context = restored.context
      this.clientIp = restored.clientIp
      this.component = restored.component
      Object.assign(this.errorFields, restored.errorFields)
      this.rollbacks = restored.rollbacks.map((g) => [...g])
      return
    }
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

  /** `.start`; durable: in a held transaction with the owner record. */
  begin(start: Record<string, unknown>): void {
    const {ctx} = this
    this.start = start
    if (ctx.durable) {
      this.held = ctx.world.hold()
      const now = ctx.clock.now()
      ctx.world.inFlight.begin({
        request_id: this.requestId, operation: this.operation, owner_host: ME.host, owner_pid: ME.pid,
        started_at: now.toISOString(), deadline: new Date(now.getTime() + (ctx.delay + DEADLINE_MARGIN_S) * 1000).toISOString(),
        record: this.record(),
      })
    }
    this.dbaas('start', start)
  }

  /** The owner record as it stands. */
  private record(): string {
    const {ctx} = this
    const rec: OwnerRecord = {
      operation: this.operation, requestId: this.requestId, context: this.context, clientIp: this.clientIp,
      serverIp: ctx.settings.serverIp, host: ctx.settings.host, start: this.start, component: this.component,
      errorFields: this.errorFields, rollbacks: this.rollbacks,
      dialect: (ctx.settings as {dialect?: string}).dialect,
    }
    return JSON.stringify(rec)
  }

  /** Commit what is held (with the owner record brought up to date). */
  private commitHeld(): void {
    if (!this.held) return
    this.ctx.world.inFlight.update(this.requestId, this.record())
    const held = this.held
    this.held = undefined
    held.commit()
  }

  handoff(next: Component): void {
    this.component = next
  }

  onRollback(...steps: UndoStep[]): void {
    this.rollbacks.push(steps)
  }

  forgetRollbacks(): void {
    this.rollbacks = []
  }

  async work(during?: () => void): Promise<void> {
    this.worked = true
    const {ctx} = this
    if (ctx.delay > 0) {
      during?.()
      this.commitHeld()
      if (ctx.durable) dieAt('after-start-committed')
      await this.sleep(ctx.delay * 1000)
      if (ctx.durable) this.held = ctx.world.hold()
    }
    if (ctx.fail !== undefined) throw injected(ctx.fail, this.component)
  }

  /** The work's delay; an interrupt (ctx.durable.interrupted) ends it early, as a failure of the task. */
  private async sleep(ms: number): Promise<void> {
    const signal = this.ctx.durable?.interrupted
    if (!signal) return this.ctx.clock.sleep(ms)
    setImmediate(() => dieAt('during-work'))
    await sleepUnlessAborted(this.ctx.clock, ms, signal) // a real timer is cancelled: nothing waits it out
    if (signal.aborted) {
      const who = this.component === 'conductor' ? 'guest agent' : 'taskmanager'
      throw abandonedError(`${this.operation} was interrupted (${String(signal.reason ?? 'signal')}) while the ${who} worked; what it changed was undone.`)
    }
  }

  status(eventType: string, payload: Record<string, unknown>): Published {
    return this.emit(eventType, 'INFO', payload)
  }

  /** Undo the state changes, newest first. */
  undo(): void {
    applyUndo(this.ctx.world, this.rollbacks, isoTime(this.ctx.clock.now()))
    this.rollbacks = []
  }

  /** Hold a transaction now if none is (durable only). */
  hold(): void {
    if (this.ctx.durable) this.held ??= this.ctx.world.hold()
  }

  /** The lifecycle ended (`.end` or `.error` is queued): the owner record goes, and what is held commits. */
  close(): void {
    if (!this.ctx.durable) return
    this.held ??= this.ctx.world.hold()
    this.ctx.world.inFlight.end(this.requestId)
    dieAt('before-end')
    const held = this.held
    this.held = undefined
    held.commit()
    dieAt('after-end-committed')
  }

  /** A bug ended the run: what is held is rolled back (the owner record, if committed, stays for recovery). */
  abort(): void {
    const held = this.held
    this.held = undefined
    held?.rollback()
  }

  /** End the run in `.error` for `err`: undo, then the `.error` from the current component. */
  fail(err: TroveError): void {
    this.undo()
    this.dbaas('error', {...this.errorFields, message: err.message, exception: tracebackLines(this.operation, this.component, err)})
  }

  /**
   * A dbaas.* message: the base fields, server_type and request_id, then the
   * phase's `fields` (added in order, as spreading them would: this runs for every message).
   */
  dbaas(phase: 'start' | 'end' | 'error', fields: Record<string, unknown>): Published {
    const {ctx} = this
    const payload: Record<string, unknown> = {
      tenant_id: this.context.project_id, client_ip: this.clientIp, server_ip: ctx.settings.serverIp,
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
 * End an operation its owner abandoned (killed, or past its deadline), as
 * the live error path ends a failed one: its undo steps, then `.error` with
 * the original request_id from the component it was in, the owner record
 * removed — one transaction. `ctx` is the recovering command's, with the
 * settings the operation ran with (server ip, host) from the record.
 */
export function endAbandoned(ctx: OpContext, rec: OwnerRecord, why: string): OperationResult {
  const run = new Run({...ctx, durable: undefined, settings: {...ctx.settings, serverIp: rec.serverIp, host: rec.host}}, rec.operation, rec)
  const err = abandonedError(why)
  ctx.world.tx(() => {
    run.fail(err)
    ctx.world.inFlight.end(rec.requestId)
  })
  return {
    operation: rec.operation, request_id: rec.requestId, outcome: 'error', error: err.message, error_class: err.troveClass,
    ended_by: run.component, notifications: run.published,
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
  run.begin(start)
  if (ctx.durable) dieAt('after-start')
  try {
    const finished = await body(run)
    if (!run.worked) throw new Error(`bug: operation ${operation} finished without calling work()`)
    if (run.component !== spec.finishedBy) throw new Error(`bug: ${operation} finished in ${run.component}, the catalog says ${spec.finishedBy}`)
    run.dbaas('end', finished.end ?? {})
    run.close()
    return {operation, request_id: requestId, outcome: 'end', resource: finished.resource, ended_by: run.component, notifications: published}
  } catch (err) {
    if (!(err instanceof TroveError)) {
      try {
        run.undo()
      } finally {
        run.abort()
      }
      throw err
    }
    run.hold() // the undo, `.error` and the record's removal commit together
    run.fail(err)
    run.close()
    return {
      operation, request_id: requestId, outcome: 'error', error: err.message, error_class: err.troveClass,
      ended_by: run.component, notifications: published,
    }
  }
}
