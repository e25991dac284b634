/**
 * A small INI reader for trove.conf-style files: `[section]`, `key = value`,
 * `#`/`;` comments, continuation lines indented under a key (oslo.config's
 * multi-line values). Section and key names are kept as written; every
 * value remembers its line, so a bad value can be named by file and line.
 */

export interface IniEntry {
  readonly value: string
  /** 1-based line of the key. */
  readonly line: number
}

export type Ini = Record<string, Record<string, IniEntry>>

export class IniError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`)
  }
}

export function parseIni(text: string): Ini {
  const out: Ini = {DEFAULT: {}}
  let section = 'DEFAULT'
  let last: {key: string, value: string, line: number} | undefined
  const lines = text.split(/\r?\n/)
  const commit = (): void => {
    if (last) out[section]![last.key] = {value: last.value, line: last.line}
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    if (/^\s/.test(raw) && last !== undefined) {
      last.value += '\n' + line
      continue
    }
    commit()
    last = undefined
    const sec = /^\[([^\]]+)\]$/.exec(line)
    if (sec) {
      section = sec[1]!.trim()
      out[section] ??= {}
      continue
    }
    const eq = line.search(/[=:]/)
    if (eq <= 0) throw new IniError(i + 1, `expected "key = value" or "[section]", got "${line.slice(0, 60)}"`)
    last = {key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), line: i + 1}
  }
  commit()
  return out
}
