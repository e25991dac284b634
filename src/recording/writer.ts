/**
 * Writing a recording: lines gathered per event-loop turn into one write
 * (so recording keeps up with a fast stream), with the stream's backpressure
 * honoured, and `close()` resolving only when every line has been handed to
 * the operating system — so `--count`, `--timeout` and Ctrl-C end a
 * recording with every line in it.
 */
import {createWriteStream, openSync} from 'node:fs'
import type {Writable} from 'node:stream'
import {UsageError, UserError} from '../util/errors.js'
import {LineBatch} from '../util/line-batch.js'
import {encodeLine, type LineParts} from '../messaging/recording.js'

const FLUSH_AT = 256 * 1024

export class RecordingWriter {
  private readonly batch: LineBatch
  private failure?: Error
  private drained: Promise<void> = Promise.resolve()
  private waiting = false
  /** Lines written so far. */
  lines = 0

  /** `closeStream`: end the stream on close (a file we opened; not stdout). */
  constructor(private readonly stream: Writable, private readonly closeStream: boolean, private readonly name = 'the recording') {
    stream.on('error', (err) => {
      this.failure ??= new UserError(`cannot write ${name}: ${err.message}`, 'record to a path in a directory you can write to, with space left')
    })
    this.batch = new LineBatch((text) => this.emit(text), FLUSH_AT)
  }

  /** A writer to FILE (created or truncated: a bad path fails here, before anything runs), or to stdout for `-`. */
  static open(target: string): RecordingWriter {
    if (target === '-') return new RecordingWriter(process.stdout, false, 'the recording (stdout)')
    let fd: number
    try {
      fd = openSync(target, 'w')
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      const why = e.code === 'ENOENT' ? 'no such directory' : e.code === 'EACCES' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a directory' : e.message
      throw new UsageError(`cannot write the recording to ${target}: ${why}`, 'give --record a file in a directory you can write to (or - for stdout)')
    }
    return new RecordingWriter(createWriteStream(target, {fd}), true, target)
  }

  /** Throws the write error, if the stream failed. */
  check(): void {
    if (this.failure) throw this.failure
  }

  write(parts: LineParts): void {
    this.writeLine(encodeLine(parts))
  }

  /** One line already encoded (without the newline). */
  writeLine(line: string): void {
    this.lines++
    this.batch.line(line)
  }

  /** Hand what is gathered to the stream. */
  flush(): void {
    this.batch.flush()
  }

  /** One gathered text to the stream; a full buffer makes capacity() wait for 'drain'. */
  private emit(text: string): void {
    if (this.failure) return
    if (!this.stream.write(text) && !this.waiting) {
      this.waiting = true
      this.drained = new Promise((resolve) => this.stream.once('drain', () => {
        this.waiting = false
        resolve()
      }))
    }
  }

  /** Resolves when the stream can take more (backpressure for a fast producer). */
  capacity(): Promise<void> {
    return this.drained
  }

  private closed?: Promise<void>

  /** Flush, wait until everything is written, end the stream if it is ours; throws a write error. Idempotent. */
  close(): Promise<void> {
    this.closed ??= this.end()
    return this.closed
  }

  private async end(): Promise<void> {
    this.flush()
    if (this.closeStream) {
      await new Promise<void>((resolve) => {
        if (this.failure) return resolve()
        this.stream.once('error', () => resolve())
        this.stream.end(resolve)
      })
    } else if (!this.failure && this.stream.writableNeedDrain) {
      await Promise.race([this.drained, new Promise<void>((resolve) => this.stream.once('error', () => resolve()))])
    }
    this.check()
  }
}
