// `tail --check --dialect trove-18` on a live stream from Trove 18's own code
// (trove18_harness.py, real notification classes through oslo's notifier):
// every message passes — the only finding is the DBaaSQuotas message Trove
// 18 itself can never send — while the default `tail --check` names Trove
// 18's departures from the spec and says each message is valid in trove-18.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {after, before, test} from 'node:test'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {startTail, until} from '../helpers/tail.js'

const HARNESS = new URL('./trove18_harness.py', import.meta.url).pathname

let bus
let trove
let spec
let sent
before(async () => {
  bus = await privateBus('t18tail')
  const args = [...bus.args, '--check', '--timeout', '60']
  // tail's private queues are bound before Trove publishes; each gets every message
  trove = await startTail([...args, '--dialect', 'trove-18', '--count', '1000'], {timeoutMs: 120_000})
  spec = await startTail([...args, '--count', '1000'], {timeoutMs: 120_000})
  const out = execFileSync('/usr/bin/python3', [HARNESS, BROKER_URL.replace(/^amqp:/, 'rabbit:'), bus.exchange, bus.topic],
    {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore']})
  sent = JSON.parse(out).cases.reduce((n, c) => n + c.messages.length, 0)
})
after(async () => {
  trove?.child.kill('SIGINT')
  spec?.child.kill('SIGINT')
  await bus.cleanup()
})

/** Wait for `tail` to have printed a line per message, then stop it and return its findings. */
async function findingsOf(t) {
  await until(() => t.stdout().split('\n').filter((l) => /^\d\d:\d\d:\d\d/.test(l)).length >= sent, 60_000,
    `a line per message from tail (so far:\n${t.stdout().slice(-2000)}\n${t.stderr()})`)
  t.child.kill('SIGINT')
  const r = await t.done
  return {lines: r.stdout.split('\n'), findings: r.stdout.split('\n').filter((l) => /^\s+[✖⚠ℹ]/.test(l))}
}

test('tail --check --dialect trove-18: a live Trove 18 stream passes (only the quota message Trove 18 never sends is flagged)', async () => {
  assert.ok(sent > 250, `the harness sent ${sent} messages`)
  const {findings} = await findingsOf(trove)
  const violations = findings.filter((l) => /✖/.test(l))
  assert.equal(violations.length, 1, violations.join('\n'))
  assert.match(violations[0], /Trove 18\.0\.0 never sends dbaas\.quota/)
  assert.ok(!findings.some((l) => /⚠/.test(l)), 'no spec departures reported in the trove-18 check')
})

test('tail --check (spec) on the same stream: departures by name, and each message says it is valid in trove-18', async () => {
  const {findings} = await findingsOf(spec)
  for (const d of ['error event at INFO priority', 'flavor_id instead of flavor', 'server_type taskmanager', 'server_type guest',
    'client_ip without port', 'whole accumulated payload', 'operation beyond the spec', 'dbaas.quota instead of dbaas.quotas']) {
    assert.ok(findings.some((l) => l.includes(d)), `departure "${d}" reported`)
  }
  const notes = findings.filter((l) => /ℹ dialect: valid in the trove-18 dialect/.test(l))
  assert.ok(notes.length > 200, `${notes.length} messages noted as valid in trove-18`)
})
