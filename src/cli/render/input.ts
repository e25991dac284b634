/**
 * Human output of `--dry-run`: the operation a command line asks for and
 * its input as the operation would get it (passwords already hidden by the
 * declaration's view), one field per line, hostile text stripped.
 */
import {safe} from './sanitize.js'
import {c} from './style.js'

export function renderDryRun(operation: string, input: Readonly<Record<string, unknown>>): string {
  const width = Math.max(0, ...Object.keys(input).map((k) => k.length))
  const lines = Object.entries(input).map(([k, v]) => `  ${k.padEnd(width)}  ${safe(v)}`)
  return [`${c.bold(operation)} ${c.dim('(dry run: nothing published, the world not opened)')}`, ...lines].join('\n')
}
