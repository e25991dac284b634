/**
 * Box tables in the style of cliff (openstack's formatter): a rule under the
 * header and none between rows, numbers right-aligned, and — when a width is
 * given (a terminal's, or --max-width) — columns shrunk to fit it: the widest
 * columns give up width first, none below a floor, and a cell that no longer
 * fits is cut with `…` (list tables, so each row stays one line) or wrapped
 * (the Value column of a show table). Columns give up width by rank (ids
 * first, names last); headers wrap at their spaces before any cell is cut.
 * Without a width nothing is cut.
 * Cells arrive already sanitised (style.ts / format.ts); they may carry our
 * own colours, which take no width.
 */
import stringWidth from 'string-width'

export type Align = 'left' | 'right'

export interface TableLayout {
  readonly head: readonly string[]
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
  readonly align?: readonly Align[]
  /** Fit the whole table (borders included) into this many columns. */
  readonly width?: number
  /** What happens to a cell wider than its column: cut with `…` or wrap onto more lines. */
  readonly overflow?: 'cut' | 'wrap'
  /** No column is shrunk below this (or below its own natural width, when smaller). */
  readonly floor?: number
  /**
   * The order in which columns give up width when the table must shrink:
   * lower first (each rank down to its floor before the next gives any).
   * Format.ts ranks ids 0 (their first characters still tell rows apart,
   * down to 9), ordinary columns 1, names 2. Default: all 1.
   */
  readonly rank?: readonly number[]
  /** Applied to each header line (bold). */
  readonly styleHead?: (text: string) => string
}

export interface DrawnTable {
  readonly text: string
  /** True when some cell was cut to fit the width. */
  readonly cut: boolean
  /** True when a cell of a column ranked above 0 (not an id) was cut. */
  readonly cutBeyondIds: boolean
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

function plain(text: string): string {
  return text.replace(ANSI, '')
}

/** Display width of one line (colours take none; wide characters take two). */
export function widthOf(line: string): number {
  return stringWidth(line)
}

function linesOf(cell: string): string[] {
  return cell.split('\n')
}

function naturalWidth(cell: string): number {
  return Math.max(0, ...linesOf(cell).map(widthOf))
}

/** The first characters of `text` that fit `width`, with `…` when something was left out. */
export function cut(text: string, width: number): string {
  if (widthOf(text) <= width) return text
  const chars = [...plain(text)]
  let out = ''
  let used = 0
  for (const ch of chars) {
    const w = widthOf(ch)
    if (used + w > width - 1) break
    out += ch
    used += w
  }
  return `${out}…`
}

/** `text` wrapped onto lines of at most `width`: at spaces where it can, inside a word where it must. */
export function wrap(text: string, width: number): string[] {
  if (widthOf(text) <= width) return [text]
  const words = plain(text).split(/(?<= )/)
  const lines: string[] = []
  let line = ''
  const push = (): void => {
    if (line.trimEnd() !== '') lines.push(line.trimEnd())
    line = ''
  }
  for (let word of words) {
    if (widthOf(line + word.trimEnd()) <= width) {
      line += word
      continue
    }
    push()
    while (widthOf(word.trimEnd()) > width) {
      const chars = [...word]
      let head = ''
      for (const ch of chars) {
        if (widthOf(head + ch) > width) break
        head += ch
      }
      lines.push(head)
      word = word.slice(head.length)
    }
    line = word
  }
  push()
  return lines.length > 0 ? lines : ['']
}

/**
 * Column widths for a content budget: the natural widths when they fit;
 * otherwise the widest columns are capped at one level (water-filling), no
 * column below its floor, and what is left over goes to the capped ones.
 */
export function shareWidths(natural: readonly number[], floors: readonly number[], budget: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0)
  if (total <= budget) return [...natural]
  const at = (cap: number): number[] => natural.map((w, i) => Math.min(w, Math.max(floors[i]!, cap)))
  const sum = (ws: number[]): number => ws.reduce((a, b) => a + b, 0)
  let lo = 0
  let hi = Math.max(...natural)
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (sum(at(mid)) <= budget) lo = mid
    else hi = mid - 1
  }
  const widths = at(lo)
  let spare = budget - sum(widths)
  for (let i = 0; spare > 0 && i < widths.length; i++) {
    if (widths[i]! < natural[i]!) {
      widths[i]! += 1
      spare -= 1
    }
  }
  return widths
}

/** Column widths within `budget`: headers may wrap at spaces; columns shrink rank by rank, each to its floor. */
function fitWidths(t: TableLayout, budget: number): number[] {
  // A header may wrap at its spaces: then only its longest word sets the column's width.
  const widths = t.head.map((h, i) => Math.max(...h.split(/\s+/).map(widthOf), ...t.rows.map((r) => naturalWidth(r[i] ?? ''))))
  const rank = t.head.map((_, i) => t.rank?.[i] ?? 1)
  const floors = widths.map((w, i) => Math.min(w, rank[i] === 0 ? 9 : (t.floor ?? 6)))
  for (const r of [...new Set(rank)].sort((a, b) => a - b)) {
    const total = widths.reduce((x, y) => x + y, 0)
    if (total <= budget) break
    const mine = widths.map((_, i) => i).filter((i) => rank[i] === r)
    const others = total - mine.reduce((x, i) => x + widths[i]!, 0)
    const shared = shareWidths(mine.map((i) => widths[i]!), mine.map((i) => floors[i]!), Math.max(0, budget - others))
    mine.forEach((i, k) => { widths[i] = shared[k]! })
  }
  return widths
}

function pad(text: string, width: number, align: Align): string {
  const gap = ' '.repeat(Math.max(0, width - widthOf(text)))
  return align === 'right' ? gap + text : text + gap
}

/** Draw a table; see the module comment. */
export function drawTable(t: TableLayout): DrawnTable {
  const n = t.head.length
  const natural = t.head.map((h, i) => Math.max(naturalWidth(h), ...t.rows.map((r) => naturalWidth(r[i] ?? ''))))
  const overhead = 3 * n + 1
  let widths = natural
  if (t.width !== undefined && t.width > 0 && natural.reduce((x, y) => x + y, 0) + overhead > t.width) {
    widths = fitWidths(t, Math.max(n, t.width - overhead))
  }
  let wasCut = false
  let beyondIds = false
  const fitCell = (cell: string, i: number, overflow: 'cut' | 'wrap'): string[] => {
    const w = widths[i]!
    return linesOf(cell).flatMap((line) => {
      if (widthOf(line) <= w) return [line]
      if (overflow === 'wrap') return wrap(line, w)
      wasCut = true
      if ((t.rank?.[i] ?? 1) > 0) beyondIds = true
      return [cut(line, w)]
    })
  }
  const block = (cells: readonly string[], overflow: 'cut' | 'wrap', align: (i: number) => Align, style?: (s: string) => string): string[] => {
    const fitted = cells.map((cell, i) => fitCell(cell, i, overflow))
    const height = Math.max(1, ...fitted.map((f) => f.length))
    const out: string[] = []
    for (let l = 0; l < height; l++) {
      const parts = widths.map((w, i) => {
        const text = pad(fitted[i]?.[l] ?? '', w, align(i))
        return style ? style(text) : text
      })
      out.push(`│ ${parts.join(' │ ')} │`)
    }
    return out
  }
  const rule = (l: string, m: string, r: string): string => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r
  const lines = [rule('┌', '┬', '┐'), ...block(t.head, 'wrap', () => 'left', t.styleHead), rule('├', '┼', '┤')]
  const overflow = t.overflow ?? 'cut'
  for (const row of t.rows) lines.push(...block(row, overflow, (i) => t.align?.[i] ?? 'left'))
  lines.push(rule('└', '┴', '┘'))
  return {text: lines.join('\n'), cut: wasCut, cutBeyondIds: beyondIds}
}
