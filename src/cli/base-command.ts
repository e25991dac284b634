/**
 * The base of every command: `--json` (oclif's enableJsonFlag), settings
 * resolution, the world (state) and notifier opened on demand and closed in
 * `finally`, openstack-style output (`showList`, `showOne`), the one
 * SIGINT/SIGTERM facility (`onInterrupt`), and the one place exit codes are
 * decided:
 *   0 success · 1 `.error` outcome or runtime failure (`this.failed()`) ·
 *   2 usage error · 99 a failed --threshold (`this.thresholdsFailed()`) ·
 *   130/143 interrupted by SIGINT/SIGTERM (0 for a command that Ctrl-C
 *   normally ends, e.g. `tail`).
 * A user sees one line and a "Try this" fix, sanitised, URL passwords
 * masked; a stack only under DEBUG / TROVE_NOTIFY_DEBUG, with the command
 * line's passwords redacted.
 */
import {Command, Errors, ux} from '@oclif/core'
import {join} from 'node:path'
import type {Writable} from 'node:stream'
import {createNotifier, type NotifierRuntime} from '../messaging/factory.js'
import type {Notifier} from '../messaging/notifier.js'
import {maskUrl} from '../messaging/transport-url.js'
import {type FlagInput, resolveSettings, type Settings} from '../settings/settings.js'
import type {OpContext} from '../operations/context.js'
import {recoverAbandoned, recoveryNotice} from '../operations/recovery.js'
import {openWorld} from '../state/open-world.js'
import {OutboxDelivery} from '../state/outbox-delivery.js'
import type {World} from '../state/world.js'
import {THRESHOLD_EXIT} from '../metrics/thresholds.js'
import {UsageError, UserError} from '../util/errors.js'
import {formatAsked, jsonFlag, type OutputFlagValues, outputOptions} from './flags.js'
import {type InterruptHandler, type InterruptOptions, Interrupts, type Signal} from './interrupts.js'
import {type CommandShape, redactor, secretsIn, secretsInEnv} from './redact.js'
import {formatList, formatOne, type Listing, type Shown} from './render/format.js'
import {escapeForTerminal, stripControl} from './render/sanitize.js'

export function debugEnabled(): boolean {
  return Boolean(process.env.DEBUG || process.env.TROVE_NOTIFY_DEBUG)
}

/** The exit status of each way a command ends (99: a failed --threshold, k6's convention). */
export const EXIT = {ok: 0, failed: 1, usage: 2, threshold: THRESHOLD_EXIT, SIGINT: 130, SIGTERM: 143} as const

/** The process's one signal facility; a second signal ends the process with 130/143 at once. */
const interrupts = new Interrupts((signal: Signal): never => process.exit(EXIT[signal]))

export abstract class BaseCommand extends Command {
  static enableJsonFlag = true
  static baseFlags = {json: jsonFlag}

  private worldHandle?: World
  private notifierHandle?: Notifier
  private delivery?: OutboxDelivery
  private settingsValue?: Settings
  private failure = false
  private thresholdFailure = false
  /** An error reached catch(): it set the exit status (under --json oclif returns instead of throwing). */
  private caught = false
  private readonly unsubscribe: Array<() => void> = []

  /** Resolve settings from the flags the command parsed (flag > env > config > default). */
  protected settingsFrom(flags: FlagInput): Settings {
    this.settingsValue = resolveSettings({flags, env: process.env, configDir: this.config.configDir, dataDir: this.config.dataDir})
    for (const warning of this.settingsValue.warnings) this.notice(warning)
    return this.settingsValue
  }

  protected get settings(): Settings {
    if (!this.settingsValue) throw new Error('bug: settings used before settingsFrom()')
    return this.settingsValue
  }

  /** The world these flags name (settings resolved first), e.g. for a prompt's choices. */
  protected worldFor(flags: FlagInput): World {
    if (!this.settingsValue) this.settingsFrom(flags)
    return this.world
  }

  /** The world, opened on first use. Only the default location's directory is created when missing. */
  protected get world(): World {
    const path = this.settings.statePath
    this.worldHandle ??= openWorld(path, {createDirectory: path === join(this.config.dataDir, 'state.db')})
    return this.worldHandle
  }

  /** The notifier, connected (the broker is reached here: a dead one fails fast). */
  protected async notifier(rt: NotifierRuntime = {}): Promise<Notifier> {
    if (!this.notifierHandle) {
      const logStream: Writable = this.jsonEnabled() ? process.stderr : process.stdout
      const notifier = createNotifier(this.settings, {logStream, onNotice: (m) => this.notice(m), ...rt})
      await notifier.open()
      this.notifierHandle = notifier
    }
    return this.notifierHandle
  }

  /**
   * The world and the broker of a command that changes the world, made one
   * (issue 15): the notifier keeps every message in the world's outbox
   * (written with the change, sent once it committed, removed when
   * confirmed), and what an earlier process left there — rows of owners
   * that are gone — is sent first and confirmed, in one line on stderr.
   * Then the operations an earlier process abandoned are ended (undone,
   * `.error` with their request_id; operations/recovery.ts), one line too.
   */
  protected async deliverThrough(world: World, notifier: Notifier, ctx: OpContext): Promise<void> {
    if (this.delivery) return
    const delivery = new OutboxDelivery(world, this.settings.exchange)
    this.delivery = delivery
    notifier.useOutbox(delivery)
    const driver = notifier.driver
    const n = delivery.drainLeftovers((key, body, confirmed) => driver.send(key, body, undefined, confirmed))
    if (n > 0) {
      await notifier.flush()
      delivery.settle()
      this.notice(`delivered ${n} message(s) an earlier process left in the outbox of ${world.path}`)
    }
    const ended = recoverAbandoned(ctx)
    if (ended.length > 0) {
      await notifier.flush()
      this.notice(recoveryNotice(ended))
    }
  }

  /** A notice for the user on stderr (reconnects, progress lines), sanitised, URL passwords masked. */
  protected notice(message: string): void {
    process.stderr.write(`${maskUrl(stripControl(message))}\n`)
  }

  /** The command's work failed (a lifecycle ended in .error, notifications were lost): exit 1. */
  protected failed(): void {
    this.failure = true
  }

  /** A --threshold failed, or --abort-on-fail stopped the run: exit 99 (a failure's 1 wins; it beats an interruption's 130/143). */
  protected thresholdsFailed(): void {
    this.thresholdFailure = true
  }

  /**
   * On the first SIGINT/SIGTERM, run `handler` (see interrupts.ts): by
   * default the command winds down and exits 130/143 when run() returns;
   * `{then: 'exit'}` exits 130/143 once the handler is done; `{expected:
   * true}` makes the signal the command's normal end (exit 0). Returns the
   * unsubscribe function (all are undone when the command ends).
   */
  protected onInterrupt(handler: InterruptHandler, options?: InterruptOptions): () => void {
    const off = interrupts.subscribe(handler, options)
    this.unsubscribe.push(off)
    return off
  }

  /** -f/-c shape the human output; --json prints the whole result: asking for both is a usage error. */
  protected checkOutputFlags(flags: OutputFlagValues): void {
    if (this.jsonEnabled() && formatAsked(flags)) {
      throw new UsageError('-c/--column picks what -f prints; --json prints the whole result', 'drop --json (e.g. -f json -c id), or drop -c')
    }
  }

  /** A list in the format the output flags ask for (table by default; nothing under --json). */
  protected showList(listing: Listing, flags: OutputFlagValues): void {
    this.checkOutputFlags(flags)
    const text = formatList(listing, outputOptions(flags))
    if (text !== '') this.log(text)
  }

  /** One object in the format the output flags ask for. */
  protected showOne(shown: Shown, flags: OutputFlagValues): void {
    this.checkOutputFlags(flags)
    const text = formatOne(shown, outputOptions(flags))
    if (text !== '') this.log(text)
  }

  /** `--json` output: C1 controls and bidi overrides in the data escaped (JSON.stringify leaves them raw). */
  override logJson(json: unknown): void {
    ux.stdout(escapeForTerminal(ux.colorizeJson(json, {pretty: true, theme: this.config.theme?.json})))
  }

  /** The exit status once run() has returned. */
  private exitStatus(): number {
    if (this.failure) return EXIT.failed
    if (this.thresholdFailure) return EXIT.threshold
    const signal = interrupts.received
    if (signal && !interrupts.expected) return EXIT[signal]
    return EXIT.ok
  }

  override async _run<T>(): Promise<T> {
    const result = await super._run<T>()
    if (!this.caught) process.exitCode = this.exitStatus()
    return result
  }

  /** Passwords of this command line and URL passwords out of a text (debug output, stacks). */
  private redact(text: string): string {
    return redactor([...secretsIn(process.argv.slice(2), this.config.commands as unknown as CommandShape[]), ...secretsInEnv()])(text)
  }

  /** One safe line for the user. */
  private line(text: string): string {
    return maskUrl(stripControl(text)).trim()
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}, exitCode?: number}): Promise<unknown> {
    this.caught = true
    if (err.name === 'ExitPromptError' || err.name === 'AbortPromptError') {
      // Ctrl-C at a prompt: the user chose to stop; nothing to report.
      process.exitCode = EXIT.SIGINT
      return super.catch(new Errors.ExitError(EXIT.SIGINT))
    }
    if (err instanceof UserError) {
      process.exitCode = err.exitCode
      return super.catch(new Errors.CLIError(this.line(err.message), {
        exit: err.exitCode, suggestions: err.suggestion ? [this.line(err.suggestion)] : undefined,
      }))
    }
    if (err instanceof Errors.ExitError) {
      process.exitCode = err.oclif.exit
      return super.catch(err)
    }
    if (err.oclif?.exit !== undefined || err instanceof Errors.CLIError) {
      // oclif's own errors (parse errors exit 2); keep their exit code.
      process.exitCode = err.oclif?.exit ?? EXIT.usage
      if (process.exitCode !== EXIT.usage) return super.catch(err)
      // Parse errors: one line naming the problem ("--tenants: …"); the help pointer becomes the suggestion.
      const line = this.line(err.message.replace(/\s*See more help with --help\s*$/, '').replace(/\s*\n\s*/g, ' '))
        .replace(/^Parsing (--[\w-]+) /, '$1: ')
      return super.catch(new Errors.CLIError(line, {exit: EXIT.usage, suggestions: [`see ${this.config.bin} ${(this.id ?? '').replaceAll(':', ' ')} --help`]}))
    }
    process.exitCode = EXIT.failed
    if (debugEnabled()) {
      err.message = this.redact(err.message)
      if (err.stack) err.stack = this.redact(err.stack)
      return super.catch(err)
    }
    return super.catch(new Errors.CLIError(`internal error: ${this.line(err.message)}`, {
      exit: EXIT.failed, suggestions: ['run again with DEBUG=1 for the stack trace, and report it'],
    }))
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    for (const off of this.unsubscribe.splice(0)) off()
    try {
      await this.notifierHandle?.close()
    } catch { /* closing after a failure */ }
    try {
      this.delivery?.settle() // what was confirmed leaves the outbox; the rest waits for the next command
    } catch { /* the world may be unusable after a failure: the rows are sent again */ }
    this.worldHandle?.close()
    return super.finally(err)
  }
}
