/**
 * A mistyped command (oclif's `command_not_found` hook): one line naming what
 * was typed — never oclif's internal id with the arguments glued on
 * (`instance:creat:db4:2`) — and the nearest command: "did you mean
 * `trove-notify instance create`?". A usage error (exit 2); nothing runs,
 * nothing is asked (a suggestion is never run for the user: most commands
 * publish).
 */
import {Errors, type Hook} from '@oclif/core'
import {distance} from 'fastest-levenshtein'
import {EXIT} from '../base-command.js'
import {stripControl} from '../render/sanitize.js'

interface Candidate {
  readonly words: readonly string[]
}

/** The closest spelling (an id or an alias, as words) to what was typed, if one is near enough. */
export function closestCommand(typed: readonly string[], spellings: readonly string[]): string | undefined {
  const candidates: Candidate[] = spellings.map((s) => ({words: s.split(':')}))
  let best: {text: string, score: number, k: number} | undefined
  for (const c of candidates) {
    const k = c.words.length
    if (k > typed.length) continue
    const a = typed.slice(0, k).join(' ')
    const b = c.words.join(' ')
    const d = distance(a, b)
    // Near enough: a few edits, relative to the length of what was typed.
    if (d > Math.max(2, Math.floor(b.length / 4))) continue
    const score = d / Math.max(1, b.length)
    if (!best || score < best.score || (score === best.score && k > best.k)) best = {text: b, score, k}
  }
  return best?.text
}

const hook: Hook<'command_not_found'> = async function (opts) {
  const {config} = opts
  const visible = config.commands.filter((c) => !c.hidden)
  const spellings = [...new Set([...visible.map((c) => c.id), ...visible.flatMap((c) => c.aliases)])]
  // oclif glued the command words and the arguments into one id: take them apart again.
  const words = [...opts.id.split(':'), ...(opts.argv ?? [])]
  const firstFlag = words.findIndex((w) => w.startsWith('-'))
  const plain = firstFlag < 0 ? words : words.slice(0, firstFlag)
  let topic = 0
  for (let k = 1; k < plain.length; k++) if (config.findTopic(plain.slice(0, k).join(':'))) topic = k
  const typed = plain.slice(0, topic + 1).map((w) => stripControl(w)).join(' ')
  const suggestion = closestCommand(plain, spellings)
  const topicHelp = topic > 0 ? `${config.bin} ${plain.slice(0, topic).join(' ')} --help` : `${config.bin} --help`
  throw new Errors.CLIError(`"${typed}" is not a ${config.bin} command`, {
    exit: EXIT.usage,
    suggestions: [suggestion ? `did you mean \`${config.bin} ${suggestion}\`? (${topicHelp} lists the commands)` : `${topicHelp} lists the commands`],
  })
}

export default hook
