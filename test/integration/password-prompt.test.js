// On a terminal, a missing PASSWORD is asked for with a hidden prompt: what
// is typed is masked, never echoed, and is the password the user gets (its
// hash in the state file checks against it). The terminal is a pty from
// util-linux `script`; the test is skipped where there is none.
import assert from 'node:assert/strict'
import {spawn, spawnSync} from 'node:child_process'
import {test} from 'node:test'
import {BIN, isolatedEnv, runCli, tempState} from '../helpers/cli.js'
import {passwordIs} from '../helpers/passwords.js'

const hasScript = spawnSync('script', ['--version']).status === 0

/** Run the CLI on a pty; type `answer` once `prompt` appears. Resolves {code, output}. */
function onTerminal(args, prompt, answer) {
  return new Promise((resolve, reject) => {
    const env = isolatedEnv()
    delete env.CI
    const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
    const child = spawn('script', ['-qfec', quoted, '/dev/null'], {env, stdio: ['pipe', 'pipe', 'pipe']})
    let output = ''
    let typed = false
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no exit; output so far:\n${output}`)) }, 20_000)
    child.stdout.on('data', (d) => {
      output += d
      if (!typed && output.includes(prompt)) {
        typed = true
        child.stdin.write(`${answer}\r`)
      }
    })
    child.on('close', (code) => { clearTimeout(timer); resolve({code, output}) })
  })
}

test('user create without PASSWORD on a terminal: hidden prompt, the typed password is the one set', {skip: !hasScript && 'no `script` (util-linux) for a pty'}, async () => {
  const state = tempState()
  assert.equal((await runCli(['instance', 'create', 'db1', '2', '--driver', 'noop', '--state', state])).code, 0)
  const secret = 'Typed-Pw-3vX9'
  const r = await onTerminal(['user', 'create', 'db1', 'app', '--driver', 'noop', '--state', state], 'Password for app', secret)
  assert.equal(r.code, 0, r.output)
  assert.match(r.output, /Password for app/)
  assert.match(r.output, /\*{3,}/, 'typing is masked')
  assert.ok(!r.output.includes(secret), 'the password is never echoed')
  assert.ok(passwordIs(state, 'app', secret), 'the typed password is the one set')
})

test('instance create --users NAME and user change-password NAME:- on a terminal: a hidden prompt per password, nothing echoed', {skip: !hasScript && 'no `script` (util-linux) for a pty'}, async () => {
  const state = tempState()
  const secret = 'Typed-Pw-7kQ2'
  const r = await onTerminal(['instance', 'create', 'db2', '2', '--users', 'app', '--driver', 'noop', '--state', state, '--json'], 'Password for app', secret)
  assert.equal(r.code, 0, r.output)
  assert.match(r.output, /\*{3,}/, 'typing is masked')
  assert.ok(!r.output.includes(secret), 'the password is never echoed')
  const next = 'Typed-Pw-8mR3'
  const c = await onTerminal(['user', 'change-password', 'db2', 'app:-', '--driver', 'noop', '--state', state], 'Password for app', next)
  assert.equal(c.code, 0, c.output)
  assert.ok(!c.output.includes(next), 'the password is never echoed')
  assert.ok(passwordIs(state, 'app', next), 'the typed password is the one set')
})
