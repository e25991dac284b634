/**
 * The base of the 29 lifecycle commands. A command declares its args and
 * flags and calls `this.perform(flags, ctx => operation(ctx, input))`; this
 * class opens the world, connects, runs the operation(s), waits for every
 * broker confirm, and shows the result: the lifecycle lines, or with -f/-c
 * the resource acted on (openstack-style, e.g. `-f value -c id`). A lifecycle
 * that ended in `.error` makes the command fail (exit 1, decided by the base).
 */
import type {Outcome} from '../operations/calls.js'
import type {OpContext, OperationResult} from '../operations/context.js'
import {randomIds, realClock, workClock} from '../util/runtime.js'
import {BaseCommand} from './base-command.js'
import {connectionFlags, dialectFlag, formatAsked, operationFlags, type OutputFlagValues, showOutputFlags, worldFlags} from './flags.js'
import {renderFailure, renderOperation, resultShown, resultsListing} from './render/operation.js'
import type {FlagInput} from '../settings/settings.js'
import {UserError} from '../util/errors.js'

/** `--json` output: one result, or several (one lifecycle per database, per instance…). */
export type CommandResult = OperationResult | {
  readonly operation: string
  readonly outcome: 'end' | 'error'
  readonly results: readonly OperationResult[]
}

export type OperationFlags = FlagInput & OutputFlagValues & {fail?: string, delay?: number}

const isMany = (o: Outcome): o is readonly OperationResult[] => Array.isArray(o)

export abstract class OperationCommand extends BaseCommand {
  static baseFlags = {...BaseCommand.baseFlags, ...connectionFlags, dialect: dialectFlag, ...worldFlags, ...operationFlags, ...showOutputFlags}

  /**
   * Run operation(s) against the simulated Trove. `run` gets a context and
   * returns one result or several (each its own lifecycle, run in order).
   */
  protected async perform(
    flags: OperationFlags,
    run: (ctx: OpContext) => Promise<Outcome>,
  ): Promise<CommandResult> {
    this.checkOutputFlags(flags) // before anything is published
    const settings = this.settingsFrom(flags)
    const world = this.world
    const notifier = await this.notifier()
    // Ctrl-C / SIGTERM during the work ends the operation as a failure (undone, .error), then exit 130/143.
    const interrupted = new AbortController()
    const off = this.onInterrupt((signal) => interrupted.abort(signal))
    const ctx: OpContext = {
      world,
      notifier,
      clock: workClock(realClock),
      ids: randomIds,
      settings,
      caller: {tenantId: settings.tenant, userId: settings.user},
      delay: settings.delay,
      fail: flags.fail,
      onStatus: settings.delay > 0 ? (name, status) => this.notice(`  … ${name}: ${status}`) : undefined,
      durable: {interrupted: interrupted.signal},
    }
    await this.deliverThrough(world, notifier, ctx)
    const out = await run(ctx)
    off() // from here a signal ends the process at once: what is unconfirmed waits in the outbox for the next command
    await notifier.flush() // never report (or exit 0) before the broker confirmed
    const results: readonly OperationResult[] = isMany(out) ? out : [out]
    this.show(results, flags)
    const failed = results.some((r) => r.outcome === 'error')
    if (failed && !interrupted.signal.aborted) this.failed() // interrupted: the signal's 130/143
    if (!isMany(out)) return out
    return {operation: results[0]?.operation ?? '', outcome: failed ? 'error' : 'end', results}
  }

  /**
   * The lifecycle lines, or with -f/-c the result as an object (several: a
   * list; `-f csv` of one is a one-row list, `-f shell` of several gives each
   * object's lines in turn); failures also on stderr then. The work is done by
   * now, so a column that does not exist cannot be a usage error: it is
   * reported and the command fails (exit 1) rather than print nothing.
   */
  private show(results: readonly OperationResult[], flags: OperationFlags): void {
    if (!formatAsked(flags)) {
      for (const r of results) this.log(renderOperation(r))
      return
    }
    try {
      if (flags.format === 'shell' || (results.length === 1 && flags.format !== 'csv')) for (const r of results) this.showOne(resultShown(r), flags)
      else this.showList(resultsListing(results), flags)
    } catch (err) {
      if (!(err instanceof UserError)) throw err
      this.notice(`${err.message}${err.suggestion ? `; ${err.suggestion}` : ''} (the operation was carried out: see its notifications with --json)`)
      this.failed()
    }
    if (!this.jsonEnabled()) for (const r of results) if (r.outcome === 'error') process.stderr.write(`${renderFailure(r)}\n`)
  }
}
