/**
 * Progress on stderr for long-running commands (`simulate`, `replay`): a bar
 * rewritten in place on a terminal (every 250 ms), a plain line every 5 s
 * otherwise (logs, CI). `clear()` removes the bar before other output.
 */
export interface ProgressOutput<P> {
  readonly intervalMs: number
  readonly onProgress: (p: P) => void
  /** Remove the bar (before a notice or the summary). */
  clear(): void
}

export function progressOutput<P>(bar: (p: P, columns: number) => string, line: (p: P) => string): ProgressOutput<P> {
  const err = process.stderr
  if (!err.isTTY) return {intervalMs: 5000, onProgress: (p) => err.write(line(p) + '\n'), clear: () => {}}
  let shown = false
  return {
    intervalMs: 250,
    onProgress: (p) => {
      shown = true
      err.write(`\r${bar(p, err.columns)}\u001b[K`)
    },
    clear: () => {
      if (shown) err.write('\r\u001b[K')
      shown = false
    },
  }
}
