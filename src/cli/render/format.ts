/**
 * openstack-style output (cliff's formatters), for every list and show
 * command and every operation's result:
 *   - a list (`Listing`: columns and rows): table | json | yaml | value | csv
 *   - one object (`Shown`: fields and values): table (Field/Value) | json |
 *     yaml | value | shell
 * with cliff's options: -c/--column (repeatable; kept in the command's
 * order, as cliff does), --sort-column/--sort-ascending/--sort-descending
 * (lists), --noindent (json), --max-width/--fit-width/--print-empty (table),
 * --prefix (shell). The output shapes are cliff's: `-f value -c id` prints
 * bare values one per line, `-f shell` prints `name="value"` lines, list JSON
 * is an array of objects keyed by column name.
 * Departures, on purpose: column names match case-insensitively and with
 * `_`/`-`/space alike (`-c replica_of` = "Replica of"); an unknown column is
 * a usage error naming the valid ones; booleans print `true`/`false` and
 * nothing prints as '' (not Python's True/None); `-f shell` escapes `$`,
 * backquote and backslash too, so `eval` of it is safe. Every text value is
 * sanitised (table, value, csv, shell) or escaped (json, yaml) for the
 * terminal (sanitize.ts).
 */
import YAML from 'yaml'
import {UsageError} from '../../util/errors.js'
import {escapeForTerminal, needsEscape, safe} from './sanitize.js'
import {c, cellText, drawn, styled, terminalWidth} from './style.js'

export const LIST_FORMATS = ['table', 'json', 'yaml', 'value', 'csv'] as const
export const ONE_FORMATS = ['table', 'json', 'yaml', 'value', 'shell'] as const
export type Format = typeof LIST_FORMATS[number] | typeof ONE_FORMATS[number]

/**
 * A value with two faces, as cliff's FormattableColumn: `human` in a table,
 * `machine` everywhere else (value, csv, shell, json, yaml) — e.g. a
 * timestamp `2026-05-01 10:00` in a table and ISO 8601 for scripts, an
 * instance's name in a table and its id in `-f value`.
 */
export class Formatted {
  constructor(readonly human: string | readonly string[], readonly machine: unknown) {}
}

/** An ISO timestamp: `2026-05-01 10:00` (or the day alone) in tables (UTC, as stored), ISO 8601 elsewhere. */
export function timestamp(iso: string | null | undefined, shown: 'minute' | 'day' = 'minute'): Formatted | null {
  if (!iso) return null
  return new Formatted(iso.replace('T', ' ').slice(0, shown === 'day' ? 10 : 16), iso)
}

/** A value as a command hands it over: lists and objects stay structured for json/yaml. */
export type Value = string | number | boolean | null | undefined | Formatted | readonly Value[] | {readonly [key: string]: unknown}

/** Rows of a list command, one value per column. */
export interface Listing {
  readonly columns: readonly string[]
  readonly rows: ReadonlyArray<ReadonlyArray<Value>>
  /** Columns shown only when -c names them (kept out of the default view to fit a terminal). */
  readonly hidden?: readonly string[]
  /** Columns left out of the default view when no row has a value in them (a Parent column with no incremental backup). */
  readonly optional?: readonly string[]
  /** Columns of the default table left out, last first, rather than cut other cells on a narrow terminal (said below it). */
  readonly spare?: readonly string[]
  /** The human table's line when there are no rows ("No instances."). */
  readonly empty?: string
}

/** One object: its fields in the order shown. */
export type Shown = ReadonlyArray<readonly [string, Value]>

export interface OutputOptions {
  readonly format: Format
  readonly columns: readonly string[]
  readonly sortColumns: readonly string[]
  readonly sortDescending: boolean
  readonly noindent: boolean
  /** --max-width: fit into this width; < 1 never fits. */
  readonly maxWidth?: number
  /** --fit-width: fit to the terminal even when stdout is not one. */
  readonly fitWidth: boolean
  readonly printEmpty: boolean
  readonly prefix: string
}

export const DEFAULT_OUTPUT: OutputOptions = {
  format: 'table', columns: [], sortColumns: [], sortDescending: false, noindent: false, fitWidth: false, printEmpty: false, prefix: '',
}

/** `Replica of`, `replica_of` and `replica-of` name one column; a unit in parentheses may be left out (`ram` = "RAM (MB)"). */
function norm(name: string): string {
  return name.trim().toLowerCase().replace(/\s*\([^)]*\)$/, '').replace(/[\s_-]+/g, '_')
}

/** Indexes of the wanted columns in the command's order; an unknown one is a usage error listing the valid ones. */
export function pickColumns(names: readonly string[], wanted: readonly string[], flag = '-c/--column', hidden: readonly string[] = []): number[] {
  if (wanted.length === 0) return names.map((_, i) => i).filter((i) => !hidden.includes(names[i]!))
  const known = new Map(names.map((n, i) => [norm(n), i]))
  const unknown = wanted.filter((w) => !known.has(norm(w)))
  if (unknown.length > 0) {
    throw new UsageError(`unknown column ${unknown.map((u) => `"${safe(u)}"`).join(', ')} for ${flag}`,
      `valid columns: ${names.map((n) => (/\s/.test(n) ? `"${n}"` : n)).join(', ')}`)
  }
  const chosen = new Set(wanted.map((w) => known.get(norm(w))!))
  return names.map((_, i) => i).filter((i) => chosen.has(i))
}

/** The width a table may take under these options (undefined: not fitted). */
export function tableWidth(o: OutputOptions): number | undefined {
  if (o.maxWidth !== undefined) return o.maxWidth >= 1 ? o.maxWidth : undefined
  if (o.fitWidth) return terminalWidth() ?? (process.stderr.isTTY ? process.stderr.columns : undefined) ?? (Number(process.env.COLUMNS) || 80)
  return terminalWidth()
}

function nothing(v: Value): boolean {
  return v === null || v === undefined || v === ''
}

function compare(x: Value, y: Value): number {
  const a = x instanceof Formatted ? plainValue(x) as Value : x
  const b = y instanceof Formatted ? plainValue(y) as Value : y
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const sa = typeof a === 'string' ? a : JSON.stringify(a)
  const sb = typeof b === 'string' ? b : JSON.stringify(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

/** Sorted by the --sort-column(s), the first deciding first; rows without a value go last either way. */
function sortRows(l: Listing, o: OutputOptions): ReadonlyArray<ReadonlyArray<Value>> {
  if (o.sortColumns.length === 0) return l.rows
  const keys = o.sortColumns.map((s) => pickColumns(l.columns, [s], '--sort-column')[0]!)
  const dir = o.sortDescending ? -1 : 1
  return [...l.rows].sort((x, y) => {
    for (const k of keys) {
      const [a, b] = [x[k], y[k]]
      if (nothing(a) || nothing(b)) {
        if (nothing(a) !== nothing(b)) return nothing(a) ? 1 : -1
        continue
      }
      const d = compare(a, b)
      if (d !== 0) return d * dir
    }
    return 0
  })
}

/** A value as one piece of text: lists joined with `sep`, objects as JSON, booleans true/false, nothing as ''. */
function text(v: Value, sep: string, face: 'human' | 'machine' = 'machine'): string {
  if (v instanceof Formatted) return face === 'human' ? text(v.human as Value, sep, face) : text(v.machine as Value, sep)
  if (Array.isArray(v)) return v.map((x) => text(x as Value, sep, face)).join(sep)
  if (v !== null && typeof v === 'object') return safe(JSON.stringify(v))
  return cellText(v as string | number | boolean | null | undefined)
}

/** The data as JSON: structured values kept, keys the column or field names. */
function plainValue(v: Value): unknown {
  if (v instanceof Formatted) return v.machine ?? null
  return v === undefined ? null : v
}

function json(data: unknown, o: OutputOptions): string {
  return escapeForTerminal(JSON.stringify(data, null, o.noindent ? undefined : 2))
}

function yaml(data: unknown): string {
  const doc = new YAML.Document(data)
  // Strings holding characters a terminal acts on are double-quoted, where \u escapes are YAML.
  YAML.visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && needsEscape(node.value)) node.type = 'QUOTE_DOUBLE'
    },
  })
  return escapeForTerminal(doc.toString().replace(/\n$/, ''))
}

function csvCell(v: Value): string {
  if (typeof v === 'number' || typeof v === 'boolean') return text(v, ',')
  if (v instanceof Formatted && (typeof v.machine === 'number' || typeof v.machine === 'boolean')) return text(v, ',')
  return `"${text(v, ',').replace(/"/g, '""')}"`
}

const CUT_NOTE = (width: number): string => c.dim(`(cells cut with … to fit ${width} columns; --max-width 0 prints them whole)`)

const UUID_LIKE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** A column of ids (UUIDs, with or without dashes, as Trove's tenant ids): the first to give up width in a narrow table. */
function isIdColumn(values: readonly Value[]): boolean {
  const present = values.filter((v) => !nothing(v))
  return present.length > 0 && present.every((v) => typeof v === 'string' && UUID_LIKE.test(v))
}

/** A list in the chosen format ('' when there is nothing to print). */
export function formatList(l: Listing, o: OutputOptions): string {
  if (o.format === 'shell') throw new UsageError('-f shell prints one object; this command lists several', 'use -f value, csv, json or yaml for a list')
  const rows = sortRows(l, o)
  const empty = (l.optional ?? []).filter((col) => {
    const i = l.columns.indexOf(col)
    return rows.every((r) => nothing(r[i] instanceof Formatted ? (r[i] as Formatted).machine as Value : r[i]))
  })
  const idx = pickColumns(l.columns, o.columns, '-c/--column', [...(l.hidden ?? []), ...empty])
  const cols = idx.map((i) => l.columns[i]!)
  const picked = rows.map((r) => idx.map((i) => r[i]))
  switch (o.format) {
    case 'json': return json(picked.map((r) => Object.fromEntries(cols.map((col, j) => [col, plainValue(r[j])]))), o)
    case 'yaml': return yaml(picked.map((r) => Object.fromEntries(cols.map((col, j) => [col, plainValue(r[j])]))))
    case 'value': return picked.map((r) => r.map((v) => text(v, ' ')).join(' ')).join('\n')
    case 'csv': return [cols.map((col) => csvCell(col)).join(','), ...picked.map((r) => r.map(csvCell).join(','))].join('\n')
    default: {
      if (picked.length === 0 && !o.printEmpty) return l.empty ?? ''
      const width = tableWidth(o)
      const draw = (keep: readonly number[]) => {
        const cs = keep.map((j) => cols[j]!)
        const align = keep.map((j) => (typeof picked[0]?.[j] === 'number' ? 'right' as const : 'left' as const))
        // Narrow terminal: ids give up width first, names last.
        const rank = keep.map((j) => (isIdColumn(picked.map((r) => r[j])) ? 0 : norm(cols[j]!) === 'name' ? 2 : 1))
        return drawn(cs, picked.map((r) => keep.map((j) => styled(text(r[j], ', ', 'human')))), {width, align, overflow: 'cut', rank})
      }
      let keep = cols.map((_, j) => j)
      let t = draw(keep)
      // Spare columns (not asked for with -c) go, last first, before other cells are cut.
      const spare = o.columns.length > 0 ? [] : cols.map((col, j) => ((l.spare ?? []).includes(col) ? j : -1)).filter((j) => j >= 0).reverse()
      const left: string[] = []
      for (const j of spare) {
        if (!t.cutBeyondIds) break
        keep = keep.filter((k) => k !== j)
        left.unshift(cols[j]!)
        t = draw(keep)
      }
      const notes = [
        ...(left.length > 0 ? [c.dim(`(${left.join(', ')} left out to fit ${width} columns: -c ${left.map((x) => (/\s/.test(x) ? `"${x}"` : x.toLowerCase())).join(' -c ')} to see ${left.length > 1 ? 'them' : 'it'})`)] : []),
        ...(t.cut && width !== undefined ? [CUT_NOTE(width)] : []),
      ]
      return [t.text, ...notes].join('\n')
    }
  }
}

/** One object in the chosen format. */
export function formatOne(s: Shown, o: OutputOptions): string {
  if (o.format === 'csv') throw new UsageError('-f csv prints a list; this command shows one object', 'use -f shell, value, json or yaml for one object')
  if (o.sortColumns.length > 0) throw new UsageError('--sort-column sorts a list; this command shows one object', 'drop --sort-column')
  const idx = pickColumns(s.map(([k]) => k), o.columns)
  const fields = idx.map((i) => s[i]!)
  switch (o.format) {
    case 'json': return json(Object.fromEntries(fields.map(([k, v]) => [k, plainValue(v)])), o)
    case 'yaml': return yaml(Object.fromEntries(fields.map(([k, v]) => [k, plainValue(v)])))
    case 'value': return fields.map(([, v]) => text(v, ' ')).join('\n')
    case 'shell': return fields.map(([k, v]) => {
      const name = safe(k).toLowerCase().replace(/[\s:-]/g, '_')
      const value = text(v, ',').replace(/[\\"$`]/g, (ch) => `\\${ch}`)
      return `${safe(o.prefix)}${name}="${value}"`
    }).join('\n')
    default: {
      if (fields.length === 0) return ''
      const width = tableWidth(o)
      return drawn(['Field', 'Value'], fields.map(([k, v]) => [k, styled(text(v, '\n', 'human'))]), {width, overflow: 'wrap', floor: 16}).text
    }
  }
}
