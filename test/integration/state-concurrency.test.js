// Two processes writing the same state file at once lose no update and never
// corrupt it (WAL + BEGIN IMMEDIATE + busy timeout).
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {createRequire} from 'node:module'
import {test} from 'node:test'
import {filePragma, withWorld} from '../helpers/state.js'
import {runCli, tempState} from '../helpers/cli.js'

const HAMMER = new URL('../helpers/hammer.js', import.meta.url).pathname

function runNode(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {stdio: ['ignore', 'ignore', 'pipe']})
    let err = ''
    child.stderr.on('data', (d) => { err += d })
    child.on('close', (code) => resolve({code, err}))
  })
}

test('two processes, 2 × 400 transactions on one file: every update counted, integrity ok', async () => {
  const path = tempState()
  withWorld(path, () => {}) // create + migrate once, so both start on the same schema
  const results = await Promise.all([runNode([HAMMER, path, '400']), runNode([HAMMER, path, '400'])])
  for (const r of results) assert.equal(r.code, 0, r.err)
  assert.equal(withWorld(path, (w) => w.quotas.usage('hammer', 'instances').in_use), 800)
  assert.equal(filePragma(path, 'integrity_check'), 'ok')
  assert.equal(filePragma(path, 'journal_mode'), 'wal')
})

test('two CLI processes creating instances in one fresh world at once: all of them there, quota exact', async () => {
  const state = tempState() // not created yet: both processes race to migrate and seed it
  const loop = async (prefix) => {
    for (let i = 0; i < 4; i++) {
      const r = await runCli(['instance', 'create', `${prefix}${i}`, '1', '--size', '1', '--driver', 'noop', '--state', state])
      assert.equal(r.code, 0, r.stderr)
    }
  }
  await Promise.all([loop('a'), loop('b')])
  withWorld(state, (w) => {
    assert.equal(w.instances.live().length, 8)
    assert.equal(w.catalogue.flavors().length, 5, 'seeded once')
    const usage = w.dump().quota_usages.map(({resource, in_use, reserved}) => ({resource, in_use, reserved}))
    assert.deepEqual(usage, [{resource: 'instances', in_use: 8, reserved: 0}, {resource: 'volumes', in_use: 8, reserved: 0}])
  })
})

test('a world another process is writing to (not yet in WAL mode): the CLI waits for the lock instead of failing at once', async () => {
  // SQLite runs no busy handler for the switch to WAL while another connection holds a write lock,
  // which is what two processes opening a fresh world at once can meet.
  const Sqlite = createRequire(import.meta.url)('better-sqlite3')
  const state = tempState()
  const holder = new Sqlite(state)
  holder.exec('CREATE TABLE other (x)')
  holder.exec('BEGIN IMMEDIATE')
  holder.exec('INSERT INTO other VALUES (1)')
  const release = setTimeout(() => holder.exec('COMMIT'), 1000)
  try {
    const r = await runCli(['instance', 'create', 'waited', '1', '--size', '1', '--driver', 'noop', '--state', state])
    assert.equal(r.code, 0, r.stderr)
  } finally {
    clearTimeout(release)
    holder.close()
  }
  assert.deepEqual(withWorld(state, (w) => w.instances.live().map((i) => i.name)), ['waited'])
  assert.equal(filePragma(state, 'journal_mode'), 'wal')
})
