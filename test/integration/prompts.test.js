// On a terminal, a command missing its arguments asks for them: the flavor
// is a choice from the world's flavors (RAM, vCPUs, disk shown), the
// datastore a choice with its versions, the volume size asked with its
// default; what was chosen is what gets created. Ctrl-C at a prompt ends the
// command quietly with exit 130. The terminal is a real pty from util-linux
// `script`; keys are typed once the prompt they answer has appeared.
import assert from 'node:assert/strict'
import {spawn, spawnSync} from 'node:child_process'
import {test} from 'node:test'
import {BIN, isolatedEnv, runCli, tempState} from '../helpers/cli.js'

const hasScript = spawnSync('script', ['--version']).status === 0
const DOWN = '\u001b[B'
const ENTER = '\r'

/**
 * Run the CLI on a pty and hold a conversation: for each [pattern, keys],
 * wait until the output (since the last answer) matches, then type keys.
 * Resolves {code, output}.
 */
function converse(args, steps) {
  return new Promise((resolve, reject) => {
    const env = isolatedEnv()
    delete env.CI
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
    const child = spawn('script', ['-qfec', quoted, '/dev/null'], {env: {...env, COLUMNS: '100', LINES: '40'}, stdio: ['pipe', 'pipe', 'pipe']})
    let output = ''
    let seen = 0
    let step = 0
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`stuck at step ${step} (${steps[step]?.[0]}); output so far:\n${output}`))
    }, 30_000)
    child.stdout.on('data', (d) => {
      output += d
      while (step < steps.length && steps[step][0].test(output.slice(seen))) {
        seen = output.length
        child.stdin.write(steps[step][1])
        step++
      }
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({code, output, step})
    })
  })
}

test('instance create on a terminal: name, flavor and datastore chosen from the real lists, the size asked with its default', {skip: !hasScript && 'no `script` (util-linux) for a pty'}, async () => {
  const state = tempState()
  const r = await converse(['instance', 'create', '--driver', 'noop', '--state', state], [
    [/Name of the new instance/, `web1${ENTER}`],
    // One key at a time, each once the list has been redrawn with the cursor where it should be.
    [/❯ m1\.tiny[^]*m1\.small — 2048 MB RAM, 1 vCPU, 20 GB disk \(id 2\)[^]*↑↓/, DOWN],
    [/❯ m1\.small/, ENTER],
    [/❯ mysql — versions 5\.7\.29, 8\.0 \(default 8\.0\)[^]*postgresql — versions 12, 13, 16 \(default 16\)/, DOWN],
    [/❯ percona/, DOWN],
    [/❯ postgresql/, ENTER],
    [/Datastore version[^]*16 \(default\)[^]*↑↓/, `${ENTER}`],
    [/Volume size in GB \(1\)/, `3${ENTER}`],
  ])
  assert.equal(r.code, 0, r.output)
  assert.match(r.output, /✔ instance_create web1 /)
  const shown = (await runCli(['instance', 'show', 'web1', '--state', state, '--json'])).json
  assert.deepEqual([shown.flavor_id, shown.datastore, shown.datastore_version, shown.volume_size], ['2', 'postgresql', '16', 3])
})

test('Enter takes the defaults: mysql at its default version, 1 GB', {skip: !hasScript && 'no `script` (util-linux) for a pty'}, async () => {
  const state = tempState()
  const r = await converse(['instance', 'create', 'web2', '--driver', 'noop', '--state', state], [
    [/Flavor[^]*↑↓/, ENTER],
    [/Datastore[^]*↑↓/, ENTER],
    [/Datastore version[^]*↑↓/, ENTER],
    [/Volume size in GB \(1\)/, ENTER],
  ])
  assert.equal(r.code, 0, r.output)
  const shown = (await runCli(['instance', 'show', 'web2', '--state', state, '--json'])).json
  assert.deepEqual([shown.flavor_id, shown.datastore, shown.datastore_version, shown.volume_size], ['1', 'mysql', '8.0', 1])
})

test('Ctrl-C at a prompt: exit 130, no error, nothing created', {skip: !hasScript && 'no `script` (util-linux) for a pty'}, async () => {
  const state = tempState()
  for (const [args, prompt] of [[['instance', 'create'], /Name of the new instance/], [['instance', 'create', 'web3'], /Flavor[^]*↑↓/],
    [['cluster', 'create', 'shop'], /mongodb — versions[^]*↑↓/]]) {
    const r = await converse([...args, '--driver', 'noop', '--state', state], [[prompt, '\u0003']])
    assert.equal(r.code, 130, r.output)
    assert.doesNotMatch(r.output, /internal error|report it|Error/)
  }
  assert.deepEqual((await runCli(['instance', 'list', '--state', state, '--json'])).json, [])
})
