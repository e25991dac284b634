/**
 * Missing required arguments: asked for with a prompt on a terminal, a usage
 * error (exit 2) naming the argument and an example otherwise.
 */
import {UsageError} from '../util/errors.js'

export function interactive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI
}

export interface Ask {
  /** The argument's name as in the usage line, e.g. FLAVOR. */
  readonly name: string
  readonly message: string
  /** A full example command, shown in the usage error. */
  readonly example: string
  /** Choices for a select prompt (value, label). */
  readonly choices?: ReadonlyArray<{value: string, name?: string}>
  readonly password?: boolean
}

/** The value if given, else a prompt's answer on a TTY, else a usage error. */
export async function askIfMissing(value: string | undefined, ask: Ask): Promise<string> {
  if (value !== undefined && value !== '') return value
  if (!interactive()) throw new UsageError(`missing argument ${ask.name}`, `give it on the command line, e.g. ${ask.example}`)
  const prompts = await import('@inquirer/prompts')
  if (ask.choices && ask.choices.length > 0) {
    return prompts.select({message: ask.message, choices: ask.choices.map((ch) => ({value: ch.value, name: ch.name ?? ch.value}))})
  }
  if (ask.password) return prompts.password({message: ask.message, mask: '*'})
  return prompts.input({message: ask.message, validate: (s) => s.trim() !== '' || `${ask.name} is required`})
}
