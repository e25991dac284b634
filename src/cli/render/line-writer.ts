/**
 * Batched line output for streaming commands (src/util/line-batch.ts): a
 * turn's lines in one write to the stream.
 */
import type {Writable} from 'node:stream'
import {LineBatch} from '../../util/line-batch.js'

export class LineWriter extends LineBatch {
  constructor(stream: Writable) {
    super((text) => {
      stream.write(text)
    })
  }
}
