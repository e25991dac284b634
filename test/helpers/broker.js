// Test helpers for the real RabbitMQ on 127.0.0.1:5672: every test gets its
// own exchange and topic (so its own queues), reads back what arrived, and
// deletes what it declared.
import amqp from 'amqplib'
import {randomBytes} from 'node:crypto'

export const BROKER_URL = process.env.TROVE_NOTIFY_TEST_URL ?? 'amqp://guest:guest@127.0.0.1:5672/'

/** A private exchange + topic for one test, with helpers to read and clean up. */
export async function privateBus(label = 't') {
  const id = `${label}_${randomBytes(5).toString('hex')}`
  const exchange = `tn_ex_${id}`
  const topic = `tn_topic_${id}`
  const conn = await amqp.connect(BROKER_URL)
  const ch = await conn.createChannel()
  const queues = new Set([`${topic}.info`, `${topic}.error`])
  return {
    exchange,
    topic,
    /** CLI flags that route a command to this bus. */
    args: ['--exchange', exchange, '--topics', topic],
    conn,
    ch,
    /** Every message now waiting on `<topic>.<priority>` (taken), decoded. */
    async take(priority = 'info') {
      const out = []
      const q = `${topic}.${priority}`
      queues.add(q)
      // A failed passive declare closes its channel (404), so probe on a throwaway one.
      const probe = await conn.createChannel()
      probe.on('error', () => {})
      try {
        await probe.checkQueue(q)
        await probe.close()
      } catch {
        return out // never declared: nothing was published there
      }
      for (;;) {
        const m = await ch.get(q, {noAck: true})
        if (!m) break
        out.push(decodeMessage(m))
      }
      return out
    },
    /** Both queues, info then error, as [{priority, message}] in arrival order per queue. */
    async takeAll() {
      const info = await this.take('info')
      const error = await this.take('error')
      return {info, error, all: [...info, ...error]}
    },
    async cleanup() {
      for (const q of queues) await ch.deleteQueue(q).catch(() => {})
      await ch.deleteExchange(exchange).catch(() => {})
      await conn.close().catch(() => {})
    },
  }
}

/**
 * Take every message waiting on `queues` of the broker at `url`; with
 * `remove`, delete the queues (and `exchange`) afterwards. Resolves
 * {total, unique, messages, byQueue}: `messages` the inner messages, each
 * message_id once (a republished duplicate dropped), in arrival order;
 * `byQueue` the same per queue.
 */
export async function drainQueues(url, queues, {remove = false, exchange} = {}) {
  const conn = await amqp.connect(url)
  const ch = await conn.createChannel()
  const seen = new Set()
  const messages = []
  const byQueue = {}
  let total = 0
  for (const q of queues) {
    byQueue[q] = []
    for (;;) {
      const m = await ch.get(q, {noAck: true})
      if (!m) break
      total++
      const {message} = decodeMessage(m)
      if (seen.has(message.message_id)) continue
      seen.add(message.message_id)
      messages.push(message)
      byQueue[q].push(message)
    }
    if (remove) await ch.deleteQueue(q).catch(() => {})
  }
  if (remove && exchange) await ch.deleteExchange(exchange).catch(() => {})
  await conn.close()
  return {total, unique: seen.size, messages, byQueue}
}

/** How many messages wait on `queue` now (0 while it does not exist yet). */
export async function queueDepth(url, queue) {
  const conn = await amqp.connect(url)
  try {
    const ch = await conn.createChannel()
    ch.on('error', () => {})
    return (await ch.checkQueue(queue)).messageCount
  } catch {
    return 0
  } finally {
    await conn.close().catch(() => {})
  }
}

/** A raw AMQP message → {properties, fields, envelope, message (inner, parsed), body}. */
export function decodeMessage(m) {
  const body = m.content.toString('utf8')
  let envelope
  let message
  try {
    envelope = JSON.parse(body)
    message = typeof envelope['oslo.message'] === 'string' ? JSON.parse(envelope['oslo.message']) : envelope
  } catch {
    envelope = undefined
  }
  return {properties: m.properties, fields: m.fields, body, envelope, message}
}

/**
 * Private buses made on demand by the tests of a file: `bus(label)` makes
 * one, `cleanup()` (in an `after` hook) deletes them all.
 */
export function busPool() {
  const made = []
  return {
    async bus(label) {
      const b = await privateBus(label)
      made.push(b)
      return b
    },
    async cleanup() {
      for (const b of made.splice(0)) await b.cleanup()
    },
  }
}
