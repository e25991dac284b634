// Fault tests (issue 15): the built CLI killed at named points of instance
// create, backup create, cluster create and resize — SIGKILL through the
// deterministic hook TROVE_NOTIFY_DIE_AT, and SIGINT/SIGTERM sent once the
// work's status line is printed (never a sleep) — then the next command
// run, and the world and the wire compared: every committed change has its
// notifications on the queue and nothing on the queue lacks its change,
// every lifecycle ends (.start has .end or .error with its request_id),
// quotas add up (in use = live resources, nothing reserved), no outbox row
// or operation in flight is left. Each case has its own state file and
// its own exchange and queues.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {after, describe, test} from 'node:test'
import {busPool} from '../helpers/broker.js'
import {BIN, isolatedEnv, runCli, tempState} from '../helpers/cli.js'
import {withWorld} from '../helpers/state.js'

const pool = busPool()
after(() => pool.cleanup())

const MEMBERS = ['--instance', 'flavor=2,volume=1', '--instance', 'flavor=2,volume=1', '--instance', 'flavor=2,volume=1']

/** The operations killed: what runs first (setup), then the command killed. */
const OPERATIONS = [
  {name: 'instance create', setup: [], args: ['instance', 'create', 'x', '2', '--size', '1']},
  {name: 'backup create', setup: [['instance', 'create', 'db', '2', '--size', '1']], args: ['backup', 'create', 'db', 'b1']},
  {name: 'cluster create', setup: [], args: ['cluster', 'create', 'shop', 'mongodb', '5.0', ...MEMBERS]},
  {name: 'resize', setup: [['instance', 'create', 'db', '2', '--size', '1']], args: ['instance', 'resize-volume', 'db', '2']},
]

const POINTS = [
  'after-start', 'after-start-committed', 'during-work', 'before-end', 'after-end-committed',
  'after-outbox-commit-before-publish', 'after-outbox-commit-before-publish#2', 'after-confirm-before-remove',
]

/** A case's own world and bus: `cli(args, env)` runs the built CLI on them. */
async function arena(label) {
  const bus = await pool.bus(label)
  const state = tempState()
  const cli = (args, env = {}) => runCli([...args, '--state', state, ...bus.args], {env, timeoutMs: 60_000})
  return {bus, state, cli}
}

/**
 * What arrived, each message once (a message sent again after a kill has
 * the same message_id: counted, not doubled), and the lifecycles by request_id.
 */
async function wire(bus) {
  const {all} = await bus.takeAll()
  const seen = new Map()
  let repeated = 0
  for (const m of all) {
    const id = m.message.message_id
    if (seen.has(id)) {
      assert.deepEqual(m.message, seen.get(id), 'a repeat is the identical message')
      repeated++
    } else seen.set(id, m.message)
  }
  const messages = [...seen.values()]
  const lifecycles = new Map()
  for (const m of messages) {
    const match = /^dbaas\.(\w+)\.(start|end|error)$/.exec(m.event_type)
    if (!match) continue
    const rid = m.payload.request_id
    const l = lifecycles.get(rid) ?? {operation: match[1], phases: []}
    l.phases.push(match[2])
    lifecycles.set(rid, l)
  }
  return {messages, lifecycles, repeated}
}

/** The world and the wire agree; every lifecycle ended; quotas add up; nothing left in flight. */
function agree(state, {messages, lifecycles}) {
  for (const [rid, l] of lifecycles) {
    assert.deepEqual(l.phases.filter((p) => p === 'start'), ['start'], `${rid} (${l.operation}) has one .start`)
    assert.equal(l.phases.filter((p) => p !== 'start').length, 1, `${rid} (${l.operation}) ends once: ${l.phases}`)
  }
  const ends = (op, field) => new Set(messages.filter((m) => m.event_type === `dbaas.${op}.end`).map((m) => m.payload[field]))
  withWorld(state, (w) => {
    const d = w.dump()
    assert.deepEqual(d.outbox, [], 'nothing waits in the outbox')
    assert.deepEqual(d.operations_in_flight, [], 'no operation in flight')
    const live = d.instances.filter((i) => i.deleted_at === null)
    for (const i of live) assert.ok(i.status === 'ACTIVE' && i.task === null, `${i.name} is ${i.status}/${i.task}`)
    assert.deepEqual(new Set(live.filter((i) => i.cluster_id === null).map((i) => i.id)), ends('instance_create', 'instance_id'),
      'the live instances are those whose create ended')
    assert.deepEqual(new Set(d.clusters.filter((c) => c.deleted_at === null).map((c) => c.id)), ends('cluster_create', 'cluster_id'))
    const backups = d.backups.filter((b) => b.deleted_at === null)
    for (const b of backups) assert.equal(b.status, 'COMPLETED')
    assert.deepEqual(new Set(backups.map((b) => b.id)), ends('backup_create', 'backup_id'))
    // A resize that ended left 2 GB and its modify_volume; one that did not left 1 GB.
    const resized = messages.filter((m) => m.event_type === 'dbaas.instance_resize_volume.end').length
    const db = live.find((i) => i.name === 'db')
    if (db) assert.equal(db.volume_size, resized ? 2 : 1)
    assert.equal(messages.filter((m) => m.event_type === 'trove.instance.modify_volume').length, resized)
    const usage = Object.fromEntries(d.quota_usages.map((u) => [u.resource, u]))
    assert.equal(usage.instances?.in_use ?? 0, live.length, 'instances in use = live instances')
    assert.equal(usage.volumes?.in_use ?? 0, live.reduce((n, i) => n + i.volume_size, 0), 'volumes in use = their sizes')
    assert.equal(usage.backups?.in_use ?? 0, backups.length, 'backups in use = live backups')
    for (const u of d.quota_usages) assert.equal(u.reserved, 0, `${u.resource} reserved`)
  })
}

describe('kill -9 at a named point, then the next command', () => {
  for (const op of OPERATIONS) {
    for (const point of POINTS) {
      test(`${op.name} killed at ${point}: the next command repairs the world, the wire agrees`, async () => {
        const {bus, state, cli} = await arena('kill')
        for (const s of op.setup) assert.equal((await cli(s)).code, 0)
        const killed = await cli([...op.args, '--delay', '0.2'], {TROVE_NOTIFY_DIE_AT: point})
        assert.equal(killed.code, null, `killed (exit ${killed.code}): ${killed.stderr}`)
        const next = await cli(['instance', 'create', 'probe', '2', '--size', '1'])
        assert.equal(next.code, 0, next.stderr)
        agree(state, await wire(bus))
        // The killed lifecycle is either ended by the next command (.error) or was finished and delivered.
        assert.doesNotMatch(next.stderr, /internal error/)
      })
    }
  }
})

/** Start the CLI; resolves once `ready` shows on stderr, with the child and its end. */
function startUntil(args, ready, env = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {env: isolatedEnv(env), stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  let stdout = ''
  const done = new Promise((resolve) => child.on('close', (code, signal) => resolve({code, signal, stderr, stdout})))
  const seen = new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += d
      if (ready.test(stderr)) resolve()
    })
    child.stdout.on('data', (d) => { stdout += d })
    done.then(() => reject(new Error(`ended before ${ready}: ${stderr}`)))
  })
  return {child, seen, done}
}

describe('Ctrl-C and SIGTERM during the work', () => {
  for (const op of OPERATIONS) {
    for (const [signal, exit] of [['SIGINT', 130], ['SIGTERM', 143]]) {
      test(`${op.name}, ${signal} once its status line shows: undone, .error with the request_id, exit ${exit}`, async () => {
        const {bus, state, cli} = await arena('sig')
        for (const s of op.setup) assert.equal((await cli(s)).code, 0)
        const run = startUntil([...op.args, '--delay', '60', '--state', state, ...bus.args], /… \S+: [A-Z_]+/)
        await run.seen
        run.child.kill(signal)
        const r = await run.done
        assert.equal(r.code, exit, r.stderr)
        const {lifecycles, messages} = await wire(bus)
        const ended = [...lifecycles.values()].at(-1)
        assert.deepEqual(ended.phases, ['start', 'error'])
        const error = messages.find((m) => m.event_type.endsWith('.error'))
        assert.match(error.payload.message, new RegExp(`interrupted \\(${signal}\\)`))
        agree(state, {messages, lifecycles})
      })
    }
  }

  test('instance create interrupted: the name is free again, and a retry creates exactly one instance', async () => {
    const {bus, state, cli} = await arena('retry')
    const run = startUntil(['instance', 'create', 'x', '2', '--delay', '60', '--state', state, ...bus.args], /… x: BUILD/)
    await run.seen
    run.child.kill('SIGINT')
    assert.equal((await run.done).code, 130)
    assert.equal((await cli(['instance', 'create', 'x', '2'])).code, 0)
    withWorld(state, (w) => assert.deepEqual(w.instances.live().map((i) => i.name), ['x']))
    agree(state, await wire(bus))
  })
})

test('trove-18 dialect: the abandoned create is ended in the dialect it started in, with its original request id', async () => {
  const {bus, state, cli} = await arena('t18')
  const killed = await cli(['instance', 'create', 'x', '2', '--delay', '0.2', '--dialect', 'trove-18'], {TROVE_NOTIFY_DIE_AT: 'during-work'})
  assert.equal(killed.code, null, killed.stderr)
  const next = await cli(['instance', 'create', 'probe', '2', '--dialect', 'trove-18'])
  assert.equal(next.code, 0, next.stderr)
  assert.match(next.stderr, /ended 1 operation\(s\) an earlier process left unfinished \(instance_create req-/)
  const {all} = await bus.takeAll()
  const rid = /\(instance_create (req-[0-9a-f-]+)\)/.exec(next.stderr)[1]
  const its = all.map((m) => m.message).filter((m) => m._context_request_id === rid)
  assert.ok(its.length >= 2, `the abandoned lifecycle's messages: ${its.map((m) => m.event_type)}`)
  const last = its.at(-1)
  // The same shape as a live failure's in that dialect (a create that fails in the work, --fail).
  const live = await cli(['instance', 'create', 'y', '2', '--delay', '0.01', '--dialect', 'trove-18', '--fail', 'boom'])
  assert.equal(live.code, 1, live.stderr)
  const failed = (await bus.takeAll()).all.map((m) => m.message).filter((m) => m.event_type === last.event_type)
  assert.equal(failed.length, 1, `a live failure in trove-18 also ends in ${last.event_type}`)
  assert.deepEqual([last.priority, last.publisher_id, Object.keys(last.payload).sort()],
    [failed[0].priority, failed[0].publisher_id, Object.keys(failed[0].payload).sort()])
  assert.equal(last.payload.request_id ?? rid, rid)
  withWorld(state, (w) => assert.deepEqual(w.instances.live().map((i) => i.name), ['probe']))
})

test('a read-only command on a world a killed process left says so in one line (it cannot end it); the next publishing command does', async () => {
  const {state, cli} = await arena('readonly')
  const killed = await cli(['instance', 'create', 'x', '2', '--delay', '0.2'], {TROVE_NOTIFY_DIE_AT: 'during-work'})
  assert.equal(killed.code, null, killed.stderr)
  const list = await runCli(['instance', 'list', '--state', state])
  assert.equal(list.code, 0, list.stderr)
  assert.match(list.stdout, /BUILD/, 'the world still shows the killed create')
  assert.match(list.stderr, /^an earlier process left 1 operation\(s\) \(instance_create req-[0-9a-f-]+\)( and \d+ undelivered message\(s\))? unfinished in .*: the next command that publishes on it \(an operation, exists or quotas\) ends and delivers them\n$/)
  const next = await cli(['instance', 'create', 'probe', '2'])
  assert.equal(next.code, 0, next.stderr)
  assert.match(next.stderr, /ended 1 operation\(s\)/)
  const after = await runCli(['instance', 'list', '--state', state])
  assert.equal(after.stderr, '', 'nothing left to say')
  assert.doesNotMatch(after.stdout, /BUILD/)
})
