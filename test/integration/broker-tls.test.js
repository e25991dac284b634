// TLS as oslo.messaging defines it, on a PRIVATE node (never the shared
// broker) with a CA and certificates made by openssl for this run: the node
// requires a client certificate (ssl_options.verify = verify_peer,
// fail_if_no_peer_cert = true), speaks TLS 1.2 only, and logs in with
// AMQPLAIN only (oslo's default mechanism). A create and tail work with the
// deployment's CA and a client certificate (INI or flags); every certificate
// problem is one line naming it and the setting that fixes it; the real oslo
// listener reads over TLS what we published; a vhost with an escaped name works.
import assert from 'node:assert/strict'
import amqp from 'amqplib'
import {readFileSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:tls'
import {after, before, test} from 'node:test'
import {makeCerts} from '../helpers/certs.js'
import {runCli, tempState, testWorld} from '../helpers/cli.js'
import {osloConfig, osloListen} from '../helpers/oslo.js'
import {startPrivateBroker} from '../helpers/private-broker.js'
import {withWorld} from '../helpers/state.js'
import {body, exampleWith, JSON_PROPS, startTail} from '../helpers/tail.js'

let certs
let broker
before(async () => {
  certs = await makeCerts()
  broker = await startPrivateBroker({tls: certs, config: ['auth_mechanisms.1 = AMQPLAIN']})
  await broker.ctl('add_vhost', 'tn/a b')
  await broker.ctl('set_permissions', '-p', 'tn/a b', 'guest', '.*', '.*', '.*')
})
after(async () => { await broker?.stop() })

/** The client side of a good TLS setup, as flags (with the CA and client certificate given). */
function tlsFlags({url = broker.tlsUrl, ca = certs.caFile, cert = certs.clientCertFile, key = certs.clientKeyFile} = {}) {
  return ['--url', url, ...ca ? ['--ssl-ca-file', ca] : [], ...cert ? ['--ssl-cert-file', cert, '--ssl-key-file', key] : []]
}

/** The node logs in with AMQPLAIN only: so do the test's own connections. */
const AMQPLAIN = () => ({credentials: amqp.credentials.amqplain('guest', 'guest')})

/** Every message on a queue of the node (read over plain AMQP), taken: event types. */
async function take(queue, vhost = '') {
  const conn = await amqp.connect(`${broker.url}${encodeURIComponent(vhost)}`, AMQPLAIN())
  const ch = await conn.createChannel()
  const out = []
  for (let m; (m = await ch.get(queue, {noAck: true}));) out.push(JSON.parse(JSON.parse(m.content.toString())['oslo.message']).event_type)
  await conn.close()
  return out
}

const CREATE = ['dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end']

/** A create that must fail to connect: exit 1, exactly the error line and its fix, the password never shown. */
async function refused(args) {
  const r = await runCli(['instance', 'create', 'x', '2', '--state', ':memory:', '--exchange', 'tn_tls_bad', '--topics', 'tn_tls_bad', ...args])
  assert.equal(r.code, 1, r.stderr)
  const lines = r.stderr.trim().split('\n').map((l) => l.replace(/^\s*›\s*/, ''))
  assert.equal(lines.length, 2, r.stderr)
  assert.ok(!r.stderr.includes('guest:guest') && !r.stdout.includes('guest:guest'), 'the URL password is masked')
  return {error: lines[0].replace(/^Error: /, ''), fix: lines[1].replace(/^Try this: /, '')}
}

test('the deployment CA and a client certificate from trove.conf: a create publishes over TLS', async () => {
  const w = testWorld('tls')
  writeFileSync(w.config, [
    '[DEFAULT]', 'host = tls',
    '[oslo_messaging_notifications]', `transport_url = rabbit://guest:guest@127.0.0.1:${broker.tlsPort}/`, 'topics = tn_tls',
    '[oslo_messaging_rabbit]', 'ssl = true', `ssl_ca_file = ${certs.caFile}`, `ssl_cert_file = ${certs.clientCertFile}`,
    `ssl_key_file = ${certs.clientKeyFile}`, 'ssl_version = TLSv1_2', '',
  ].join('\n'))
  const r = await runCli(['instance', 'create', 'db1', '2', '--exchange', 'tn_tls', ...w.args])
  assert.equal(r.code, 0, r.stderr)
  // It connected to the TLS port (a plain AMQP connection there is refused, see below).
  assert.deepEqual(await take('tn_tls.info'), CREATE)
})

test('tail over TLS (flags) sees what is published', async () => {
  const tail = await startTail([...tlsFlags(), '--exchange', 'tn_tls_tail', '--count', '1', '--timeout', '30'], {timeoutMs: 60_000})
  const conn = await amqp.connect(broker.url, AMQPLAIN())
  const ch = await conn.createConfirmChannel()
  ch.publish('tn_tls_tail', 'notification.info', body(exampleWith('dbaas.instance_restart.start')), JSON_PROPS)
  await ch.waitForConfirms()
  await conn.close()
  const r = await tail.done
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /dbaas\.instance_restart\.start/)
  assert.match(r.stderr, /tailing: private queue .* at amqps:\/\/guest:\*\*\*@127\.0\.0\.1:\d+\//)
})

test('hostname verification as oslo defines it: only with ssl_ca_file and ssl_enforce_hostname_verification', async () => {
  // The broker's certificate names "localhost" only: 127.0.0.1 is a mismatch when (and only when) enforced.
  const bad = await refused([...tlsFlags(), '--ssl-enforce-hostname-verification'])
  assert.equal(bad.error, `the certificate of 127.0.0.1:${broker.tlsPort} does not name "127.0.0.1" (host name mismatch: it names DNS:localhost)`)
  assert.match(bad.fix, /connect by a name the certificate holds, or set ssl_enforce_hostname_verification = false/)
  const byName = await runCli(['instance', 'create', 'h1', '2', '--state', ':memory:', ...tlsFlags({url: `amqps://guest:guest@localhost:${broker.tlsPort}/`}),
    '--ssl-enforce-hostname-verification', '--exchange', 'tn_tls_host', '--topics', 'tn_tls_host'])
  assert.equal(byName.code, 0, byName.stderr)
  assert.deepEqual(await take('tn_tls_host.info'), CREATE)
})

test('certificate problems: one line each, naming the problem and the setting that fixes it', async () => {
  const wrongCa = await refused(tlsFlags({ca: certs.otherCaFile}))
  assert.equal(wrongCa.error, `the certificate of 127.0.0.1:${broker.tlsPort} is signed by a CA we do not trust (unknown CA)`)
  assert.equal(wrongCa.fix, `ssl_ca_file ${certs.otherCaFile} is not the CA that signed the broker's certificate: point ssl_ca_file at the deployment's CA`)

  const noCa = await refused(tlsFlags({ca: ''}))
  assert.match(noCa.error, /unknown CA/)
  assert.match(noCa.fix, /set ssl_ca_file to the deployment's CA/)

  const noClient = await refused(tlsFlags({cert: ''}))
  assert.equal(noClient.error, `RabbitMQ at 127.0.0.1:${broker.tlsPort} requires a client certificate and none was given`)
  assert.match(noClient.fix, /set ssl_cert_file and ssl_key_file/)

  const otherClient = await refused(tlsFlags({cert: certs.otherClientCertFile, key: certs.otherClientKeyFile}))
  assert.match(otherClient.error, new RegExp(`RabbitMQ at 127\\.0\\.0\\.1:${broker.tlsPort} refused our client certificate ssl_cert_file ${certs.otherClientCertFile}`))
  assert.match(otherClient.fix, /client certificate signed by a CA the broker trusts/)

  const version = await refused([...tlsFlags(), '--ssl-version', 'TLSv1_3'])
  assert.equal(version.error, `no TLS version both 127.0.0.1:${broker.tlsPort} and we accept (ssl_version = TLSv1_3 is our lowest)`)
  assert.match(version.fix, /lower ssl_version/)

  const tlsToPlain = await refused(tlsFlags({url: `amqps://guest:guest@127.0.0.1:${broker.port}/`}))
  assert.equal(tlsToPlain.error, `127.0.0.1:${broker.port} does not speak TLS (is it the plain AMQP port?)`)

  const plainToTls = await refused(['--url', `amqp://guest:guest@127.0.0.1:${broker.tlsPort}/`])
  assert.match(plainToTls.error, /answered, but not as an AMQP broker: a wrong port, or a TLS port \(then use amqps:\/\/ or ssl = true\)/)
})

test('an expired broker certificate is named as such', async () => {
  // A TLS server with a certificate of the test CA that expired in 2020 (the handshake fails before AMQP).
  const server = createServer({cert: readFileSync(certs.expiredCertFile), key: readFileSync(certs.expiredKeyFile)}, (s) => s.destroy())
  server.on('tlsClientError', () => {})
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const port = server.address().port
  try {
    const r = await refused(['--url', `amqps://guest:guest@127.0.0.1:${port}/`, '--ssl-ca-file', certs.caFile])
    assert.equal(r.error, `the certificate of 127.0.0.1:${port} has expired`)
    assert.match(r.fix, /renew the broker's certificate/)
  } finally {
    server.close()
  }
})

test('a missing certificate file is a usage error naming the setting, before anything connects', async () => {
  const r = await runCli(['instance', 'create', 'x', '2', '--state', ':memory:', ...tlsFlags({ca: '/nonexistent/ca.pem'})])
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /ssl_ca_file \/nonexistent\/ca\.pem does not exist/)
})

test('rabbit_login_method: AMQPLAIN (oslo\'s default) logs in; PLAIN, which this broker does not offer, is one line', async () => {
  const ok = await runCli(['instance', 'create', 'l1', '2', '--state', ':memory:', '--url', broker.url, '--exchange', 'tn_login', '--topics', 'tn_login'])
  assert.equal(ok.code, 0, ok.stderr)
  const plain = await refused(['--url', broker.url, '--rabbit-login-method', 'PLAIN'])
  assert.equal(plain.error, `RabbitMQ at amqp://guest:***@127.0.0.1:${broker.port}/ does not offer the login method PLAIN`)
  assert.match(plain.fix, /set rabbit_login_method/)
})

test('a vhost with an escaped name in the URL', async () => {
  const r = await runCli(['instance', 'create', 'v1', '2', '--state', ':memory:', '--url', `rabbit://guest:guest@127.0.0.1:${broker.port}/tn%2Fa%20b`,
    '--exchange', 'tn_vhost', '--topics', 'tn_vhost'])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(await take('tn_vhost.info', 'tn/a b'), CREATE)
})

test('the real oslo listener reads over TLS what we published over TLS', async () => {
  const r = await runCli(['instance', 'create', 'o1', '2', '--state', ':memory:', ...tlsFlags(), '--exchange', 'tn_tls_oslo', '--topics', 'tn_tls_oslo'])
  assert.equal(r.code, 0, r.stderr)
  const configFile = osloConfig({oslo_messaging_rabbit: {
    ssl: 'true', ssl_ca_file: certs.caFile, ssl_cert_file: certs.clientCertFile, ssl_key_file: certs.clientKeyFile,
  }})
  const l = await osloListen(`rabbit://guest:guest@127.0.0.1:${broker.tlsPort}/`, 'tn_tls_oslo', 'tn_tls_oslo', 3, {configFile})
  const records = await l.records
  assert.deepEqual(records.map((x) => x.event_type), CREATE, l.stderr())
})

test('permissions: without the configure permission, what the deployment declared is used; a route it may not declare is one line, nothing half-declared left', async () => {
  // tnpub may declare (configure) only the exchange tn_perm_x; it may write and read everything.
  await broker.ctl('add_user', 'tnpub', 'pubpw')
  await broker.ctl('set_permissions', '-p', '/', 'tnpub', '^tn_perm_x$', '.*', '.*')
  const conn = await amqp.connect(broker.url, AMQPLAIN())
  const ch = await conn.createChannel()
  await ch.assertExchange('tn_perm_a', 'topic', {durable: true})
  await ch.assertQueue('tn_perm_a.info', {durable: true, arguments: {'x-queue-type': 'quorum'}})
  await ch.bindQueue('tn_perm_a.info', 'tn_perm_a', 'tn_perm_a.info')
  const url = `amqp://tnpub:pubpw@127.0.0.1:${broker.port}/`
  const ok = await runCli(['instance', 'create', 'p1', '2', '--state', ':memory:', '--url', url, '--exchange', 'tn_perm_a', '--topics', 'tn_perm_a'])
  assert.equal(ok.code, 0, ok.stderr)
  assert.deepEqual(await take('tn_perm_a.info'), CREATE)

  const bad = await runCli(['instance', 'create', 'p2', '2', '--state', ':memory:', '--url', url, '--exchange', 'tn_perm_x', '--topics', 'tn_perm_x'])
  assert.equal(bad.code, 1, bad.stderr)
  assert.match(bad.stderr, /cannot declare the route of tn_perm_x\.info on exchange tn_perm_x: access to queue 'tn_perm_x\.info' in vhost '\/' refused for user 'tnpub'/)
  assert.ok(!bad.stderr.includes('pubpw'))
  // The exchange this run created for the route was deleted again.
  ch.on('error', () => {})
  await assert.rejects(ch.checkExchange('tn_perm_x'), /404|NOT_FOUND/)
  await conn.close().catch(() => {})
})

test('a route that cannot be declared (issue 15, item 2): the world and the wire never disagree — the messages wait in the outbox and the next command delivers them', async () => {
  // tnout may declare nothing of tn_out: its first create changes the world, the publish fails.
  await broker.ctl('add_user', 'tnout', 'outpw')
  await broker.ctl('set_permissions', '-p', '/', 'tnout', '^$', '.*', '.*')
  const state = tempState()
  const url = `amqp://tnout:outpw@127.0.0.1:${broker.port}/`
  const args = ['--state', state, '--url', url, '--exchange', 'tn_out', '--topics', 'tn_out']
  const bad = await runCli(['instance', 'create', 'q1', '2', ...args])
  assert.equal(bad.code, 1, bad.stderr)
  assert.match(bad.stderr, /cannot declare the route of tn_out\.info/)
  withWorld(state, (w) => {
    assert.deepEqual(w.instances.live().map((i) => [i.name, i.status]), [['q1', 'ACTIVE']], 'the create is committed…')
    assert.deepEqual(w.outbox.rows().map((r) => r.routing_key), ['tn_out.info', 'tn_out.info', 'tn_out.info'], '…with its three messages on their way')
  })
  // Once the route can be declared, the next command sends what waited first (same message ids), then its own.
  await broker.ctl('set_permissions', '-p', '/', 'tnout', '.*', '.*', '.*')
  const next = await runCli(['instance', 'create', 'q2', '2', ...args])
  assert.equal(next.code, 0, next.stderr)
  assert.match(next.stderr, /delivered 3 message\(s\) an earlier process left in the outbox/)
  assert.deepEqual(await take('tn_out.info'), [...CREATE, ...CREATE])
  withWorld(state, (w) => assert.equal(w.outbox.count(), 0))
  const conn = await amqp.connect(broker.url, AMQPLAIN())
  const ch = await conn.createChannel()
  await ch.deleteQueue('tn_out.info')
  await ch.deleteExchange('tn_out')
  await conn.close()
})
