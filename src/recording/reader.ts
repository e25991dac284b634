/**
 * Reading recordings as a stream, never whole: files one after another (or
 * `-` for stdin), gzip recognised by its magic bytes (so `.gz` files, and a
 * gzipped stdin, are read as they are), split into lines, each decoded.
 * Yields batches (one per chunk read) so a reader of millions of lines pays
 * no per-line await. A source whose first line is not a recording at all
 * fails with one usage error; a bad line later on is yielded as `bad`, named
 * by source and line number, for the caller to report and skip.
 */
import {closeSync, openSync, readSync, statSync} from 'node:fs'
import {createReadStream} from 'node:fs'
import {open} from 'node:fs/promises'
import type {Readable} from 'node:stream'
import {createGunzip} from 'node:zlib'
import {UsageError} from '../util/errors.js'
import {decodeCanonical} from './fast-line.js'
import {type DecodeOptions, decodeLine, type Recorded} from '../messaging/recording.js'

/** How much is read at a time (a Buffer outside the JS heap; lines are decoded from it one by one). */
const CHUNK = 256 * 1024
/** A line is kept up to this long (a notification is a few KiB; a longer line is a bad one). */
const MAX_LINE = 16 << 20

export type RecordingItem =
  | {readonly kind: 'record', readonly record: Recorded, readonly source: string, readonly line: number}
  | {readonly kind: 'bad', readonly problem: string, readonly source: string, readonly line: number}

/** `-` is stdin. */
function label(source: string): string {
  return source === '-' ? '(stdin)' : source
}

/** Check that every file can be read before anything is done with any (a usage error otherwise). */
export function checkSources(sources: readonly string[]): {totalBytes?: number} {
  if (sources.length === 0) throw new UsageError('no recording given', 'name one or more files (or - for stdin), e.g. trove-notify replay capture.jsonl')
  if (sources.filter((s) => s === '-').length > 1) throw new UsageError('stdin (-) given more than once', 'name - once')
  let total: number | undefined = 0
  for (const s of sources) {
    if (s === '-') {
      total = undefined
      continue
    }
    let size: number
    try {
      const st = statSync(s)
      if (st.isDirectory()) throw new UsageError(`${s} is a directory`, `name the recordings in it, e.g. ${s}/*.jsonl`)
      size = st.size
      closeSync(openSync(s, 'r'))
    } catch (err) {
      if (err instanceof UsageError) throw err
      const code = (err as NodeJS.ErrnoException).code
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String((err as Error).message)
      throw new UsageError(`cannot read ${s}: ${why}`, 'name an existing recording (written by tail --record or --driver log)')
    }
    if (total !== undefined) total += size
  }
  return {totalBytes: total}
}

/** Does a file start with the gzip magic bytes? */
function fileIsGzip(path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const b = Buffer.alloc(2)
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b
  } finally {
    closeSync(fd)
  }
}

/** Bytes of stdin, gunzipped when they start with the gzip magic. */
async function* stdinBytes(stdin: Readable, onRaw: (n: number) => void): AsyncGenerator<Buffer> {
  const it = stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const first = await it.next()
  if (first.done) return
  const head = first.value
  if (!(head[0] === 0x1f && head[1] === 0x8b)) {
    onRaw(head.length)
    yield head
    for (let r = await it.next(); !r.done; r = await it.next()) {
      onRaw(r.value.length)
      yield r.value
    }
    return
  }
  const gunzip = createGunzip()
  const feed = async (): Promise<void> => {
    onRaw(head.length)
    if (!gunzip.write(head)) await new Promise((resolve) => gunzip.once('drain', resolve))
    for (let r = await it.next(); !r.done; r = await it.next()) {
      onRaw(r.value.length)
      if (!gunzip.write(r.value)) await new Promise((resolve) => gunzip.once('drain', resolve))
    }
    gunzip.end()
  }
  feed().catch((err) => gunzip.destroy(err))
  yield* gunzip as AsyncIterable<Buffer>
}

/**
 * Bytes of a file, gunzipped when it is gzip; `onRaw` counts the bytes read
 * from disk (for progress). A plain file is read into one buffer, reused:
 * each chunk is valid until the next one is asked for.
 */
async function* fileBytes(path: string, onRaw: (n: number) => void): AsyncGenerator<Buffer> {
  if (!fileIsGzip(path)) {
    const fh = await open(path, 'r')
    try {
      const buf = Buffer.allocUnsafe(CHUNK)
      for (;;) {
        const {bytesRead} = await fh.read(buf, 0, CHUNK, null)
        if (bytesRead === 0) return
        onRaw(bytesRead)
        yield buf.subarray(0, bytesRead)
      }
    } finally {
      await fh.close()
    }
  }
  const raw = createReadStream(path, {highWaterMark: CHUNK})
  raw.on('data', (chunk: string | Buffer) => onRaw(chunk.length))
  yield* raw.pipe(createGunzip({chunkSize: CHUNK})) as AsyncIterable<Buffer>
}

export interface ReaderOptions {
  readonly stdin?: Readable
  /** Told how many bytes were read from the sources (compressed bytes for gzip), for progress. */
  readonly onBytes?: (n: number) => void
}

/**
 * Lines of one chunk read, as byte ranges of `bytes` (not decoded yet:
 * `itemsOf` decodes them one at a time, so only the line in hand is a
 * string — the chunk itself is one Buffer outside the JS heap). `bytes` is
 * valid until the next batch is asked for (its buffer is reused).
 */
export interface LineBatch {
  readonly source: string
  /** Line number of the first line. */
  readonly first: number
  readonly bytes: Buffer
  /** [start, end) of each line in `bytes`, without the newline. */
  readonly ranges: Int32Array
  /** The source's data ended damaged after these lines. */
  readonly damaged?: string
}

/** The text of line `i` of a batch, a `\r` before its newline dropped. */
export function lineText(b: LineBatch, i: number): string {
  const start = b.ranges[2 * i]!
  let end = b.ranges[2 * i + 1]!
  if (end > start && b.bytes[end - 1] === 13) end--
  return b.bytes.toString('utf8', start, end)
}

function rangesOf(buf: Buffer, from: number, to: number): Int32Array {
  const out: number[] = []
  let start = from
  for (let nl = buf.indexOf(10, start); nl >= 0 && nl < to; nl = buf.indexOf(10, start)) {
    out.push(start, nl)
    start = nl + 1
  }
  if (start < to) out.push(start, to)
  return Int32Array.from(out)
}

/**
 * The lines of one source in batches, one per chunk read. A line cut by a
 * chunk's end is joined with the rest of it; a last line without a newline
 * is yielded too (a truncated one shows as a bad line); damaged gzip data
 * ends the source with `damaged` set.
 */
export async function* sourceLines(source: string, o: ReaderOptions = {}): AsyncGenerator<LineBatch> {
  const onRaw = o.onBytes ?? (() => {})
  const bytes = source === '-' ? stdinBytes(o.stdin ?? process.stdin, onRaw) : fileBytes(source, onRaw)
  const name = label(source)
  let rest: Buffer | undefined
  let next = 1
  const batch = (buf: Buffer, ranges: Int32Array, damaged?: string): LineBatch => {
    const b = {source: name, first: next, bytes: buf, ranges, damaged}
    next += ranges.length / 2
    return b
  }
  try {
    for await (const chunk of bytes) {
      let from = 0
      if (rest) {
        const nl = chunk.indexOf(10)
        if (nl < 0) {
          // A line longer than any message: keep its start (it shows as a bad line), drop the rest of it.
          if (rest.length < MAX_LINE) rest = Buffer.concat([rest, chunk.subarray(0, MAX_LINE - rest.length)])
          continue
        }
        // (Buffer.concat copies: the joined line does not depend on the chunk's buffer.)
        const joined = Buffer.concat([rest, chunk.subarray(0, Math.max(0, Math.min(nl, MAX_LINE - rest.length)))])
        rest = undefined
        yield batch(joined, Int32Array.of(0, joined.length))
        from = nl + 1
      }
      // (The chunk's buffer may be reused for the next read: what is kept of it is copied.)
      const last = chunk.lastIndexOf(10)
      if (last < from) {
        rest = Buffer.from(chunk.subarray(from, from + MAX_LINE))
        continue
      }
      if (last + 1 < chunk.length) rest = Buffer.from(chunk.subarray(last + 1, last + 1 + MAX_LINE))
      yield batch(chunk, rangesOf(chunk, from, last + 1))
    }
  } catch (err) {
    yield batch(rest ?? Buffer.alloc(0), rest ? Int32Array.of(0, rest.length) : new Int32Array(0),
      `the data ends damaged (${String((err as Error).message)}); what came before it was read`)
    return
  }
  if (rest) yield batch(rest, Int32Array.of(0, rest.length))
}

/**
 * The sources' lines, in order, in batches. The first non-blank line of each
 * source decides whether it is a recording: if it is not, this throws a
 * UsageError naming the source (nothing else of it is read).
 */
export async function* readBatches(sources: readonly string[], o: ReaderOptions = {}): AsyncGenerator<LineBatch> {
  for (const source of sources) {
    let seenFirst = false
    for await (const b of sourceLines(source, o)) {
      for (let i = 0; !seenFirst && i < b.ranges.length / 2; i++) {
        const text = lineText(b, i)
        if (text.trim() === '') continue
        seenFirst = true
        const d = decodeLine(text)
        if (!d.ok && d.notRecording) {
          throw new UsageError(`${b.source} is not a recording (line ${b.first + i}: ${d.problem})`,
            'give a file written by `tail --record` or `--driver log` (one JSON line per message, see the README)')
        }
      }
      yield b
    }
  }
}

/**
 * The messages of a batch, decoded one at a time as they are asked for (so
 * only the one in hand is alive: memory stays flat). Blank lines are skipped.
 */
export function* itemsOf(b: LineBatch, opts: DecodeOptions = {}): Generator<RecordingItem> {
  const n = b.ranges.length / 2
  const time = opts.time !== false
  for (let i = 0; i < n; i++) {
    const start = b.ranges[2 * i]!
    let end = b.ranges[2 * i + 1]!
    if (end > start && b.bytes[end - 1] === 13) end--
    // The lines trove-notify writes, straight from their bytes; anything else through decodeLine.
    const fast = decodeCanonical(b.bytes, start, end, time)
    if (fast) {
      yield {kind: 'record', record: fast, source: b.source, line: b.first + i}
      continue
    }
    const text = lineText(b, i)
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) continue
    const line = b.first + i
    const d = decodeLine(text, opts)
    yield d.ok ? {kind: 'record', record: d.record, source: b.source, line} : {kind: 'bad', problem: d.problem, source: b.source, line}
  }
  if (b.damaged) yield {kind: 'bad', problem: b.damaged, source: b.source, line: b.first + n}
}

/** Every message of the sources, in order, a batch (one chunk read) at a time (readBatches, decoded). */
export async function* readRecordings(sources: readonly string[], o: ReaderOptions = {}): AsyncGenerator<RecordingItem[]> {
  for await (const batch of readBatches(sources, o)) {
    const items = [...itemsOf(batch)]
    if (items.length > 0) yield items
  }
}

/**
 * Read the first line of every file (stdin is judged as it is read): a file
 * that is not a recording fails here, before anything is published.
 */
export async function checkFirstLines(sources: readonly string[]): Promise<void> {
  for (const source of sources) {
    if (source === '-') continue
    for await (const batch of readBatches([source])) if (batch.ranges.length > 0) break
  }
}
