// Run the built CLI (bin/run.js) as a user would, capturing output and exit code.
import {spawn} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, dirname} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'bin', 'run.js')

/** A fresh state file path in a temp dir. */
export function tempState() {
  return join(mkdtempSync(join(tmpdir(), 'tn-state-')), 'state.db')
}

/** An empty config dir/file path, so a developer's own config never leaks into tests. */
export function isolatedEnv(extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tn-home-'))
  const env = {...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), NO_COLOR: '1', ...extra}
  delete env.TROVE_NOTIFY_URL
  delete env.TROVE_NOTIFY_CONFIG
  delete env.OS_PROJECT_ID
  delete env.OS_USER_ID
  delete env.OS_USERNAME
  delete env.OS_REGION_NAME
  delete env.DEBUG
  delete env.TROVE_NOTIFY_DEBUG
  return env
}

/** Run `trove-notify ...args`; resolves {code, stdout, stderr, json?}. */
export function runCli(args, {env = {}, input, timeoutMs = 30_000} = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {env: isolatedEnv(env), stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`timed out: trove-notify ${args.join(' ')}\n${stdout}\n${stderr}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      let json
      if (args.includes('--json')) {
        try {
          json = JSON.parse(stdout)
        } catch { /* not JSON */ }
      }
      resolve({code, stdout, stderr, json})
    })
    if (input !== undefined) child.stdin.end(input)
    else child.stdin.end()
  })
}

/**
 * Start `trove-notify ...args` in the background (killed after `killAfterMs`):
 * {child, out(), err(), done} — `done` resolves with {code, stdout, stderr}.
 */
export function startCli(args, {killAfterMs = 90_000} = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => { stdout += d })
  child.stderr.on('data', (d) => { stderr += d })
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
  const done = new Promise((resolve) => child.on('close', (code) => {
    clearTimeout(killer)
    resolve({code, stdout, stderr})
  }))
  return {child, done, out: () => stdout, err: () => stderr}
}

/**
 * `trove-notify` with `fixed` arguments after each call's own (the world, the
 * bus…): `const cli = cliWith('--state', state, ...bus.args)`, then
 * `cli('instance', 'list')` or `cli(['instance', 'list'])`. Resolves as runCli.
 */
export function cliWith(...fixed) {
  return (...args) => runCli([...args.flat(), ...fixed])
}

/** The same, for a command that must succeed: asserts exit 0 and resolves its --json output. */
export function cliOk(...fixed) {
  return async (...args) => {
    const r = await runCli([...args.flat(), ...fixed, '--json'])
    if (r.code !== 0) throw new Error(`trove-notify ${args.flat().join(' ')} exited ${r.code}: ${r.stderr}`)
    return r.json
  }
}

/** A running simulate has printed its first progress line (it is at work, its Ctrl-C handler in place). */
export const simulating = ({stderr}) => /^simulate: \d+/m.test(stderr)

/**
 * Start `trove-notify ...args`, press Ctrl-C (SIGINT) once `ready({stdout,
 * stderr})` holds (checked as output arrives; default: simulate at work), and
 * resolve {code, stdout, stderr, stopMs}: stopMs is how long it took to end.
 */
export async function interruptCli(args, ready = simulating) {
  const child = spawn(process.execPath, [BIN, ...args], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  let signal
  const isReady = new Promise((resolve) => { signal = resolve })
  const check = () => { if (ready({stdout, stderr})) signal() }
  child.stdout.on('data', (d) => { stdout += d; check() })
  child.stderr.on('data', (d) => { stderr += d; check() })
  const closed = new Promise((resolve) => child.on('close', resolve))
  await Promise.race([isReady, closed])
  const t0 = Date.now()
  child.kill('SIGINT')
  const code = await closed
  return {code, stdout, stderr, stopMs: Date.now() - t0}
}

/**
 * A fresh world for a test file: a state file and a config file naming the
 * simulated host (so publisher_ids are known exactly) plus any extra
 * `[DEFAULT]` lines. `args` routes a command to it.
 */
export function testWorld(host, extraDefaults = '') {
  const state = tempState()
  const config = join(mkdtempSync(join(tmpdir(), 'tn-conf-')), 'trove-notify.conf')
  writeFileSync(config, `[DEFAULT]\nhost = ${host}\n${extraDefaults}`)
  return {state, config, args: ['--state', state, '--config-file', config]}
}
