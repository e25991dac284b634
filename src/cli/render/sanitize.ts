/**
 * Text from the wire or the state store is untrusted: before it reaches a
 * terminal it is stripped of everything that is not plain text.
 *   - escape sequences: CSI (ESC [ …, U+009B …), OSC (ESC ] …, U+009D …; e.g.
 *     window titles, OSC 52 clipboard writes), DCS/SOS/PM/APC (ESC P/X/^/_ …),
 *     and a lone ESC with the character it introduces;
 *   - C0 controls (BEL, BS, CR…), DEL and C1 controls (U+0080–U+009F);
 *   - bidirectional overrides, embeddings and isolates (U+202A–U+202E,
 *     U+2066–U+2069), which make text read differently from what it is.
 * Newlines, tabs and line/paragraph separators become spaces, so one value
 * stays on one line. Machine output (JSON, YAML) keeps the data and escapes
 * the same characters instead (`escapeForTerminal`).
 */

// ESC [ … final | ESC ] … (BEL | ST) | ESC P/X/^/_ … ST | ESC + one char | CSI (U+009B) | OSC (U+009D) | DCS/SOS/PM/APC (U+0090/98/9E/9F)
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[PX^_][^\u001b\u009c]*(?:\u001b\\|\u009c)?|\u001b[ -~]?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c\u001b]*(?:\u0007|\u009c|\u001b\\)?|[\u0090\u0098\u009e\u009f][^\u009c\u001b]*(?:\u009c|\u001b\\)?/g
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
const LINE_BREAKS = /[\n\t\u2028\u2029]/g

/** The text with every control sequence and control character removed, on one line. */
export function stripControl(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '').replace(LINE_BREAKS, ' ')
}

/** Any value as a single safe line (objects as JSON). */
export function safe(value: unknown): string {
  if (value === undefined || value === null) return ''
  return stripControl(typeof value === 'string' ? value : JSON.stringify(value) ?? String(value))
}

/** Characters a terminal acts on that JSON.stringify and YAML leave as they are. */
const UNESCAPED = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** True when a string holds a character `escapeForTerminal` rewrites. */
export function needsEscape(text: string): boolean {
  UNESCAPED.lastIndex = 0
  return UNESCAPED.test(text)
}

/**
 * JSON (or double-quoted YAML) text safe for any terminal: DEL, C1 controls,
 * line separators and bidi controls written as \uXXXX escapes, so the text
 * is still valid and decodes to the same data.
 */
export function escapeForTerminal(text: string): string {
  return text.replace(UNESCAPED, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'))
}
