/**
 * The base of every command: `--json` (oclif's enableJsonFlag), settings
 * resolution, the world (state) and notifier opened on demand and closed in
 * `finally`, and the one place errors become exit codes:
 *   0 success · 1 `.error` outcome or runtime failure · 2 usage error.
 * A user sees one line and a "Try this" fix; a stack only under DEBUG.
 */
import {Command, Errors} from '@oclif/core'
import {join} from 'node:path'
import type {Writable} from 'node:stream'
import {createNotifier, type NotifierRuntime} from '../messaging/factory.js'
import type {Notifier} from '../messaging/notifier.js'
import {maskUrl} from '../messaging/transport-url.js'
import {type FlagInput, resolveSettings, type Settings} from '../settings/settings.js'
import {openWorld} from '../state/open-world.js'
import type {World} from '../state/world.js'
import {UserError} from '../util/errors.js'

export function debugEnabled(): boolean {
  return Boolean(process.env.DEBUG || process.env.TROVE_NOTIFY_DEBUG)
}

export abstract class BaseCommand extends Command {
  static enableJsonFlag = true

  private worldHandle?: World
  private notifierHandle?: Notifier
  private settingsValue?: Settings

  /** Resolve settings from the flags the command parsed (flag > env > config > default). */
  protected settingsFrom(flags: FlagInput): Settings {
    this.settingsValue = resolveSettings({flags, env: process.env, configDir: this.config.configDir, dataDir: this.config.dataDir})
    return this.settingsValue
  }

  protected get settings(): Settings {
    if (!this.settingsValue) throw new Error('bug: settings used before settingsFrom()')
    return this.settingsValue
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

  /** A notice for the user on stderr (reconnects, progress lines). */
  protected notice(message: string): void {
    process.stderr.write(`${maskUrl(message)}\n`)
  }

  protected override async catch(err: Error & {oclif?: {exit?: number}, exitCode?: number}): Promise<unknown> {
    if (err instanceof UserError) {
      process.exitCode = err.exitCode
      return super.catch(new Errors.CLIError(maskUrl(err.message), {
        exit: err.exitCode, suggestions: err.suggestion ? [maskUrl(err.suggestion)] : undefined,
      }))
    }
    if (err.oclif?.exit !== undefined || err instanceof Errors.CLIError) {
      // oclif's own errors (parse errors exit 2); keep their exit code.
      process.exitCode = err.oclif?.exit ?? 2
      if (process.exitCode !== 2) return super.catch(err)
      // Parse errors: one line naming the problem; the help pointer becomes the suggestion.
      const line = maskUrl(err.message).replace(/\s*See more help with --help\s*$/, '').replace(/\s*\n\s*/g, ' ').trim()
      return super.catch(new Errors.CLIError(line, {exit: 2, suggestions: [`see ${this.config.bin} ${(this.id ?? '').replaceAll(':', ' ')} --help`]}))
    }
    if (debugEnabled()) return super.catch(err)
    process.exitCode = 1
    return super.catch(new Errors.CLIError(`internal error: ${maskUrl(err.message)}`, {
      exit: 1, suggestions: ['run again with DEBUG=1 for the stack trace, and report it'],
    }))
  }

  protected override async finally(err: Error | undefined): Promise<unknown> {
    try {
      await this.notifierHandle?.close()
    } catch { /* closing after a failure */ }
    this.worldHandle?.close()
    return super.finally(err)
  }
}
