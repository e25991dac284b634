// SIGINT and SIGTERM through the base command's one facility: a command that
// is stopped winds down (summary printed, confirms awaited) and exits 130
// (SIGINT) or 143 (SIGTERM); a command that Ctrl-C normally ends (quotas,
// exists, tail) exits 0. Signals are sent once the command says it runs.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {BIN, isolatedEnv, runCli, testWorld} from '../helpers/cli.js'
import {until} from '../helpers/tail.js'

/** Start the CLI, send `signal` once `ready` matches its output, resolve {code, signal, stdout, stderr}. */
async function signalled(args, ready, signal) {
  const child = spawn(process.execPath, [BIN, ...args], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => { stdout += d })
  child.stderr.on('data', (d) => { stderr += d })
  const closed = new Promise((resolve) => child.on('close', (code, sig) => resolve({code, signal: sig})))
  await until(() => ready.test(stdout + stderr), 20_000, `${ready} in the output of ${args.join(' ')}`)
  child.kill(signal)
  const end = await closed
  return {...end, stdout, stderr}
}

test('simulate: SIGTERM stops it like Ctrl-C — requests in flight finish, the summary is printed — and exits 143', async () => {
  const r = await signalled(['simulate', '--driver', 'noop', '--duration', '60', '--rate', '20', '--seed', 's1'], /simulate: \d+/, 'SIGTERM')
  assert.equal(r.code, 143, r.stderr)
  assert.match(r.stderr, /stopping: finishing the requests in flight/)
  assert.match(r.stdout, /^interrupted: \d+ requests/m)
})

test('simulate: SIGINT exits 130 with the summary', async () => {
  const r = await signalled(['simulate', '--driver', 'noop', '--duration', '60', '--rate', '20', '--seed', 's2'], /simulate: \d+/, 'SIGINT')
  assert.equal(r.code, 130, r.stderr)
  assert.match(r.stdout, /^interrupted: /m)
})

test('quotas and exists: SIGTERM is their normal end (after the current run), exit 0', async (t) => {
  const bus = await privateBus('signals')
  t.after(() => bus.cleanup())
  const {state, config} = testWorld('shost')
  assert.equal((await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', state])).code, 0)
  for (const args of [['quotas', '--interval', '0.2'], ['exists', '--transformer', 'nova', '--interval', '0.2']]) {
    const r = await signalled([...args, '--state', state, '--config-file', config, ...bus.args], /✔ run 1 /, 'SIGTERM')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /stopping after the current run/)
  }
})
