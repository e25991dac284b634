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
 */
import {getOperation} from '../events/catalog.js'
import type {BatchFacts, EndFactsOf, ErrorFacts, LifecycleFacts, LifecycleMoment, RequestFacts, StartFacts, StatusFacts} from '../events/dialect/facts.js'
import {type Dialect, getDialect, type WireNotification} from '../events/dialect/index.js'
import {tracebackLines as traceback} from '../events/dialect/traceback.js'
import type {AnyOperationName, Component} from '../events/types.js'
import type {Published} from '../messaging/notifier.js'
import type {OpContext, OperationResult, ResourceRef} from './context.js'
import {injected, TroveError} from './errors.js'
import {publish} from './publish.js'

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
  /** Register how to undo a state change if the operation fails later. */
  onRollback(undo: () => void): void
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
  private readonly rollbacks: Array<() => void> = []

  constructor(readonly ctx: OpContext, private readonly operation: Op, private readonly start: StartFacts[Op], private readonly batch?: BatchFacts) {
    this.dialect = dialectOf(ctx)
    this.requestId = `req-${ctx.ids.uuid()}`
    const {caller, settings} = ctx
    this.request = {
      requestId: this.requestId, tenantId: caller.tenantId, userId: caller.userId, roles: caller.roles ?? ['member'],
      clientIp: settings.clientIp, clientPort: clientPort(ctx), serverIp: settings.serverIp, host: settings.host,
    }
  }

  handoff(next: Component): void {
    this.handedOver()
    this.component = next
  }

  onRollback(undo: () => void): void {
    this.rollbacks.push(undo)
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
      await ctx.clock.sleep(ctx.delay * 1000)
    }
    if (ctx.fail !== undefined) throw injected(ctx.fail, this.component)
  }

  status(change: StatusFacts): void {
    this.deliverAll(this.dialect.status({operation: this.operation, request: this.request, start: this.start, change}))
  }

  /** Undo the state changes, newest first. */
  undo(): void {
    for (const fn of this.rollbacks.reverse()) fn()
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
  run.moment('start')
  try {
    const finished = await body(run)
    if (!run.worked) throw new Error(`bug: operation ${operation} finished without calling work()`)
    if (run.component !== spec.finishedBy) throw new Error(`bug: ${operation} finished in ${run.component}, the catalog says ${spec.finishedBy}`)
    run.moment('end', {end: finished.end})
    return {operation, request_id: requestId, outcome: 'end', resource: finished.resource, ended_by: run.component, notifications: published}
  } catch (err) {
    run.undo()
    if (!(err instanceof TroveError)) throw err
    run.moment('error', {end: run.partial, error: run.errorFacts(err, run.worked ? 'worker' : 'api')})
    return {
      operation, request_id: requestId, outcome: 'error', error: err.message, error_class: err.troveClass,
      ended_by: run.component, notifications: published,
    }
  }
}
