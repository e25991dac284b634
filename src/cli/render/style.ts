/**
 * The one place chalk and cli-table3 are imported. Colour is off when
 * NO_COLOR is set or stdout is not a terminal (FORCE_COLOR wins).
 */
import chalk, {Chalk} from 'chalk'
import Table from 'cli-table3'

const colourOn = process.env.FORCE_COLOR ? true : !process.env.NO_COLOR && Boolean(process.stdout.isTTY)

/** chalk, with colour decided once for the process. */
export const c = colourOn ? chalk : new Chalk({level: 0})

/** Colour a priority: ERROR red, INFO green, others yellow. */
export function priorityColour(priority: string): string {
  const p = priority.toUpperCase()
  return p === 'ERROR' || p === 'CRITICAL' ? c.red(p) : p === 'INFO' ? c.green(p) : c.yellow(p)
}

/** A table (cli-table3) with our look: bold header, no colour in borders. */
export function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const t = new Table({head: head.map((h) => c.bold(h)), style: {head: [], border: []}})
  for (const r of rows) t.push(r.map((v) => String(v)))
  return t.toString()
}
