/**
 * JSON text the way Python's `json.dumps` writes it (what oslo.messaging
 * emits): `", "` and `": "` separators and every non-ASCII character, DEL
 * included, escaped as `\uXXXX`. Keys keep their insertion order.
 *
 * Two forms share one walker (`dumpWith`), differing only in how strings
 * and keys are written:
 * - `pyDumps`: the text itself (non-ASCII escaped in one pass over the
 *   finished text);
 * - `pyDumpsQuoted`: that text quoted as a JSON string, which is what the
 *   messagingv2 envelope holds (`JSON.stringify(pyDumps(m))`), built in one
 *   pass — every notification is encoded this way, on simulate's hot path.
 * Object keys (a small, fixed set) are encoded once per form.
 */

const NON_ASCII = /[\u007f-\uffff]/g
const HAS_NON_ASCII = /[\u007f-\uffff]/

function escapeNonAscii(c: string): string {
  return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')
}

/** A JSON string literal as Python writes it (ensure_ascii=True). */
export function pyString(s: string): string {
  const json = JSON.stringify(s)
  return HAS_NON_ASCII.test(json) ? json.replace(NON_ASCII, escapeNonAscii) : json
}

/** How one form writes a string value, and a key with its `: ` separator. */
interface StringForm {
  readonly string: (s: string) => string
  readonly key: (k: string) => string
}

/** A key encoder that remembers what it wrote (keys are few and repeat in every message). */
function cachedKeys(encode: (k: string) => string): (k: string) => string {
  const cache = new Map<string, string>()
  return (k) => {
    let out = cache.get(k)
    if (out === undefined) {
      out = encode(k) + ': '
      if (cache.size < 10_000) cache.set(k, out)
    }
    return out
  }
}

/** The JSON text with Python's separators, strings and keys written by `form`. */
function dumpWith(value: unknown, form: StringForm): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return form.string(value)
    case 'number': return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean': return value ? 'true' : 'false'
    case 'object': {
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ', ' : '') + dumpWith(value[i], form)
        return out + ']'
      }
      let out = '{'
      let first = true
      const record = value as Record<string, unknown>
      for (const k of Object.keys(record)) {
        const v = record[k]
        if (v === undefined) continue
        out += (first ? '' : ', ') + form.key(k) + dumpWith(v, form)
        first = false
      }
      return out + '}'
    }
    default: return 'null'
  }
}

/** Plain form: non-ASCII is left raw here and escaped afterwards, in one pass over the whole text. */
const PLAIN: StringForm = {string: (s) => JSON.stringify(s), key: cachedKeys((k) => JSON.stringify(k))}

/**
 * Serialize a JSON value like Python's json.dumps (no indentation). Non-ASCII
 * characters can only appear inside string literals, so escaping them in the
 * finished text is the same as escaping each string.
 */
export function pyDumps(value: unknown): string {
  const text = dumpWith(value, PLAIN)
  return HAS_NON_ASCII.test(text) ? text.replace(NON_ASCII, escapeNonAscii) : text
}

/** Characters that need any escaping at either level (`"`, `\`, controls, DEL and non-ASCII). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/

/**
 * A pyString literal as it appears inside the quoted envelope. pyDumps' text
 * is ASCII without control characters, so quoting it only puts a backslash
 * before each `"` and `\`: a string with nothing to escape (ids, names,
 * times: nearly all) becomes `\"…\"` as it is.
 */
function quotedString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '\\"' + s + '\\"'
  return pyString(s).replace(/["\\]/g, '\\$&')
}

const QUOTED: StringForm = {string: quotedString, key: cachedKeys(quotedString)}

/** `JSON.stringify(pyDumps(value))`, built in one pass. */
export function pyDumpsQuoted(value: unknown): string {
  return '"' + dumpWith(value, QUOTED) + '"'
}
