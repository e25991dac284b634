/**
 * The deterministic die hook of the fault tests (issue 15):
 * TROVE_NOTIFY_DIE_AT=<point> makes the process SIGKILL itself when it
 * reaches that named point — no sleeps, no races. Unset, `dieAt` costs one
 * comparison. A point may be given as `<point>#<n>`: die the n-th time it
 * is reached (1-based), e.g. `exists-after-claim#2`.
 */
export type DiePoint =
  /** `.start` and the owner record are written, not committed (nothing is left behind). */
  | 'after-start'
  /** `.start`, the owner record and the changes before the work are committed; nothing handed to the broker yet. */
  | 'after-start-committed'
  /** The operation's work is under way (its delay is running; `.start` handed to the broker). */
  | 'during-work'
  /** The work is done; the final state change and `.end` are not committed yet. */
  | 'before-end'
  /** The end (state change, status, `.end`) is committed; nothing of it is sent. */
  | 'after-end-committed'
  /** An outbox transaction committed; its rows are not handed to the broker yet. */
  | 'after-outbox-commit-before-publish'
  /** The broker confirmed a message; its outbox row is not removed yet. */
  | 'after-confirm-before-remove'
  /** An exists run claimed its windows (with their messages in the outbox). */
  | 'exists-after-claim'
  /** An exists run's messages were confirmed. */
  | 'exists-after-confirm'

const [wanted, nth] = (process.env.TROVE_NOTIFY_DIE_AT ?? '').split('#')
const times = nth === undefined ? 1 : Number(nth)
let reached = 0

/** SIGKILL this process if TROVE_NOTIFY_DIE_AT names `point` (and this is the n-th time). */
export function dieAt(point: DiePoint): void {
  if (wanted !== point) return
  if (++reached < times) return
  process.kill(process.pid, 'SIGKILL')
  // The signal may land a moment later: run nothing more (no write, no send) until it does.
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000)
}
