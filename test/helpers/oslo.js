// The real oslo.messaging (Debian python3-oslo.messaging, /usr/bin/python3)
// as a test peer: its notification listener consuming what we published,
// and its notifier declaring and publishing with given [oslo_messaging_rabbit]
// options (so a test can compare its declarations with ours).
import {spawn} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const PYTHON = '/usr/bin/python3'
const LISTENER = new URL('../interop/oslo_listener.py', import.meta.url).pathname
const NOTIFIER = new URL('../interop/oslo_notify.py', import.meta.url).pathname

/** An oslo.config file with these sections ({section: {key: value}}); resolves its path. */
export function osloConfig(sections) {
  const path = join(mkdtempSync(join(tmpdir(), 'tn-oslo-')), 'oslo.conf')
  writeFileSync(path, Object.entries(sections).map(([name, kv]) => `[${name}]\n${Object.entries(kv).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`).join('\n'))
  return path
}

/**
 * Start the oslo listener on (exchange, topic); resolves once it consumes,
 * with `records` (a promise of what its endpoints were handed, after `count`
 * of them or `timeoutS`). `configFile`: oslo options it connects with.
 */
export function osloListen(url, exchange, topic, count, {timeoutS = 20, configFile} = {}) {
  return new Promise((resolve, reject) => {
    const args = [LISTENER, url.replace(/^amqps?:/, 'rabbit:'), exchange, topic, String(count), String(timeoutS), ...configFile ? [configFile] : []]
    const child = spawn(PYTHON, args)
    let out = ''
    let err = ''
    let ready = false
    const records = new Promise((res) => child.on('close', () => res(out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((r) => !r.ready))))
    child.stdout.on('data', (d) => {
      out += d
      if (!ready && out.includes('"ready"')) {
        ready = true
        resolve({records, stderr: () => err})
      }
    })
    child.stderr.on('data', (d) => { err += d })
    child.on('error', reject)
    child.on('close', (code) => { if (!ready) reject(new Error(`oslo listener exited ${code}: ${err}`)) })
  })
}

/**
 * Run oslo's notifier once per case ({exchange, topic, rabbit: {option: value}}):
 * each publishes one INFO notification as Trove's would. Resolves one
 * result per case: {ok: true} or {error: "what oslo raised or logged"}.
 */
export function osloNotify(url, cases) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [NOTIFIER, url.replace(/^amqps?:/, 'rabbit:')], {stdio: ['pipe', 'pipe', 'pipe']})
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err += d })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`oslo notifier exited ${code}: ${err}`))
      resolve(out.split('\n').filter(Boolean).map((l) => JSON.parse(l)))
    })
    child.stdin.end(JSON.stringify(cases))
  })
}
