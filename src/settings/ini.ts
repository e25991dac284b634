/**
 * A small INI reader for trove.conf-style files: `[section]`, `key = value`,
 * `#`/`;` comments, continuation lines indented under a key (oslo.config's
 * multi-line values). Section and key names are kept as written.
 */

export type Ini = Record<string, Record<string, string>>

export class IniError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`)
  }
}

export function parseIni(text: string): Ini {
  const out: Ini = {DEFAULT: {}}
  let section = 'DEFAULT'
  let lastKey: string | undefined
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue
    if (/^\s/.test(raw) && lastKey !== undefined) {
      out[section]![lastKey] += '\n' + line
      continue
    }
    const sec = /^\[([^\]]+)\]$/.exec(line)
    if (sec) {
      section = sec[1]!.trim()
      out[section] ??= {}
      lastKey = undefined
      continue
    }
    const eq = line.search(/[=:]/)
    if (eq <= 0) throw new IniError(i + 1, `expected "key = value" or "[section]", got "${line.slice(0, 60)}"`)
    lastKey = line.slice(0, eq).trim()
    out[section]![lastKey] = line.slice(eq + 1).trim()
  }
  return out
}
