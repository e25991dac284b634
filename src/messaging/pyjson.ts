/**
 * JSON text the way Python's `json.dumps` writes it (what oslo.messaging
 * emits): `", "` and `": "` separators and every non-ASCII character, DEL
 * included, escaped as `\uXXXX`. Keys keep their insertion order.
 */

const NON_ASCII = /[\u007f-\uffff]/g

function escapeNonAscii(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')
}

/** A JSON string literal as Python writes it (ensure_ascii=True). */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(NON_ASCII, escapeNonAscii)
}

/** Serialize a JSON value like Python's json.dumps (no indentation). */
export function pyDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return pyString(value)
    case 'number': return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean': return value ? 'true' : 'false'
    case 'object': {
      if (Array.isArray(value)) return '[' + value.map(pyDumps).join(', ') + ']'
      const parts: string[] = []
      for (const [k, v] of Object.entries(value)) {
        if (v === undefined) continue
        parts.push(pyString(k) + ': ' + pyDumps(v))
      }
      return '{' + parts.join(', ') + '}'
    }
    default: return 'null'
  }
}
