/**
 * One socket write per mux round instead of one per frame.
 *
 * amqplib's Mux (lib/mux.js) moves the frames each channel has queued to the
 * socket in `_readIncoming()`, calling `stream.write(chunk)` once per chunk:
 * with a window of published messages that is one write syscall per message
 * (a publish is one chunk: method + header + body frames). Corking the
 * socket for the duration of the round makes Node hand all of them to the
 * kernel in one writev when the round ends.
 *
 * amqplib's internals are not API: the fields are feature-detected and, if
 * any is missing (another amqplib version), nothing is changed.
 */

interface Corkable {
  cork(): void
  uncork(): void
}

interface MuxLike {
  _readIncoming(): void
}

/** Wrap the connection's mux round in cork()/uncork(); returns whether it could. */
export function corkMuxRounds(model: unknown): boolean {
  const connection = (model as {connection?: {muxer?: unknown, stream?: unknown}} | undefined)?.connection
  const mux = connection?.muxer as MuxLike | undefined
  const stream = connection?.stream as Partial<Corkable> | undefined
  if (!mux || typeof mux._readIncoming !== 'function') return false
  if (!stream || typeof stream.cork !== 'function' || typeof stream.uncork !== 'function') return false
  const corkable = stream as Corkable
  const round = mux._readIncoming
  mux._readIncoming = function corkedRound(this: MuxLike): void {
    corkable.cork()
    try {
      round.call(this)
    } finally {
      corkable.uncork()
    }
  }
  return true
}
