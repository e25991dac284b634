/**
 * JSON text the way Python's `json.dumps` writes it (what oslo.messaging
 * emits): `", "` and `": "` separators and every non-ASCII character, DEL
 * included, escaped as `\uXXXX`. Keys keep their insertion order.
 *
 * Every notification is encoded twice (the inner message, then the envelope
 * holding it as a string), so this is on simulate's hot path: non-ASCII is
 * escaped in one pass over the finished text, and object keys (a small,
 * fixed set) are encoded once.
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

/** Encoded keys with their separator (`"key": `, non-ASCII still raw); keys are few and repeat in every message. */
const KEY_CACHE = new Map<string, string>()

function rawKey(k: string): string {
  let out = KEY_CACHE.get(k)
  if (out === undefined) {
    out = JSON.stringify(k) + ': '
    if (KEY_CACHE.size < 10_000) KEY_CACHE.set(k, out)
  }
  return out
}

/** The text with Python's separators; non-ASCII characters are escaped afterwards, in one pass over the whole. */
function dump(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return JSON.stringify(value)
    case 'number': return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean': return value ? 'true' : 'false'
    case 'object': {
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ', ' : '') + dump(value[i])
        return out + ']'
      }
      let out = '{'
      let first = true
      const record = value as Record<string, unknown>
      for (const k of Object.keys(record)) {
        const v = record[k]
        if (v === undefined) continue
        out += (first ? '' : ', ') + rawKey(k) + dump(v)
        first = false
      }
      return out + '}'
    }
    default: return 'null'
  }
}

/**
 * Serialize a JSON value like Python's json.dumps (no indentation). Non-ASCII
 * characters can only appear inside string literals, so escaping them in the
 * finished text is the same as escaping each string.
 */
export function pyDumps(value: unknown): string {
  const text = dump(value)
  return HAS_NON_ASCII.test(text) ? text.replace(NON_ASCII, escapeNonAscii) : text
}

/*
 * The envelope holds the inner message as a JSON string: `JSON.stringify(pyDumps(m))`.
 * pyDumps' text is ASCII without control characters, so quoting it only puts a
 * backslash before each `"` and `\`. pyDumpsQuoted builds that quoted text in
 * one pass instead of three (dump, the non-ASCII pass, JSON.stringify of ~1 KB):
 * a string with nothing to escape (ids, names, times: nearly all) becomes
 * `\"…\"` as it is; any other string goes through pyString and then gets the
 * outer backslashes. Keys are cached in their quoted form.
 */

/** Characters that need any escaping at either level (`"`, `\`, controls, DEL and non-ASCII). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u007f-\uffff]/

/** A pyString literal as it appears inside the quoted envelope. */
function quotedString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '\\"' + s + '\\"'
  return pyString(s).replace(/["\\]/g, '\\$&')
}

/** Quoted keys with their separator (`\"key\": `). */
const QUOTED_KEY_CACHE = new Map<string, string>()

function quotedKey(k: string): string {
  let out = QUOTED_KEY_CACHE.get(k)
  if (out === undefined) {
    out = quotedString(k) + ': '
    if (QUOTED_KEY_CACHE.size < 10_000) QUOTED_KEY_CACHE.set(k, out)
  }
  return out
}

function dumpQuoted(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return quotedString(value)
    case 'number': return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean': return value ? 'true' : 'false'
    case 'object': {
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) out += (i > 0 ? ', ' : '') + dumpQuoted(value[i])
        return out + ']'
      }
      let out = '{'
      let first = true
      const record = value as Record<string, unknown>
      for (const k of Object.keys(record)) {
        const v = record[k]
        if (v === undefined) continue
        out += (first ? '' : ', ') + quotedKey(k) + dumpQuoted(v)
        first = false
      }
      return out + '}'
    }
    default: return 'null'
  }
}

/** `JSON.stringify(pyDumps(value))`, built in one pass (see above). */
export function pyDumpsQuoted(value: unknown): string {
  return '"' + dumpQuoted(value) + '"'
}
