// Benchmark: does `tail --json > file` keep up with the fastest publisher?
// A raw amqplib confirm publisher sends `count` real notifications (the
// catalog's wire examples) as fast as the broker confirms them, while
// `bin/run.js tail --json --count N` writes them to a file. Both rates are
// measured from the first publish in the same run; ratio = consumed/s ÷
// published/s (≈ 1 when tail keeps up). Called by bench/run.js; also runnable
// alone: `node bench/tail-rate.js [count]`.
import amqp from 'amqplib'
import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {closeSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {EVENTS} from '../dist/events/catalog.js'
import {exampleMessage} from '../dist/events/export/example.js'

const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'run.js')

function startTail(args, outFd) {
  const env = {...process.env, NO_COLOR: '1'}
  for (const k of ['TROVE_NOTIFY_URL', 'TROVE_NOTIFY_CONFIG', 'DEBUG', 'TROVE_NOTIFY_DEBUG']) delete env[k]
  const child = spawn(process.execPath, [BIN, 'tail', ...args], {env, stdio: ['ignore', outFd, 'pipe']})
  let stderr = ''
  const exited = new Promise((resolve) => child.on('close', (code) => resolve({code, stderr})))
  const ready = new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d
      if (stderr.includes('tailing:')) resolve()
    })
    exited.then((r) => reject(new Error(`tail exited before subscribing (${r.code}): ${r.stderr}`)))
  })
  return {child, ready, exited}
}

export async function benchTailRate({url = 'amqp://guest:guest@127.0.0.1:5672/', count = 50_000} = {}) {
  const id = randomBytes(5).toString('hex')
  const exchange = `tn_bench_ex_${id}`
  const topic = `tn_bench_${id}`
  const dir = mkdtempSync(join(tmpdir(), 'tn-bench-tail-'))
  const outPath = join(dir, 'tail.jsonl')
  const outFd = openSync(outPath, 'w')
  const conn = await amqp.connect(url)
  const ch = await conn.createConfirmChannel()
  try {
    await ch.assertExchange(exchange, 'topic', {durable: false, autoDelete: false})
    const samples = EVENTS.map((e) => {
      const ex = exampleMessage(e)
      return {body: Buffer.from(ex.body), key: `${topic}.${ex.message.priority.toLowerCase()}`}
    })
    const props = {contentType: 'application/json', contentEncoding: 'utf-8', headers: {}, deliveryMode: 2, priority: 0}
    const tail = startTail(['--json', '--count', String(count), '--url', url, '--exchange', exchange, '--topics', topic], outFd)
    await tail.ready

    const t0 = performance.now()
    for (let i = 0; i < count; i++) {
      const s = samples[i % samples.length]
      if (!ch.publish(exchange, s.key, s.body, props)) await new Promise((resolve) => ch.once('drain', resolve))
    }
    await ch.waitForConfirms()
    const publishedMs = performance.now() - t0
    const done = await tail.exited
    const consumedMs = performance.now() - t0
    if (done.code !== 0) throw new Error(`tail failed (${done.code}): ${done.stderr}`)
    const lines = readFileSync(outPath, 'utf8').split('\n').filter(Boolean).length
    if (lines !== count) throw new Error(`tail wrote ${lines} lines, expected ${count}`)
    const published_per_s = Math.round(count / (publishedMs / 1000))
    const consumed_per_s = Math.round(count / (consumedMs / 1000))
    return {published_per_s, consumed_per_s, ratio: Number((consumed_per_s / published_per_s).toFixed(3))}
  } finally {
    closeSync(outFd)
    rmSync(dir, {recursive: true, force: true})
    await ch.deleteExchange(exchange).catch(() => {})
    await conn.close().catch(() => {})
  }
}

/**
 * `tail --check --json --queue QUEUE --count N` over a queue already holding
 * N messages (so tail reads as fast as it can, not as fast as a publisher
 * sends); resolves its wall time in ms (its output goes to /dev/null).
 */
export async function benchTailCheck({url, queue, count}) {
  const outFd = openSync('/dev/null', 'w')
  try {
    const t0 = performance.now()
    const tail = startTail(['--check', '--json', '--queue', queue, '--count', String(count), '--url', url], outFd)
    const done = await tail.exited
    if (done.code !== 0 && done.code !== 1) throw new Error(`tail --check failed (${done.code}): ${done.stderr.slice(-2000)}`)
    return performance.now() - t0
  } finally {
    closeSync(outFd)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const count = process.argv[2] ? Number(process.argv[2]) : undefined
  console.log(await benchTailRate({url: process.env.TROVE_NOTIFY_URL, count}))
}
