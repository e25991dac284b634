/**
 * Text from the wire (or any untrusted source) is stripped of terminal
 * control sequences before it is printed: CSI/OSC/DCS escapes, lone ESC, C0
 * controls (BEL, BS, CR…) and C1 controls. Newlines and tabs become spaces
 * so one message stays on one line.
 */

// ESC [ … final | ESC ] … (BEL | ESC \) | ESC P/X/^/_ … ESC \ | ESC + one char
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[PX^_][^\u001b]*(?:\u001b\\)?|\u001b[@-Z\\-_]?|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u009c]*(?:\u0007|\u009c)?/g
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

export function stripControl(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '').replace(/[\n\t]/g, ' ')
}

/** Any value as a single safe line (objects as JSON). */
export function safe(value: unknown): string {
  if (value === undefined || value === null) return ''
  return stripControl(typeof value === 'string' ? value : JSON.stringify(value))
}
