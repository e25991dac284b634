/**
 * The notification lifecycle, shared by every operation:
 *
 *   api: `.start` ─▶ validate ─▶ hand off to taskmanager / guest (via conductor)
 *        ─▶ work (delay; `--fail` strikes here) ─▶ status notifications ─▶ `.end`
 *   any failure (a TroveError) ─▶ compensations undo the state ─▶ `.error`
 *
 * The lifecycle knows only FACTS (events/dialect/facts.ts): what was asked,
 * by whom, what the work made. At each moment it asks the dialect of the
 * settings (`spec` or `trove-18`, docs/dialect-wiring.md) which messages that
 * moment puts on the wire — none, one or several — and sends each through
 * one function, `deliver`. The world, the rules and the outcome are the same
 * in every dialect.
 *
 * What survives the process (issue 15), when the command asks for it
 * (`ctx.durable`): the lifecycle holds one world transaction from `.start`
 * until its work begins, and another from the end of the work until
 * `.end`/`.error`, so each state change commits together with the
 * notifications it causes (`deliver` writes them to the outbox; they are
 * sent once committed). The first also writes the owner record
 * (state/in-flight.ts): who runs the operation, its deadline, and how to
 * end it — the request and start facts, the dialect, the component, the
 * undo steps as data (undo.ts). The second removes it. An interrupt during
 * the work (Ctrl-C, SIGTERM) ends the operation as a failure: undo,
 * `.error`. A process killed outright leaves the record; `endAbandoned`
 * ends it the same way from the record (recovery.ts).
 */
import {getOperation} from '../events/catalog.js'
import type {BatchFacts, EndFactsOf, ErrorFacts, LifecycleFacts, LifecycleMoment, RequestFacts, StartFacts, StatusFacts} from '../events/dialect/facts.js'
import {type Dialect, getDialect, type WireNotification} from '../events/dialect/index.js'
import {tracebackLines as traceback} from '../events/dialect/traceback.js'
import type {AnyOperationName, Component} from '../events/types.js'
import type {Published} from '../messaging/notifier.js'
import {isoTime} from '../messaging/envelope.js'
import type {HeldTx} from '../state/world.js'
import {dieAt} from '../util/die-at.js'
import {ME} from '../util/owner.js'
import {sleepUnlessAborted} from '../util/runtime.js'
import type {OpContext, OperationResult, ResourceRef} from './context.js'
import {injected, TroveError} from './errors.js'
import {publish} from './publish.js'
import {applyUndo, type UndoStep} from './undo.js'

/** What an operation's body returns when it succeeds. */
export interface Finished<Op extends AnyOperationName = AnyOperationName> {
  /** What `.end` knows beyond `.start` (the ids of what the work made). */
  readonly end?: EndFactsOf<Op>
  readonly resource?: ResourceRef
}

/** The handle an operation body uses to move through the lifecycle. */
export interface Lifecycle<Op extends AnyOperationName = AnyOperationName> {
  readonly requestId: string
  readonly ctx: OpContext
  /** The component currently doing the work. */
  readonly component: Component
  /** Pass the work to the component that finishes it (the spec's TroveContext hand-off). */
  handoff(component: Component): void
  /** Register how to undo a state change if the operation fails later (steps as data: the owner record keeps them). */
  onRollback(...steps: UndoStep[]): void
  /** The operation's change is made for good: nothing registered so far is undone by a later failure. */
  forgetRollbacks(): void
  /**
   * What the work made so far (ids): a later `.error` carries them (the
   * spec's instance_create.error instance_id; Trove 18's guest id).
   */
  made(end: EndFactsOf<Op>): void
  /**
   * The simulated work: waits `ctx.delay` seconds (calling `during` first, e.g.
   * to show RESIZE), then fails if `--fail` was given.
   */
  work(during?: () => void): Promise<void>
  /** A trove.instance.* status change, from the current component (none, one or two messages, per dialect). */
  status(change: StatusFacts): void
}

/** How one lifecycle starts: its `.start` facts, Trove's checks before its StartNotification, and its place in a batch. */
export interface LifecycleOptions {
  /**
   * The checks Trove 18 runs before its StartNotification (unknown instance,
   * …; docs/dialect-wiring.md): a TroveError thrown here refuses the request
   * with the dialect's `rejected` (trove-18: nothing sent). Must not change
   * the world nor draw ids. The spec's refusal is `.start` + `.error` from the
   * API, which the body's own checks produce in the order they run, so the
   * spec dialect does not run these apart.
   */
  readonly precheck?: () => void
  /** This lifecycle's place in a call Trove 18 sends as one (several databases, users, grants). */
  readonly batch?: BatchFacts
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

/** The dialect an operation context speaks (spec unless said). */
export function dialectOf(ctx: Pick<OpContext, 'settings'>): Dialect {
  return getDialect(ctx.settings.dialect ?? 'spec')
}

/** Seconds an operation may take beyond its delay before another host's process may end it. */
export const DEADLINE_MARGIN_S = 60

/**
 * What the owner record of an operation in flight holds (JSON in
 * state/in-flight.ts): the facts to end it as the live error path would,
 * in the dialect it started in.
 */
export interface OwnerRecord {
  readonly operation: AnyOperationName
  readonly dialect: string
  readonly request: RequestFacts
  readonly start: unknown
  readonly batch?: BatchFacts
  readonly component: Component
  readonly handedOff: boolean
  readonly worked: boolean
  readonly soFar?: unknown
  /** Undo groups, oldest first. */
  readonly rollbacks: ReadonlyArray<readonly UndoStep[]>
}

/** The error an interrupted or abandoned operation ends with: Trove's taskmanager failing the task. */
export function abandonedError(why: string): TroveError {
  return new TroveError('TroveError', why)
}

/** One lifecycle in progress: the handle its body moves through it with (one object per request, no closures). */
class Run<Op extends AnyOperationName> implements Lifecycle<Op> {
  readonly requestId: string
  readonly published: Published[] = []
  readonly request: RequestFacts
  readonly dialect: Dialect
  component: Component = 'api'
  worked = false
  private handedOff = false
  private soFar: EndFactsOf<Op> | undefined
  private rollbacks: UndoStep[][] = []
  /** The transaction held while the operation is not working (durable only). */
  private held?: HeldTx

  constructor(readonly ctx: OpContext, private readonly operation: Op, private readonly start: StartFacts[Op], private readonly batch?: BatchFacts,
    restored?: OwnerRecord) {
    if (restored) {
      this.dialect = getDialect(restored.dialect as Parameters<typeof getDialect>[0])
      this.request = restored.request
      this.requestId = restored.request.requestId
      this.component = restored.component
      this.handedOff = restored.handedOff
      this.worked = restored.worked
      this.soFar = restored.soFar as EndFactsOf<Op> | undefined
      this.rollbacks = restored.rollbacks.map((g) => [...g])
      return
    }
    this.dialect = dialectOf(ctx)
    this.requestId = `req-${ctx.ids.uuid()}`
    const {caller, settings} = ctx
    this.request = {
      requestId: this.requestId, tenantId: caller.tenantId, userId: caller.userId, roles: caller.roles ?? ['member'],
      clientIp: settings.clientIp, clientPort: clientPort(ctx), serverIp: settings.serverIp, host: settings.host,
    }
  }

  /** Durable: hold a transaction, and write the owner record in it (`.start` follows in the same one). */
  begin(): void {
    const {ctx} = this
    if (!ctx.durable) return
    this.held = ctx.world.hold()
    const now = ctx.clock.now()
    ctx.world.inFlight.begin({
      request_id: this.requestId, operation: this.operation, owner_host: ME.host, owner_pid: ME.pid,
      started_at: now.toISOString(), deadline: new Date(now.getTime() + (ctx.delay + DEADLINE_MARGIN_S) * 1000).toISOString(),
      record: this.record(),
    })
  }

  /** The owner record as it stands. */
  private record(): string {
    const rec: OwnerRecord = {
      operation: this.operation, dialect: this.dialect.name, request: this.request, start: this.start, batch: this.batch,
      component: this.component, handedOff: this.handedOff, worked: this.worked, soFar: this.soFar, rollbacks: this.rollbacks,
    }
    return JSON.stringify(rec)
  }

  /** Commit what is held, the owner record brought up to date in it. */
  private commitHeld(): void {
    if (!this.held) return
    this.ctx.world.inFlight.update(this.requestId, this.record())
    const held = this.held
    this.held = undefined
    held.commit()
  }

  /** Hold a transaction now if none is (durable only). */
  hold(): void {
    if (this.ctx.durable) this.held ??= this.ctx.world.hold()
  }

  /** The lifecycle ended (`.end` or `.error` is queued): the owner record goes, and what is held commits. */
  close(): void {
    if (!this.ctx.durable) return
    this.hold()
    this.ctx.world.inFlight.end(this.requestId)
    dieAt('before-end')
    const held = this.held!
    this.held = undefined
    held.commit()
    dieAt('after-end-committed')
  }

  /** A bug ended the run: what is held is rolled back (an owner record already committed stays, for recovery). */
  abort(): void {
    const held = this.held
    this.held = undefined
    held?.rollback()
  }

  /** End the run in `.error` for `err`: undo, then what the dialect sends for the error, from the current component. */
  fail(err: TroveError): void {
    this.undo()
    this.moment('error', {end: this.partial, error: this.errorFacts(err, this.worked ? 'worker' : 'api')})
  }

  handoff(next: Component): void {
    this.handedOver()
    this.component = next
  }

  onRollback(...steps: UndoStep[]): void {
    this.rollbacks.push(steps)
  }

  forgetRollbacks(): void {
    this.rollbacks = []
  }

  made(end: EndFactsOf<Op>): void {
    this.soFar = end
  }

  async work(during?: () => void): Promise<void> {
    this.handedOver()
    this.worked = true
    const {ctx} = this
    if (ctx.delay > 0) {
      during?.()
      this.commitHeld()
      if (ctx.durable) dieAt('after-start-committed')
      await this.sleep(ctx.delay * 1000)
      this.hold()
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

  status(change: StatusFacts): void {
    this.deliverAll(this.dialect.status({operation: this.operation, request: this.request, start: this.start, change}))
  }

  /** Undo the state changes, newest first (one transaction). */
  undo(): void {
    applyUndo(this.ctx.world, this.rollbacks, isoTime(this.ctx.clock.now()))
    this.rollbacks = []
  }

  /** The facts of one moment of this lifecycle. */
  facts(phase: LifecycleMoment, extra: {end?: EndFactsOf<Op>, error?: ErrorFacts} = {}): LifecycleFacts<Op> {
    return {operation: this.operation, phase, request: this.request, start: this.start, batch: this.batch, end: extra.end, error: extra.error}
  }

  /** The moment the API's checks passed and the work is handed on (once: the first hand-off, or the API's own work). */
  private handedOver(): void {
    if (this.handedOff) return
    this.handedOff = true
    this.moment('handoff')
  }

  /** Send what the dialect says one moment puts on the wire. */
  moment(phase: LifecycleMoment, extra: {end?: EndFactsOf<Op>, error?: ErrorFacts} = {}): void {
    this.deliverAll(this.dialect.lifecycle(this.facts(phase, extra)))
  }

  /** The error facts of a TroveError, raised where the lifecycle is now. */
  errorFacts(err: TroveError, where: ErrorFacts['where']): ErrorFacts {
    const instanceId = (this.soFar as {instanceId?: string} | undefined)?.instanceId
    return {where, message: err.message, exceptionClass: err.troveClass, exceptionModule: err.module, ...(instanceId === undefined ? {} : {instanceId})}
  }

  /** What the work made before it failed. */
  get partial(): EndFactsOf<Op> | undefined {
    return this.soFar
  }

  deliverAll(messages: readonly WireNotification[]): void {
    for (const w of messages) this.deliver(w)
  }

  /**
   * THE way out of a lifecycle: every message any moment builds is sent here
   * (checked against the dialect's catalog, then handed to the notifier).
   */
  private deliver(w: WireNotification): void {
    this.published.push(publish(this.ctx.notifier, w, this.dialect.name))
  }
}

/**
 * Run one operation's lifecycle. `start` holds the operation's `.start`
 * facts; `body` validates, changes the world and returns the `.end` facts. A
 * TroveError from the body ends in `.error`; anything else is a bug and is
 * rethrown after the state is restored.
 */
export async function runLifecycle<Op extends AnyOperationName>(
  ctx: OpContext,
  operation: Op,
  start: StartFacts[Op],
  body: (lc: Lifecycle<Op>) => Promise<Finished<Op>>,
  options: LifecycleOptions = {},
): Promise<OperationResult> {
  const spec = getOperation(operation)
  const run = new Run(ctx, operation, start, options.batch)
  const {requestId, published} = run
  if (options.precheck && run.dialect.name !== 'spec') {
    try {
      options.precheck()
    } catch (err) {
      if (!(err instanceof TroveError)) throw err
      run.deliverAll(run.dialect.rejected(run.facts('start', {error: run.errorFacts(err, 'api')})))
      return {operation, request_id: requestId, outcome: 'error', error: err.message, error_class: err.troveClass, ended_by: 'api', notifications: published}
    }
  }
  run.begin()
  run.moment('start')
  if (ctx.durable) dieAt('after-start')
  try {
    const finished = await body(run)
    if (!run.worked) throw new Error(`bug: operation ${operation} finished without calling work()`)
    if (run.component !== spec.finishedBy) throw new Error(`bug: ${operation} finished in ${run.component}, the catalog says ${spec.finishedBy}`)
    run.moment('end', {end: finished.end})
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
    run.hold() // the undo, the error's messages and the record's removal commit together
    run.fail(err)
    run.close()
    return {
      operation, request_id: requestId, outcome: 'error', error: err.message, error_class: err.troveClass,
      ended_by: run.component, notifications: published,
    }
  }
}

/**
 * End an operation its owner abandoned (killed, or past its deadline) as the
 * live error path ends a failed one — the same Run, restored from the owner
 * record: its undo steps, then the error's messages in the dialect it
 * started in, with the original request_id, from the component it was in;
 * the owner record removed. One transaction. `ctx` is the recovering
 * command's (its notifier and world).
 */
export function endAbandoned(ctx: OpContext, rec: OwnerRecord, why: string): OperationResult {
  const run = new Run({...ctx, durable: undefined}, rec.operation, rec.start as StartFacts[AnyOperationName], rec.batch, rec)
  const err = abandonedError(why)
  ctx.world.tx(() => {
    run.fail(err)
    ctx.world.inFlight.end(rec.request.requestId)
  })
  return {
    operation: rec.operation, request_id: run.requestId, outcome: 'error', error: err.message, error_class: err.troveClass,
    ended_by: run.component, notifications: run.published,
  }
}
