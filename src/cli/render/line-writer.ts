/**
 * Batched line output for streaming commands. On Linux, writes to a file or
 * pipe through process.stdout are synchronous, one syscall each; gathering a
 * tick's lines into one write is what lets `tail --json > file` keep up with
 * the fastest publisher.
 */
import type {Writable} from 'node:stream'

const FLUSH_AT = 64 * 1024

export class LineWriter {
  private parts: string[] = []
  private size = 0
  private scheduled = false

  constructor(private readonly stream: Writable) {}

  line(text: string): void {
    this.parts.push(text, '\n')
    this.size += text.length + 1
    if (this.size >= FLUSH_AT) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  flush(): void {
    this.scheduled = false
    if (this.parts.length === 0) return
    const text = this.parts.join('')
    this.parts = []
    this.size = 0
    this.stream.write(text)
  }
}
