// Run `trove-notify tail ...` in the background as a user would: wait until it
// says it is subscribed, publish, then collect what it printed and its exit code.
import {spawn} from 'node:child_process'
import {BIN, isolatedEnv} from './cli.js'
import {pyDumps} from '../../dist/messaging/pyjson.js'
import {exampleMessage} from '../../dist/events/export/example.js'
import {getEvent} from '../../dist/events/catalog.js'

/** Start tail; resolves once it is subscribed: {child, stdout(), stderr(), done: Promise<{code, stdout, stderr}>}. */
export function startTail(args, {env = {}, timeoutMs = 30_000} = {}) {
  const child = spawn(process.execPath, [BIN, 'tail', ...args], {env: isolatedEnv(env), stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => { stdout += d })
  child.stderr.on('data', (d) => { stderr += d })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const done = new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(timer)
    resolve({code, signal, stdout, stderr})
  }))
  const ready = new Promise((resolve, reject) => {
    const check = () => {
      if (stderr.includes('tailing:')) resolve()
    }
    child.stderr.on('data', check)
    done.then((r) => reject(new Error(`tail exited before subscribing (code ${r.code}):\n${r.stdout}\n${r.stderr}`)))
  })
  return ready.then(() => ({child, done, stdout: () => stdout, stderr: () => stderr}))
}

/** Wait until `predicate()` (which may be async) is truthy, polling, or fail after `ms`; resolves with that value. */
export async function until(predicate, ms = 10_000, what = 'condition') {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await predicate()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** The catalog's example inner message of an event type, with changes applied to it (and its payload). */
export function exampleWith(eventType, {payload = {}, drop = [], ...top} = {}) {
  const m = structuredClone(exampleMessage(getEvent(eventType)).message)
  Object.assign(m.payload, payload)
  for (const k of drop) delete m.payload[k]
  return {...m, ...top}
}

export const JSON_PROPS = {contentType: 'application/json', contentEncoding: 'utf-8', headers: {}, deliveryMode: 2, priority: 0}

/** Wrap an inner message (any keys, even ones our publisher refuses) in the messagingv2 envelope, Python-style. */
export function body(message) {
  return Buffer.from(pyDumps({'oslo.version': '2.0', 'oslo.message': pyDumps(message)}))
}
