// quotas and exists survive a broker restart: on a private RabbitMQ node
// (never the shared one), `stop_app` / `start_app` while both run every
// 0.4 s. The runs due while the broker was away are published after the
// reconnect (every run's messages arrive, none is dropped), and the exists
// windows have no gap: each instance's windows still tile from its launch.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {after, before, test} from 'node:test'
import {withWorld} from '../helpers/state.js'
import {drainQueues, queueDepth} from '../helpers/broker.js'
import {BIN, isolatedEnv, runCli, testWorld} from '../helpers/cli.js'
import {startPrivateBroker} from '../helpers/private-broker.js'
import {until} from '../helpers/tail.js'
import {assertTiling, windowsByInstance} from '../helpers/windows.js'

let broker
before(async () => {
  broker = await startPrivateBroker()
})
after(async () => {
  await broker?.stop()
})

/**
 * True once each of `pids` has queued messages in the world's outbox since
 * `since` (ISO time): a run of each came due while the broker was away.
 */
function queuedSince(state, pids, since) {
  return withWorld(state, (world) => {
    const owners = new Set(world.outbox.rows().filter((r) => r.created_at > since).map((r) => Number(r.owner.slice(r.owner.lastIndexOf(':') + 1))))
    return pids.every((pid) => owners.has(pid))
  })
}

/** Start the CLI in the background; `done` resolves with {code, stdout, stderr, json}. */
function start(args) {
  const child = spawn(process.execPath, [BIN, ...args], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => { stdout += d })
  child.stderr.on('data', (d) => { stderr += d })
  const done = new Promise((resolve) => child.on('close', (code) => {
    let json
    try { json = JSON.parse(stdout) } catch { /* not JSON */ }
    resolve({code, stdout, stderr, json})
  }))
  return {done, stdout: () => stdout, stderr: () => stderr, child}
}


test('a broker restart: runs due meanwhile are published after the reconnect, exists windows have no gap', {timeout: 150_000}, async () => {
  const w = testWorld('rhost', 'exists_notification_transformer = nova\n')
  for (const name of ['db1', 'db2']) assert.equal((await runCli(['instance', 'create', name, '2', ...w.args, '--driver', 'noop'])).code, 0)
  const bus = ['--url', broker.url, '--exchange', 'trove_restart', '--topics', 'restart', '--durable', ...w.args, '--json']
  const RUNS = 10
  const exists = start(['exists', '--interval', '0.4', '--count', String(RUNS), ...bus])
  const quotas = start(['quotas', '--interval', '0.4', '--count', String(RUNS), ...bus])
  // A couple of runs of each (3 quotas + 2 exists messages a run) on the queue before the broker goes.
  await until(async () => (await queueDepth(broker.url, 'restart.info')) >= 2 * 5, 30_000, 'two runs of each published')
  await broker.stopApp()
  await until(() => /lost; reconnecting/.test(exists.stderr()) && /lost; reconnecting/.test(quotas.stderr()), 10_000, 'both lose the broker')
  const lost = new Date().toISOString()
  // The broker stays away until a run of each came due meanwhile (its messages wait in the outbox).
  await until(() => queuedSince(w.state, [exists.child.pid, quotas.child.pid], lost), 30_000, 'a run of each due while the broker is away')
  const due = Date.now()
  await broker.startApp()
  const [e, q] = await Promise.all([exists.done, quotas.done])
  assert.equal(e.code, 0, e.stderr)
  assert.equal(q.code, 0, q.stderr)
  for (const r of [e, q]) {
    assert.match(r.stderr, /reconnected to amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\/ after \d+\.\d s; republishing \d+ unconfirmed message\(s\)/)
    assert.equal(r.json.runs.length, RUNS)
    assert.equal(r.json.confirmed, r.json.published)
    // A run came due while the broker was away (on the 0.4 s grid, once it was lost), and it is confirmed: after the restart.
    assert.ok(r.json.runs.some((run) => Date.parse(run.at) >= Date.parse(lost) - 400 && Date.parse(run.at) <= due), 'a run came due while the broker was away')
  }

  const got = (await drainQueues(broker.url, ['restart.info'])).messages
  const quotaRuns = new Set(got.filter((m) => m.event_type === 'dbaas.quotas').map((m) => m._context_request_id))
  assert.equal(quotaRuns.size, RUNS, 'every quotas run arrived')
  assert.equal(got.filter((m) => m.event_type === 'dbaas.quotas').length, RUNS * 3)
  const existsRuns = new Set(got.filter((m) => m.event_type === 'trove.instance.exists').map((m) => m._context_request_id))
  assert.equal(existsRuns.size, RUNS, 'every exists run arrived')

  const instances = withWorld(w.state, (world) => world.instances.live())
  const windows = windowsByInstance(got)
  const end = Date.parse(e.json.runs.at(-1).at)
  for (const inst of instances) assertTiling(windows.get(inst.id), Date.parse(inst.launched_at), end, inst.name)
})
