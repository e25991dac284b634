/**
 * Passwords off the command line. A password given as `-` is read from
 * stdin (one line per `-`, in the order they appear on the command line;
 * on a terminal, a hidden prompt instead). A password left out is taken from
 * TROVE_NOTIFY_PASSWORD, or asked for with a hidden prompt on a terminal,
 * and is a usage error otherwise. What is typed is masked and never echoed.
 */
import {UsageError} from '../util/errors.js'
import {askIfMissing, interactive} from './prompts.js'

export const PASSWORD_ENV = 'TROVE_NOTIFY_PASSWORD'

/** One password to fill in. */
export interface SecretSlot {
  /** '-' (stdin) or '' (left out). */
  readonly given: '-' | ''
  /** Prompt shown on a terminal. */
  readonly prompt: string
  /** The usage error when it cannot be had: message and fix. */
  readonly missing: readonly [string, string]
  readonly fill: (secret: string) => void
}

let stdinLines: Promise<string[]> | undefined

/** All of stdin, as lines (read once, to its end). */
function readStdinLines(): Promise<string[]> {
  stdinLines ??= new Promise((resolve, reject) => {
    let text = ''
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', (d: string) => { text += d })
    process.stdin.on('end', () => resolve(text.split(/\r?\n/)))
    process.stdin.on('error', reject)
  })
  return stdinLines
}

/** Fill every slot, in order: stdin lines for '-', the environment or a prompt for the rest. */
export async function fillSecrets(slots: readonly SecretSlot[], example: string): Promise<void> {
  const fromStdin = slots.filter((s) => s.given === '-')
  const lines = fromStdin.length > 0 && !process.stdin.isTTY ? await readStdinLines() : []
  let next = 0
  for (const slot of slots) {
    if (slot.given === '-') {
      if (process.stdin.isTTY) {
        slot.fill(await askIfMissing(undefined, {name: 'PASSWORD', message: slot.prompt, example, password: true}))
        continue
      }
      const line = lines[next++]
      if (line === undefined || (line === '' && next === lines.length)) {
        throw new UsageError(`stdin ended before the password for ${slot.prompt.replace(/^.*for /, '')}: give one line per "-"`, `e.g. printf '%s\\n' "$PW" | ${example}`)
      }
      slot.fill(line)
      continue
    }
    const env = process.env[PASSWORD_ENV]
    if (env !== undefined && env !== '') slot.fill(env)
    else if (interactive()) slot.fill(await askIfMissing(undefined, {name: 'PASSWORD', message: slot.prompt, example, password: true}))
    else throw new UsageError(slot.missing[0], slot.missing[1])
  }
}
