/**
 * The one place chalk is imported, and the `table()` every human table goes
 * through. Colour is off when NO_COLOR is set or stdout is not a terminal
 * (FORCE_COLOR wins). Every cell is sanitised here (sanitize.ts) unless it
 * was built by `styled()` from text already made safe: so no renderer can
 * print a name from the state or the wire raw by forgetting to.
 */
import chalk, {Chalk} from 'chalk'
import {safe} from './sanitize.js'
import {type Align, drawTable, type DrawnTable} from './table.js'

const colourOn = process.env.FORCE_COLOR ? true : !process.env.NO_COLOR && Boolean(process.stdout.isTTY)

/** chalk, with colour decided once for the process. */
export const c = colourOn ? chalk : new Chalk({level: 0})

/** Colour a priority: ERROR red, INFO green, others yellow. */
export function priorityColour(priority: string): string {
  const p = safe(priority).toUpperCase()
  return p === 'ERROR' || p === 'CRITICAL' ? c.red(p) : p === 'INFO' ? c.green(p) : c.yellow(p)
}

/** Text already sanitised and coloured by a renderer: `table()` prints it as it is. */
export class Styled {
  constructor(readonly text: string) {}
}

/** Mark text built from safe parts (and our colours) as printable as is. */
export function styled(text: string): Styled {
  return new Styled(text)
}

export type TableCell = string | number | boolean | null | undefined | Styled

/** A cell as shown: sanitised text, `true`/`false` for booleans, '' for nothing. */
export function cellText(v: TableCell): string {
  if (v instanceof Styled) return v.text
  if (v === null || v === undefined) return ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  return safe(v)
}

/**
 * How wide a table may be: the terminal's width when stdout is one, else
 * none (a table written to a file or a pipe is never cut).
 */
export function terminalWidth(): number | undefined {
  return process.stdout.isTTY ? process.stdout.columns || 80 : undefined
}

export interface TableOptions {
  /** Fit into this many columns; default: the terminal's width (none when stdout is not a terminal). */
  readonly width?: number
  /** Default: every column left-aligned (the cliff formatters right-align numbers themselves). */
  readonly align?: readonly Align[]
  readonly overflow?: 'cut' | 'wrap'
  readonly floor?: number
  readonly rank?: readonly number[]
}

/** A table drawn, with whether something was cut to fit. */
export function drawn(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<TableCell>>, o: TableOptions = {}): DrawnTable {
  return drawTable({
    head: head.map((h) => safe(h)),
    rows: rows.map((r) => r.map(cellText)),
    align: o.align,
    width: o.width ?? terminalWidth(),
    overflow: o.overflow,
    floor: o.floor,
    rank: o.rank,
    styleHead: (s) => c.bold(s),
  })
}

/** A table with our look: bold header, a rule under it, none between rows, fitted to the terminal. */
export function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<TableCell>>, o: TableOptions = {}): string {
  return drawn(head, rows, o).text
}
