// The connection settings of trove.conf, against the real broker (through a
// TCP proxy when a fault is needed, never touching the broker itself):
// heartbeats notice a broker that went silent under an idle periodic
// command; connection errors are one line each, naming the cause and the
// fix (a vhost that does not exist, a refused login, a wrong port, a port
// that is not AMQP); config values are validated with file, line and key.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {test} from 'node:test'
import {BROKER_URL, privateBus} from '../helpers/broker.js'
import {BIN, isolatedEnv, runCli, testWorld} from '../helpers/cli.js'
import {until} from '../helpers/tail.js'
import {startProxy} from '../helpers/tcp-proxy.js'

const [, CREDS_HOST] = BROKER_URL.split('://')
const HOST_PORT = CREDS_HOST.split('@')[1].replace(/\/.*$/, '')

/** A create that must fail: its exit code and the two lines (error, fix), the URL password never shown. */
async function failing(args, code = 1) {
  const r = await runCli(['instance', 'create', 'x', '2', ...args.includes('--state') ? [] : ['--state', ':memory:'], ...args])
  assert.equal(r.code, code, r.stderr)
  const lines = r.stderr.trim().split('\n').map((l) => l.replace(/^\s*›\s*/, ''))
  assert.equal(lines.length, 2, r.stderr)
  assert.ok(!r.stderr.includes('topsecret') && !r.stdout.includes('topsecret'), 'the URL password is masked')
  return {error: lines[0].replace(/^Error: /, ''), fix: lines[1].replace(/^Try this: /, '')}
}

test('heartbeat_timeout_threshold: a broker gone silent under an idle `quotas` is noticed, the link re-made, the next run published', async (t) => {
  const bus = await privateBus('hb')
  const proxy = await startProxy(Number(HOST_PORT.split(':')[1]), HOST_PORT.split(':')[0])
  t.after(async () => {
    await proxy.close()
    await bus.cleanup()
  })
  const w = testWorld('hb')
  assert.equal((await runCli(['instance', 'create', 'hb1', '2', '--driver', 'noop', ...w.args])).code, 0)
  const child = spawn(process.execPath, [BIN, 'quotas', '--interval', '8', '--count', '2', '--heartbeat-timeout-threshold', '2',
    '--url', proxy.url, ...bus.args, ...w.args], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => { out += d })
  child.stderr.on('data', (d) => { err += d })
  const exited = new Promise((resolve) => child.on('close', resolve))
  t.after(() => child.kill('SIGKILL'))
  await until(() => /run 1\b/.test(out), 20_000, 'the first run')
  // The broker "hangs": the socket stays open, nothing passes. Only heartbeats can tell.
  proxy.freeze()
  const frozenAt = Date.now()
  await until(() => /lost; reconnecting/.test(err), 20_000, 'the lost notice (heartbeat timeout)')
  const noticedMs = Date.now() - frozenAt
  await until(() => /reconnected to/.test(err), 20_000, 'the reconnected notice')
  assert.equal(await exited, 0, err)
  t.diagnostic(`silence noticed after ${noticedMs} ms (threshold 2 s)`)
  const got = (await bus.take()).filter((m) => m.message.event_type === 'dbaas.quotas')
  assert.equal(got.length, 6, 'both runs (3 resources each) arrived')
})

test('a vhost that does not exist: one line naming it and how to create it', async () => {
  const vhost = `tn_nosuch_${process.pid}`
  const r = await failing(['--url', `amqp://${CREDS_HOST.replace(/\/.*$/, '')}/${vhost}`])
  assert.equal(r.error, `RabbitMQ at amqp://guest:***@${HOST_PORT}/${vhost} has no virtual host "${vhost}", or user "guest" may not use it`)
  assert.match(r.fix, new RegExp(`rabbitmqctl add_vhost '${vhost}'`))
  assert.doesNotMatch(r.error, /Expected ConnectionOpenOk/)
})

test('a refused login: one line naming the user and the fix, not "start RabbitMQ"', async () => {
  const r = await failing(['--url', `amqp://guest:topsecret@${HOST_PORT}/`])
  assert.equal(r.error, `RabbitMQ at amqp://guest:***@${HOST_PORT}/ refused the login of user "guest" (AMQPLAIN)`)
  assert.match(r.fix, /check the user and password/)
  assert.doesNotMatch(r.fix, /rabbitmq-server|start RabbitMQ/)
  const plain = await failing(['--url', `amqp://guest:topsecret@${HOST_PORT}/`, '--rabbit-login-method', 'PLAIN'])
  assert.match(plain.error, /refused the login of user "guest" \(PLAIN\)/)
})

test('a wrong port: nothing listening, or something that is not AMQP', async () => {
  const closed = await failing(['--url', 'amqp://guest:topsecret@127.0.0.1:1/'])
  assert.equal(closed.error, 'cannot reach RabbitMQ at amqp://guest:***@127.0.0.1:1/ (connection refused: nothing listens on 127.0.0.1:1)')
  assert.match(closed.fix, /check the port \(AMQP 5672, TLS 5671\)/)
  // An HTTP server where the broker was expected (the management port, say).
  const http = createServer((s) => {
    s.on('error', () => {})
    s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')
  })
  await new Promise((r) => http.listen(0, '127.0.0.1', r))
  try {
    const r = await failing(['--url', `amqp://guest:topsecret@127.0.0.1:${http.address().port}/`])
    assert.equal(r.error, `127.0.0.1:${http.address().port} answered, but not as an AMQP broker: a wrong port, or a TLS port (then use amqps:// or ssl = true)`)
    assert.match(r.fix, /AMQP 5672, TLS 5671/)
  } finally {
    http.close()
  }
  const tls = await failing(['--url', `amqps://guest:topsecret@${HOST_PORT}/`])
  assert.equal(tls.error, `${HOST_PORT} does not speak TLS (is it the plain AMQP port?)`)
})

test('config values are validated: booleans, numbers and choices, with file, line and key named (exit 2, nothing published)', async () => {
  const cases = [
    ['[oslo_messaging_rabbit]\nssl = false\namqp_durable_queues = maybe\n', 3, 'amqp_durable_queues = maybe: "maybe" is not a boolean', /use true or false/],
    ['[oslo_messaging_rabbit]\nheartbeat_timeout_threshold = soon\n', 2, 'heartbeat_timeout_threshold = soon: expected a whole number ≥ 0, got "soon"', /whole number/],
    ['[oslo_messaging_rabbit]\nrabbit_retry_interval = -1\n', 2, 'rabbit_retry_interval = -1: expected a whole number ≥ 0, got "-1"', /≥ 0/],
    ['[oslo_messaging_rabbit]\nrabbit_login_method = KERBEROS\n', 2, 'rabbit_login_method = KERBEROS: "KERBEROS" is not one of PLAIN, AMQPLAIN, EXTERNAL, RABBIT-CR-DEMO', /use one of/],
    ['[DEFAULT]\nmax_instances_per_tenant = 2.5\n', 2, 'max_instances_per_tenant = 2.5: expected a whole number, got "2.5"', /whole number/],
    ['[DEFAULT]\nrabbit_ha_queues = sure\n', 2, 'rabbit_ha_queues = sure: "sure" is not a boolean', /true or false/],
  ]
  for (const [text, line, problem, fix] of cases) {
    const w = testWorld('cfg')
    writeFileSync(w.config, text)
    const r = await failing([...w.args, '--driver', 'noop'], 2)
    assert.equal(r.error, `config file ${w.config}, line ${line}: ${problem}`)
    assert.match(r.fix, fix)
  }
  const env = await runCli(['instance', 'create', 'x', '2', '--state', ':memory:', '--driver', 'noop'], {env: {TROVE_NOTIFY_DURABLE: 'maybe'}})
  assert.equal(env.code, 2)
  assert.match(env.stderr, /environment TROVE_NOTIFY_DURABLE=maybe: "maybe" is not a boolean/)
  const url = await runCli(['instance', 'create', 'x', '2', '--state', ':memory:', '--url', 'rabbit://guest:topsecret@127.0.0.1:5672/?ssl=perhaps'])
  assert.equal(url.code, 2)
  assert.match(url.stderr, /transport URL option ssl=perhaps: "perhaps" is not a boolean/)
  const flag = await runCli(['instance', 'create', 'x', '2', '--state', ':memory:', '--driver', 'noop', '--rabbit-quorum-delivery-limit', 'many'])
  assert.equal(flag.code, 2)
  assert.match(flag.stderr, /expected a whole number ≥ 0, got "many"/)
})
