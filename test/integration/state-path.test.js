// --state paths that cannot hold a world: each is one usage line naming the
// path and the fix, exit 2, nothing created and nothing published; only the
// default location (the oclif data dir) has its directory made for it.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {BIN, isolatedEnv, runCli} from '../helpers/cli.js'

/** The one error line and its "Try this" line; nothing else on stderr, nothing on stdout. */
function usageLines(r) {
  assert.equal(r.code, 2, r.stderr)
  assert.equal(r.stdout, '')
  const lines = r.stderr.trim().split('\n').map((l) => l.replace(/^\s*›\s+/, ''))
  assert.equal(lines.length, 2, r.stderr)
  assert.match(lines[1], /^Try this: /)
  assert.doesNotMatch(r.stderr, /stayed locked|at \w+ \(|SqliteError/)
  return lines
}

test('a directory that does not exist is named, with the fix, and not created', async () => {
  const base = mkdtempSync(join(tmpdir(), 'tn-path-'))
  const state = join(base, 'no', 'such', 'dir', 's.db')
  for (const args of [['instance', 'list'], ['instance', 'create', 'db1', '2', '--driver', 'noop']]) {
    const [error, fix] = usageLines(await runCli([...args, '--state', state]))
    assert.equal(error, `Error: the directory ${join(base, 'no', 'such', 'dir')} of the state file ${state} does not exist`)
    assert.match(fix, /mkdir -p .*no\/such\/dir/)
    assert.deepEqual(readdirSync(base), [], 'nothing created')
  }
})

test('an empty path has its own line (from --state and from TROVE_NOTIFY_STATE)', async () => {
  const [flag] = usageLines(await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', '']))
  assert.equal(flag, 'Error: the state path is empty (--state / TROVE_NOTIFY_STATE)')
  const [env] = usageLines(await runCli(['flavor', 'list'], {env: {TROVE_NOTIFY_STATE: ''}}))
  assert.equal(env, flag)
})

test('a directory given as the state file has its own line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-path-'))
  const [error, fix] = usageLines(await runCli(['instance', 'list', '--state', dir]))
  assert.equal(error, `Error: the state path ${dir} is a directory`)
  assert.match(fix, new RegExp(`--state ${dir}/state.db`))
})

/** Run the CLI as a user who cannot write what root owns (root can write anything, so as nobody when we are root). */
function runAsUser(args) {
  const home = mkdtempSync(join(tmpdir(), 'tn-home-'))
  chmodSync(home, 0o777)
  const asRoot = process.getuid?.() === 0
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: isolatedEnv({HOME: home, XDG_CONFIG_HOME: join(home, 'c'), XDG_DATA_HOME: join(home, 'd')}),
      stdio: ['ignore', 'pipe', 'pipe'], ...(asRoot ? {uid: 65534, gid: 65534} : {}),
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}

test('a read-only state file, and a read-only directory for a new one, each have their own line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-ro-'))
  chmodSync(dir, 0o755)
  const file = join(dir, 'state.db')
  writeFileSync(file, '')
  chmodSync(file, 0o444)
  const [ro, roFix] = usageLines(await runAsUser(['instance', 'list', '--state', file]))
  assert.equal(ro, `Error: the state file ${file} is read-only`)
  assert.match(roFix, /chmod u\+w/)

  const fresh = join(dir, 'new.db')
  const [roDir] = usageLines(await runAsUser(['instance', 'list', '--state', fresh]))
  assert.match(roDir, new RegExp(`^Error: the state file ${fresh} cannot be written: its directory ${dir} is read-only`))
  assert.ok(!existsSync(fresh))
})

test('the default location: its directory is made on first use', async () => {
  const home = mkdtempSync(join(tmpdir(), 'tn-home-'))
  const data = join(home, 'data')
  const r = await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop'], {env: {HOME: home, XDG_DATA_HOME: data}})
  assert.equal(r.code, 0, r.stderr)
  assert.ok(existsSync(join(data, 'trove-notify', 'state.db')))
  mkdirSync(join(home, 'other'))
  assert.equal((await runCli(['instance', 'list', '--state', join(home, 'other', 'w.db')])).code, 0, 'an existing directory is fine')
})

test('--state :memory: is a throwaway world of its own for a single command (the memory backend)', async () => {
  const created = await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', ':memory:', '--json'])
  assert.equal(created.code, 0, created.stderr)
  assert.equal(created.json.outcome, 'end')
  const listed = await runCli(['instance', 'list', '--state', ':memory:', '--json'])
  assert.deepEqual(listed.json, [], 'the next command starts from an empty world')
})
