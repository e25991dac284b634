// A 3-node RabbitMQ cluster on this machine (PRIVATE nodes, distinct names
// and ports, joined with join_cluster; started once for this file) with
// quorum queues, as kolla-ansible deploys them. Under `simulate` load:
//   1. the node the publisher is connected to is stopped: the publisher
//      fails over to the next host of the URL, republishes what was not
//      confirmed, and nothing is lost;
//   2. the quorum queues' leader is stopped (the publisher is on another
//      node): a new leader takes over, nothing is lost.
// In both, every confirmed message arrived (distinct message ids), and
// duplicates are at most what was republished. The figures (reconnect time,
// republished, duplicates, confirm latency) are printed as diagnostics.
import assert from 'node:assert/strict'
import amqp from 'amqplib'
import {spawn} from 'node:child_process'
import {after, before, test} from 'node:test'
import {BIN, isolatedEnv} from '../helpers/cli.js'
import {startCluster} from '../helpers/private-broker.js'
import {until} from '../helpers/tail.js'

let cluster
before(async () => { cluster = await startCluster(3) }, {timeout: 240_000})
after(async () => { await cluster?.stop() })

/** Messages waiting on a queue, asked of node `via`. */
async function depth(via, queue) {
  const conn = await amqp.connect(cluster.nodes[via].url)
  try {
    const ch = await conn.createChannel()
    ch.on('error', () => {})
    return (await ch.checkQueue(queue).catch(() => ({messageCount: 0}))).messageCount
  } finally {
    await conn.close().catch(() => {})
  }
}

/** Take every message of the queues through node `via` (consumed in bulk): total and distinct message ids. */
async function drain(via, queues) {
  const conn = await amqp.connect(cluster.nodes[via].url)
  const ch = await conn.createChannel()
  await ch.prefetch(2000)
  const ids = new Set()
  let total = 0
  for (const q of queues) {
    const waiting = (await ch.checkQueue(q)).messageCount
    if (waiting > 0) {
      let got = 0
      let done
      const all = new Promise((resolve) => { done = resolve })
      const {consumerTag} = await ch.consume(q, (m) => {
        ids.add(JSON.parse(JSON.parse(m.content.toString())['oslo.message']).message_id)
        ch.ack(m)
        if (++got === waiting) done()
      })
      await all
      await ch.cancel(consumerTag)
      total += got
    }
    await ch.deleteQueue(q).catch(() => {})
  }
  await conn.close()
  return {total, unique: ids.size}
}

/** The leader of a quorum queue (a node name), asked of node `via`. */
async function leaderOf(queue, via = 0) {
  const rows = JSON.parse(await cluster.nodes[via].ctl('list_queues', 'name', 'leader', '--formatter', 'json'))
  return rows.find((r) => r.name === queue)?.leader
}

/** Start simulate with quorum queues on `url`; resolves {done, stderr()}. */
function simulate(url, topic) {
  const child = spawn(process.execPath, [BIN, 'simulate', '--url', url, '--rabbit-quorum-queue', '--exchange', `tn_${topic}`, '--topics', topic,
    '--duration', '6', '--rate', '300', '--tenants', '12', '--seed', topic, '--json'], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { err += d })
  const done = new Promise((resolve) => child.on('close', (code) => resolve({code, out, err})))
  return {done, stderr: () => err, kill: () => child.kill('SIGKILL')}
}

/** What arrived against what the report confirmed; returns the figures. */
async function lossless(run, via, topic, beforeDrain = async () => {}) {
  const r = await run.done
  await beforeDrain()
  assert.equal(r.code, 0, r.err)
  const n = JSON.parse(r.out).notifications
  assert.equal(n.unconfirmed, 0)
  assert.equal(n.published, n.confirmed)
  const got = await drain(via, [`${topic}.info`, `${topic}.error`])
  assert.equal(got.unique, n.confirmed, `arrived ${got.unique} distinct messages, the report confirmed ${n.confirmed}`)
  const duplicates = got.total - got.unique
  assert.ok(duplicates <= n.duplicates_at_most, `${duplicates} duplicates, at most ${n.duplicates_at_most} reported`)
  return {confirmed: n.confirmed, republished: n.republished, reconnects: n.reconnects, duplicates, report: JSON.parse(r.out)}
}

test('stopping the node the publisher is connected to: it fails over, republishes, loses nothing', {timeout: 180_000}, async (t) => {
  const topic = 'clu_conn'
  // The publisher takes the URL's hosts in order: it is on node 0.
  const run = simulate(cluster.url, topic)
  t.after(() => run.kill())
  // Under load (not at a fixed time): once messages are flowing through node 0.
  await until(async () => await depth(1, `${topic}.info`) >= 150, 60_000, 'messages flowing through node 0')
  await cluster.nodes[0].stopApp()
  await until(() => /reconnected to .* after \d+\.\d s; republishing \d+/.test(run.stderr()), 60_000, 'the reconnect')
  const reconnectS = Number(/reconnected to .* after (\d+\.\d) s/.exec(run.stderr())[1])
  // Node 0 comes back (for the next test) while what arrived is counted through node 1.
  let back
  const f = await lossless(run, 1, topic, async () => { back = cluster.nodes[0].startApp() })
  await back
  assert.ok(f.reconnects >= 1)
  assert.match(run.stderr(), new RegExp(`reconnected to amqp://guest:\\*\\*\\*@127\\.0\\.0\\.1:${cluster.nodes[1].port}/`), 'to the next host of the URL')
  t.diagnostic(`node stop: reconnected ${reconnectS} s after the loss, ` +
    `${f.confirmed} confirmed = arrived, republished ${f.republished}, duplicates ${f.duplicates}, ` +
    `confirm latency p50 ${f.report.confirm_latency_ms.p50} ms p99 ${f.report.confirm_latency_ms.p99} ms`)
})

test('stopping the quorum leader (the publisher on another node): a new leader, nothing lost', {timeout: 180_000}, async (t) => {
  const topic = 'clu_leader'
  // Declare the queues first (as a deployment has them), see where their leader is, and publish through the others.
  const conn = await amqp.connect(cluster.nodes[0].url)
  const ch = await conn.createChannel()
  for (const p of ['info', 'error']) await ch.assertQueue(`${topic}.${p}`, {durable: true, arguments: {'x-queue-type': 'quorum'}})
  await conn.close()
  const leader = await leaderOf(`${topic}.info`)
  const li = cluster.nodes.findIndex((n) => n.node === leader)
  assert.ok(li >= 0, `leader ${leader} is one of ours`)
  const others = [0, 1, 2].filter((i) => i !== li)
  const run = simulate(cluster.urlOf([...others, li]), topic)
  t.after(() => run.kill())
  await until(async () => await depth(others[1], `${topic}.info`) >= 150, 60_000, 'messages flowing')
  await cluster.nodes[li].stopApp()
  let newLeader
  const f = await lossless(run, others[1], topic, async () => { newLeader = await leaderOf(`${topic}.info`, others[0]) })
  assert.notEqual(newLeader, leader, 'another node leads the queue')
  t.diagnostic(`leader stop: ${leader} → ${newLeader}; ${f.confirmed} confirmed = arrived, reconnects ${f.reconnects}, republished ${f.republished}, ` +
    `duplicates ${f.duplicates}, confirm latency p50 ${f.report.confirm_latency_ms.p50} ms p99 ${f.report.confirm_latency_ms.p99} ms max ${f.report.confirm_latency_ms.max ?? '?'} ms`)
})
