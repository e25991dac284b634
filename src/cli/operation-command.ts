/**
 * The base of the 29 lifecycle commands. A command declares its args and
 * flags and calls `this.perform(flags, ctx => operation(ctx, input))`; this
 * class opens the world, connects, runs the operation(s), waits for every
 * broker confirm, renders, and sets the exit status (1 when a lifecycle ended
 * in `.error`).
 */
import type {Outcome} from '../operations/calls.js'
import type {OpContext, OperationResult} from '../operations/context.js'
import {randomIds, realClock, workClock} from '../util/runtime.js'
import {BaseCommand} from './base-command.js'
import {connectionFlags, operationFlags, worldFlags} from './flags.js'
import {renderOperation} from './render/operation.js'
import type {FlagInput} from '../settings/settings.js'

/** `--json` output: one result, or several (one lifecycle per database, per instance…). */
export type CommandResult = OperationResult | {
  readonly operation: string
  readonly outcome: 'end' | 'error'
  readonly results: readonly OperationResult[]
}

export type OperationFlags = FlagInput & {fail?: string, delay?: number}

const isMany = (o: Outcome): o is readonly OperationResult[] => Array.isArray(o)

export abstract class OperationCommand extends BaseCommand {
  static baseFlags = {...connectionFlags, ...worldFlags, ...operationFlags}

  /**
   * Run operation(s) against the simulated Trove. `run` gets a context and
   * returns one result or several (each its own lifecycle, run in order).
   */
  protected async perform(
    flags: OperationFlags,
    run: (ctx: OpContext) => Promise<Outcome>,
  ): Promise<CommandResult> {
    const settings = this.settingsFrom(flags)
    const world = this.world
    const notifier = await this.notifier()
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
    }
    const out = await run(ctx)
    await notifier.flush() // never report (or exit 0) before the broker confirmed
    const results: readonly OperationResult[] = isMany(out) ? out : [out]
    for (const r of results) this.log(renderOperation(r))
    const failed = results.some((r) => r.outcome === 'error')
    if (failed) process.exitCode = 1
    if (!isMany(out)) return out
    return {operation: results[0]?.operation ?? '', outcome: failed ? 'error' : 'end', results}
  }
}
