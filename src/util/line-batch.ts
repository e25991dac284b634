/**
 * Lines gathered into one write per event-loop turn (or per 64 KiB): on
 * Linux a write to a file or pipe through process.stdout is synchronous, one
 * syscall each, so gathering a turn's lines is what lets a streaming command
 * (`tail --json > file`, `tail --record`) keep up with the fastest publisher.
 * `emit` gets each gathered text.
 */
const FLUSH_AT = 64 * 1024

export class LineBatch {
  private parts: string[] = []
  private size = 0
  private scheduled = false

  constructor(private readonly emit: (text: string) => void, private readonly flushAt = FLUSH_AT) {}

  line(text: string): void {
    this.parts.push(text, '\n')
    this.size += text.length + 1
    if (this.size >= this.flushAt) this.flush()
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
    this.emit(text)
  }
}
