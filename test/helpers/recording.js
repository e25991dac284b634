// Reading recordings (tail --record, --driver log) in tests: each line
// decoded with the CLI's own reader, the body's oslo envelope opened.
import {readFileSync} from 'node:fs'
import {decodeLine} from '../../dist/messaging/recording.js'
import {decodeBody} from '../../dist/messaging/envelope.js'

/** Every line of a recording (text) → {time, timeMs, exchange, routing_key, properties, body (text), message (inner)}. */
export function readRecording(text) {
  return text.split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    const d = decodeLine(line)
    if (!d.ok) throw new Error(`line ${i + 1} is not a recording line (${d.problem}): ${line.slice(0, 120)}`)
    const r = d.record
    const decoded = decodeBody(r.body)
    return {
      time: JSON.parse(line).time, timeMs: r.timeMs, exchange: r.exchange, routing_key: r.routingKey,
      properties: r.properties, body: r.body.toString('utf8'), bodyBytes: r.body, message: decoded.ok ? decoded.message : undefined,
    }
  })
}

/** The inner oslo messages of a recording, each with its routing_key (the shape tests read). */
export function recordedMessages(text) {
  return readRecording(text).map((r) => ({routing_key: r.routing_key, ...r.message}))
}

/** recordedMessages of a file. */
export function recordedFile(path) {
  return recordedMessages(readFileSync(path, 'utf8'))
}
