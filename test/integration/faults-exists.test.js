// Exists windows exactly once (issue 15): `exists` killed (SIGKILL through
// TROVE_NOTIFY_DIE_AT) at every point of a run — after it claimed its
// windows, between an outbox commit and the publish, between a confirm and
// the row's removal, after the confirms — then run again: per instance the
// windows on the wire tile from launch to the last run with no gap and no
// overlap; a message seen twice is the identical message (same
// message_id), counted, never a second window over the same time.
import assert from 'node:assert/strict'
import {after, test} from 'node:test'
import {busPool} from '../helpers/broker.js'
import {runCli, testWorld} from '../helpers/cli.js'
import {withWorld} from '../helpers/state.js'
import {assertTiling, windowsByInstance} from '../helpers/windows.js'

const pool = busPool()
after(() => pool.cleanup())

const KILLS = [
  'exists-after-claim', 'exists-after-claim#2', 'exists-after-confirm#2',
  'after-outbox-commit-before-publish', 'after-outbox-commit-before-publish#2', 'after-confirm-before-remove#3',
]

for (const point of KILLS) {
  test(`exists killed at ${point}: the next run sends what was claimed, then tiles on; no window billed twice`, async () => {
    const bus = await pool.bus('exists_kill')
    const w = testWorld('xhost', 'exists_notification_transformer = nova\n')
    const cli = (args, env = {}) => runCli([...args, ...w.args, ...bus.args], {env, timeoutMs: 60_000})
    for (const name of ['a', 'b', 'c']) assert.equal((await cli(['instance', 'create', name, '2'])).code, 0)
    const killed = await cli(['exists', '--interval', '0.2', '--count', '3'], {TROVE_NOTIFY_DIE_AT: point})
    assert.equal(killed.code, null, `killed at ${point} (exit ${killed.code}): ${killed.stderr}`)
    const next = await cli(['exists', '--interval', '0.2', '--count', '2', '--json'])
    assert.equal(next.code, 0, next.stderr)
    const last = Date.parse(JSON.parse(next.stdout).runs.at(-1).at)

    const got = (await bus.take()).map((m) => m.message)
    const byId = new Map()
    let repeated = 0
    for (const m of got) {
      if (byId.has(m.message_id)) {
        assert.deepEqual(m, byId.get(m.message_id), 'a repeat is the identical message')
        repeated++
      } else byId.set(m.message_id, m)
    }
    const messages = [...byId.values()]
    const created = messages.filter((m) => m.event_type === 'trove.instance.create')
    assert.equal(created.length, 3)
    const windows = windowsByInstance(messages)
    for (const c of created) {
      assertTiling(windows.get(c.payload.instance_id), Date.parse(c.payload.launched_at), last, `${c.payload.name} (repeats: ${repeated})`)
    }
    withWorld(w.state, (world) => assert.deepEqual(world.dump().outbox, [], 'nothing left in the outbox'))
  })
}
