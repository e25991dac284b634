// replay is lossless across a broker restart, on a PRIVATE RabbitMQ node
// (never the shared one): `rabbitmqctl stop_app` / `start_app` while a
// recording is being replayed; afterwards every message of the recording
// has arrived (durable queues, persistent messages as recorded), duplicates
// at most what the report says was republished, nothing unconfirmed.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import amqp from 'amqplib'
import {startPrivateBroker} from '../helpers/private-broker.js'
import {BIN, isolatedEnv, runCli} from '../helpers/cli.js'
import {readRecording} from '../helpers/recording.js'
import {until} from '../helpers/tail.js'

let broker
before(async () => { broker = await startPrivateBroker() })
after(async () => { await broker?.stop() })

/** Messages waiting on `queue` of the private broker (0 while it is down or the queue does not exist yet). */
async function depth(queue) {
  try {
    const conn = await amqp.connect(broker.url)
    try {
      const ch = await conn.createChannel()
      ch.on('error', () => {})
      return (await ch.checkQueue(queue)).messageCount
    } finally {
      await conn.close().catch(() => {})
    }
  } catch {
    return 0
  }
}

test('a broker restart mid-replay: it reconnects, republishes what was unconfirmed, and every recorded message arrives', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-replay-restart-'))
  const file = join(dir, 'load.jsonl')
  const sim = await runCli(['simulate', '--driver', 'log', '--log-file', file, '--operations', '1200', '--tenants', '10', '--seed', 'restart', '--delay', '0'])
  assert.equal(sim.code, 0, sim.stderr)
  const recorded = readRecording(readFileSync(file, 'utf8'))
  const name = 'tn_replay_restart'
  const child = spawn(process.execPath, [BIN, 'replay', file, '--url', broker.url, '--durable', '--exchange', name, '--topics', name,
    '--rate', String(Math.ceil(recorded.length / 6)), '--json'], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { err += d })
  const closed = new Promise((resolve) => child.on('close', resolve))
  // Restart once a good part has arrived (and well before the end: the rate spreads it over ~6 s).
  await until(async () => (await depth(`${name}.info`)) >= recorded.length / 6, 30_000, 'the replay to be under way')
  await broker.stopApp()
  await broker.startApp()
  const code = await closed
  assert.equal(code, 0, err)
  const report = JSON.parse(out)
  const n = report.notifications
  assert.match(err, /lost; reconnecting/)
  assert.match(err, /reconnected to .*republishing/)
  assert.ok(n.reconnects >= 1)
  assert.equal(n.unconfirmed, 0)
  assert.equal(n.published, recorded.length)
  assert.equal(n.confirmed, recorded.length)
  // What arrived: every recorded message at least once, duplicates at most the reported bound.
  const conn = await amqp.connect(broker.url)
  const ch = await conn.createChannel()
  const seen = new Set()
  let total = 0
  for (const q of [`${name}.info`, `${name}.error`]) {
    for (let m; (m = await ch.get(q, {noAck: true}));) {
      total++
      seen.add(JSON.parse(JSON.parse(m.content.toString())['oslo.message']).message_id)
    }
    await ch.deleteQueue(q).catch(() => {})
  }
  await ch.deleteExchange(name).catch(() => {})
  await conn.close()
  assert.equal(seen.size, recorded.length, `${seen.size} distinct messages arrived of ${recorded.length} recorded`)
  for (const r of recorded) assert.ok(seen.has(r.message.message_id))
  assert.ok(total - seen.size <= n.duplicates_at_most, `${total - seen.size} duplicates, at most ${n.duplicates_at_most} reported`)
})
