/**
 * SIGINT and SIGTERM, handled in one place for the whole process. A command
 * subscribes (through BaseCommand.onInterrupt) with what to do on the first
 * signal; the process listeners exist only while someone is subscribed (so
 * without a subscriber Node's default applies: the process ends at once).
 *   - `then: 'finish'` (default): the handler asks the command to wind down
 *     (stop taking work, await confirms); run() returns and the base command
 *     exits 130 (SIGINT) / 143 (SIGTERM) — or 0 when `expected` (Ctrl-C is
 *     how `tail` and `quotas` are meant to end).
 *   - `then: 'exit'`: "on interrupt, do X, then exit": once the handler's
 *     promise settles the process exits 130/143 (e.g. end an interrupted
 *     operation with its .error first).
 * A second signal while the first is being handled quits at once (130/143).
 * The exit codes themselves are the base command's (`exit` given here).
 */
export type Signal = 'SIGINT' | 'SIGTERM'

export interface InterruptOptions {
  readonly then?: 'finish' | 'exit'
  /** The signal is this command's normal way to end: exit 0 once run() returns. */
  readonly expected?: boolean
}

export type InterruptHandler = (signal: Signal) => void | Promise<void>

interface Subscription {
  readonly handler: InterruptHandler
  readonly options: InterruptOptions
}

export class Interrupts {
  private readonly subscriptions = new Set<Subscription>()
  private signal?: Signal
  private expectedEnd = false

  /** `exit(signal)` ends the process with the code the base command gives that signal. */
  constructor(private readonly exit: (signal: Signal) => never) {}

  /** The first signal received, if any. */
  get received(): Signal | undefined {
    return this.signal
  }

  /** True when the signal received was the subscribed command's normal way to end. */
  get expected(): boolean {
    return this.expectedEnd
  }

  /** Run `handler` on the first SIGINT/SIGTERM; returns the unsubscribe function. */
  subscribe(handler: InterruptHandler, options: InterruptOptions = {}): () => void {
    const sub = {handler, options}
    if (this.subscriptions.size === 0) this.listen(true)
    this.subscriptions.add(sub)
    return () => {
      if (!this.subscriptions.delete(sub)) return
      if (this.subscriptions.size === 0 && !this.signal) this.listen(false)
    }
  }

  private readonly onSigint = (): void => this.on('SIGINT')
  private readonly onSigterm = (): void => this.on('SIGTERM')

  private listen(on: boolean): void {
    if (on) {
      process.on('SIGINT', this.onSigint)
      process.on('SIGTERM', this.onSigterm)
    } else {
      process.off('SIGINT', this.onSigint)
      process.off('SIGTERM', this.onSigterm)
    }
  }

  private on(signal: Signal): void {
    if (this.signal) this.exit(signal) // the second one: quit now
    this.signal = signal
    const subs = [...this.subscriptions].reverse() // the innermost (latest) first
    if (subs.length === 0) this.exit(signal)
    this.expectedEnd = subs.every((s) => s.options.expected)
    for (const {handler, options} of subs) {
      const done = Promise.resolve().then(() => handler(signal))
      if (options.then === 'exit') void done.catch(() => undefined).then(() => this.exit(signal))
      else void done.catch(() => undefined)
    }
  }
}
