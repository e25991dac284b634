// Pure parts of the CLI layer: numbers parsed one way (bounds and limits
// named), the interrupt facility (first signal runs the handlers, a second
// quits, 'exit' handlers end the process once done), secrets found on a
// command line (using the built manifest, so flag values are told from
// arguments) and redacted, and the nearest command to a typo.
import assert from 'node:assert/strict'
import {join} from 'node:path'
import {test} from 'node:test'
import {LIMITS, parseNumber} from '../../dist/cli/flags.js'
import {closestCommand} from '../../dist/cli/hooks/not-found.js'
import {Interrupts} from '../../dist/cli/interrupts.js'
import {manifestCommands, redactor, secretsIn} from '../../dist/cli/redact.js'
import {ROOT} from '../helpers/cli.js'

test('parseNumber: whole numbers, bounds, and a limit named with its reason', () => {
  assert.equal(parseNumber('42', {whole: true, min: 1}), 42)
  assert.equal(parseNumber('-1', {whole: true}), -1)
  assert.equal(parseNumber('0.5', {min: 0}), 0.5)
  assert.throws(() => parseNumber('4.5', {whole: true}), /expected a whole number, got "4.5"/)
  assert.throws(() => parseNumber('1e3', {whole: true}), /expected a whole number/)
  assert.throws(() => parseNumber('0', {whole: true, min: 1}), /expected a whole number ≥ 1, got "0"/)
  assert.throws(() => parseNumber('', {}), /expected a number/)
  assert.throws(() => parseNumber('Infinity', {}), /expected a number/)
  assert.throws(() => parseNumber('1e308', {min: 0, max: LIMITS.delay, why: 'one day', unit: 'seconds'}), /^Error: 1e308 is above the limit of 86400 seconds \(one day\)$/)
  assert.throws(() => parseNumber('99999999999999999999', {whole: true}), /is above the limit of 9007199254740991/)
})

function fakeProcessExit() {
  const exits = []
  return {exits, exit: (signal) => { exits.push(signal); return undefined }}
}

test('interrupts: the first signal runs the handlers (latest first), a second exits; listeners only while subscribed', async () => {
  const before = process.listenerCount('SIGINT')
  const {exits, exit} = fakeProcessExit()
  const interrupts = new Interrupts(exit)
  const calls = []
  const off1 = interrupts.subscribe((s) => calls.push(`outer ${s}`))
  const off2 = interrupts.subscribe((s) => calls.push(`inner ${s}`), {expected: true})
  assert.equal(process.listenerCount('SIGINT'), before + 1)
  process.emit('SIGTERM')
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(calls, ['inner SIGTERM', 'outer SIGTERM'])
  assert.equal(interrupts.received, 'SIGTERM')
  assert.equal(interrupts.expected, false, 'expected only when every subscriber expects it')
  assert.deepEqual(exits, [])
  process.emit('SIGINT')
  assert.deepEqual(exits, ['SIGINT'], 'a second signal quits at once')
  off1()
  off2()
  // Listeners stay after a signal (a second one must still quit), but a fresh facility cleans up.
  const fresh = new Interrupts(exit)
  const off = fresh.subscribe(() => {})
  off()
  assert.equal(process.listenerCount('SIGINT'), before + 1)
  process.removeAllListeners('SIGINT')
  process.removeAllListeners('SIGTERM')
})

test("interrupts: {then: 'exit'} ends the process once the handler is done", async () => {
  const {exits, exit} = fakeProcessExit()
  const interrupts = new Interrupts(exit)
  let finish
  const done = new Promise((r) => { finish = r })
  interrupts.subscribe(() => done, {then: 'exit'})
  process.emit('SIGINT')
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(exits, [], 'not before the handler finished')
  finish()
  await new Promise((r) => setImmediate(r))
  assert.deepEqual(exits, ['SIGINT'])
  process.removeAllListeners('SIGINT')
  process.removeAllListeners('SIGTERM')
})

const commands = manifestCommands(join(ROOT, 'oclif.manifest.json'))

test('secretsIn: positional passwords, NAME:PASSWORD pairs, --new-password, --users (flag values told from arguments)', () => {
  assert.ok(commands.length > 30, 'the built manifest is read')
  assert.deepEqual(secretsIn(['user', 'create', 'db1', 'app', 'pw1', '--host', '%'], commands), ['pw1'])
  assert.deepEqual(secretsIn(['user', 'create', '--host', '%', 'db1', 'app', 'pw1'], commands), ['pw1'])
  assert.deepEqual(secretsIn(['user-create', 'db1', 'app', 'pw1'], commands), ['pw1'])
  assert.deepEqual(secretsIn(['user', 'change-password', 'db1', 'app:n3w', 'rep:0th3r@%'], commands).sort(), ['0th3r', '0th3r@%', 'n3w'])
  assert.deepEqual(secretsIn(['user', 'update-attributes', 'db1', 'app', '--new-password', 'x9'], commands), ['x9'])
  assert.deepEqual(secretsIn(['user', 'update-attributes', 'db1', 'app', '--new-password=x9'], commands), ['x9'])
  assert.deepEqual(secretsIn(['instance', 'create', 'db1', '2', '--users', 'a:p1,b:p2'], commands), ['p1', 'p2'])
  // No manifest (bin/dev.js) or an unknown command: flags named *password* and --users still count.
  assert.deepEqual(secretsIn(['frob', '--new_password', 'z', '--users=u:q'], []), ['z', 'q'])
  assert.deepEqual(secretsIn(['instance', 'list', '--state', 'x.db'], commands), [])
})

test('redactor: every secret (as typed, as inspect and JSON quote it) and URL passwords become ***', () => {
  const redact = redactor(["it's", 'pw1'])
  assert.equal(redact("argv: [ 'pw1', 'it\\'s', 'amqp://guest:hunter2@h:5672/' ] \"it's\""), "argv: [ '***', '***', 'amqp://guest:***@h:5672/' ] \"***\"")
})

test('closestCommand: the nearest id or alias to what was typed, by words', () => {
  const ids = ['instance:create', 'instance:restart', 'instance:list', 'backup:list', 'create', 'list', 'tail']
  assert.equal(closestCommand(['instance', 'creat', 'db4', '2'], ids), 'instance create')
  assert.equal(closestCommand(['instnce', 'create', 'db4'], ids), 'instance create')
  assert.equal(closestCommand(['backup', 'lst'], ids), 'backup list')
  assert.equal(closestCommand(['tial'], ids), 'tail')
  assert.equal(closestCommand(['zzzzzz'], ids), undefined)
})
