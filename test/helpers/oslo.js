// The real oslo.messaging (Debian python3-oslo.messaging, /usr/bin/python3)
// on either side of the wire: its notification listener (what it hands its
// endpoints, and with `raw` the AMQP message as its driver took it) and its
// notifier (messagingv2, as Trove publishes).
import {spawn} from 'node:child_process'
import {BROKER_URL} from './broker.js'

export const PYTHON = '/usr/bin/python3'
const LISTENER = new URL('../interop/oslo_listener.py', import.meta.url).pathname
const NOTIFIER = new URL('../interop/oslo_notify.py', import.meta.url).pathname
const OSLO_URL = BROKER_URL.replace(/^amqp:/, 'rabbit:')

/**
 * Start the listener on `exchange`/`topic` until it has `count` messages (or
 * `timeoutS`); resolves once it is consuming, with a promise of its records.
 */
export function listen(exchange, topic, count, {raw = false, timeoutS = 20} = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [LISTENER, OSLO_URL, exchange, topic, String(count), String(timeoutS), ...(raw ? ['raw'] : [])])
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
    child.on('close', (code) => { if (!ready) reject(new Error(`listener exited ${code}: ${err}`)) })
  })
}

/** Publish notifications ([{event_type, priority, publisher_id, payload, ctxt}]) with oslo's own Notifier. */
export function notify(exchange, topic, notifications) {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [NOTIFIER, OSLO_URL, exchange, topic])
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err += d })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`oslo_notify exited ${code}: ${err}`))))
    child.stdin.end(notifications.map((n) => JSON.stringify(n)).join('\n') + '\n')
  })
}
