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
import type {Readable} from 'node:stream'
import {StringDecoder} from 'node:string_decoder'
import {createGunzip} from 'node:zlib'
import {UsageError} from '../util/errors.js'
import {decodeLine, type Recorded} from './format.js'

/** How much is read at a time. */
const CHUNK = 1 << 20

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

/** Bytes of a file, gunzipped when it is gzip; `onRaw` counts the bytes read from disk (for progress). */
async function* fileBytes(path: string, onRaw: (n: number) => void): AsyncGenerator<Buffer> {
  const raw = createReadStream(path, {highWaterMark: CHUNK})
  if (!fileIsGzip(path)) {
    for await (const chunk of raw as AsyncIterable<Buffer>) {
      onRaw(chunk.length)
      yield chunk
    }
    return
  }
  raw.on('data', (chunk: string | Buffer) => onRaw(chunk.length))
  yield* raw.pipe(createGunzip({chunkSize: CHUNK})) as AsyncIterable<Buffer>
}

export interface ReaderOptions {
  readonly stdin?: Readable
  /** Told how many bytes were read from the sources (compressed bytes for gzip), for progress. */
  readonly onBytes?: (n: number) => void
}

/**
 * The lines of one source in batches: [first line number, lines]. A last
 * line without a newline is yielded too (a truncated one shows as a bad
 * line); damaged gzip data ends the source with `damaged` set.
 */
export async function* sourceLines(source: string, o: ReaderOptions = {}): AsyncGenerator<{first: number, lines: string[], damaged?: string}> {
  const onRaw = o.onBytes ?? (() => {})
  const bytes = source === '-' ? stdinBytes(o.stdin ?? process.stdin, onRaw) : fileBytes(source, onRaw)
  const decoder = new StringDecoder('utf8')
  let rest = ''
  let next = 1
  try {
    for await (const chunk of bytes) {
      const text = rest + decoder.write(chunk)
      const lines = text.split('\n')
      rest = lines.pop()!
      if (lines.length === 0) continue
      yield {first: next, lines}
      next += lines.length
    }
  } catch (err) {
    const damaged = `the data ends damaged (${String((err as Error).message)}); what came before it was read`
    yield {first: next, lines: rest === '' ? [] : [rest], damaged}
    return
  }
  rest += decoder.end()
  if (rest !== '') yield {first: next, lines: [rest]}
}

/**
 * Every message of the sources, in order, in batches. The first non-blank
 * line of each source decides whether it is a recording: if it is not, this
 * throws a UsageError naming the source (nothing else of it is read).
 * Blank lines are skipped; `\r` before a newline is ignored.
 */
export async function* readRecordings(sources: readonly string[], o: ReaderOptions = {}): AsyncGenerator<RecordingItem[]> {
  for (const source of sources) {
    let seenFirst = false
    for await (const {first, lines, damaged} of sourceLines(source, o)) {
      const out: RecordingItem[] = []
      for (let i = 0; i < lines.length; i++) {
        let text = lines[i]!
        if (text.endsWith('\r')) text = text.slice(0, -1)
        if (text.trim() === '') continue
        const line = first + i
        const d = decodeLine(text)
        if (!seenFirst) {
          seenFirst = true
          if (!d.ok && d.notRecording) {
            throw new UsageError(`${label(source)} is not a recording (line ${line}: ${d.problem})`,
              'give a file written by `tail --record` or `--driver log` (one JSON line per message, see the README)')
          }
        }
        out.push(d.ok ? {kind: 'record', record: d.record, source: label(source), line} : {kind: 'bad', problem: d.problem, source: label(source), line})
      }
      if (damaged) out.push({kind: 'bad', problem: damaged, source: label(source), line: first + lines.length})
      if (out.length > 0) yield out
    }
  }
}

/**
 * Read the first line of every file (stdin is judged as it is read): a file
 * that is not a recording fails here, before anything is published.
 */
export async function checkFirstLines(sources: readonly string[]): Promise<void> {
  for (const source of sources) {
    if (source === '-') continue
    for await (const batch of readRecordings([source])) if (batch.length > 0) break
  }
}
