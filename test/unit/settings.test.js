// Precedence: flag > environment > config file > built-in default.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {resolveSettings} from '../../dist/settings/settings.js'

function withConfig(text) {
  const dir = mkdtempSync(join(tmpdir(), 'tn-conf-'))
  writeFileSync(join(dir, 'trove-notify.conf'), text)
  return dir
}

const CONF = `
[DEFAULT]
control_exchange = conf_exchange
region = CONF_REGION
max_accepted_volume_size = 25
quota_notification_interval = 60
notification_service_id = mysql:11111111-2222-3333-4444-555555555555
[oslo_messaging_notifications]
driver = log
topics = notifications,monitor
transport_url = rabbit://a:b@conf-host:5672/
[oslo_messaging_rabbit]
amqp_durable_queues = true
`

test('defaults when nothing is set', () => {
  const s = resolveSettings({flags: {}, env: {}, configDir: mkdtempSync(join(tmpdir(), 'x')), dataDir: '/data'})
  assert.equal(s.url, 'amqp://guest:guest@127.0.0.1:5672/')
  assert.equal(s.exchange, 'trove')
  assert.deepEqual(s.topics, ['notification'])
  assert.equal(s.driver, 'messagingv2')
  assert.equal(s.region, 'LOCAL_DEV')
  assert.equal(s.rabbit.amqp_durable_queues, false)
  assert.equal(s.statePath, '/data/state.db')
  assert.equal(s.quotaInterval, undefined)
  assert.equal(s.existsInterval, 3600)
  assert.deepEqual(s.limits, {instances: 10, volumes: 40, backups: 50, maxAcceptedVolumeSize: 10})
  assert.equal(s.serviceIds.mysql, '2f3ff068-2bfb-4f70-9a9d-a6bb65bc084b')
})

test('config file (trove.conf names) beats defaults', () => {
  const s = resolveSettings({flags: {}, env: {}, configDir: withConfig(CONF), dataDir: '/data'})
  assert.equal(s.exchange, 'conf_exchange')
  assert.equal(s.region, 'CONF_REGION')
  assert.equal(s.driver, 'log')
  assert.deepEqual(s.topics, ['notifications', 'monitor'])
  assert.equal(s.url, 'rabbit://a:b@conf-host:5672/')
  assert.equal(s.rabbit.amqp_durable_queues, true)
  assert.equal(s.limits.maxAcceptedVolumeSize, 25)
  assert.equal(s.quotaInterval, 60)
  assert.equal(s.serviceIds.mysql, '11111111-2222-3333-4444-555555555555')
  assert.equal(s.serviceIds.redis, 'b216ffc5-1947-456c-a4cf-70f94c05f7d0')
})

test('environment beats the config file, flags beat the environment', () => {
  const configDir = withConfig(CONF)
  const env = {TROVE_NOTIFY_URL: 'amqp://e:e@env-host:5672/', OS_REGION_NAME: 'ENV_REGION', OS_PROJECT_ID: 'envtenant', OS_USERNAME: 'envuser', TROVE_NOTIFY_STATE: '/env/state.db'}
  const s = resolveSettings({flags: {}, env, configDir, dataDir: '/data'})
  assert.equal(s.url, 'amqp://e:e@env-host:5672/')
  assert.equal(s.region, 'ENV_REGION')
  assert.equal(s.tenant, 'envtenant')
  assert.equal(s.user, 'envuser')
  assert.equal(s.statePath, '/env/state.db')
  const f = resolveSettings({flags: {url: 'amqp://f:f@flag-host:5672/', region: 'FLAG', tenant: 'ft', user: 'fu', state: ':memory:', exchange: 'fx', topics: 'a,b', driver: 'noop', durable: false}, env, configDir, dataDir: '/data'})
  assert.deepEqual([f.url, f.region, f.tenant, f.user, f.statePath, f.exchange, f.topics, f.driver, f.rabbit.amqp_durable_queues],
    ['amqp://f:f@flag-host:5672/', 'FLAG', 'ft', 'fu', ':memory:', 'fx', ['a', 'b'], 'noop', false])
})

test('OS_USER_ID wins over OS_USERNAME', () => {
  const s = resolveSettings({flags: {}, env: {OS_USER_ID: 'id1', OS_USERNAME: 'name1'}, configDir: '/nonexistent', dataDir: '/d'})
  assert.equal(s.user, 'id1')
})

test('bad values are usage errors (exit 2) naming the fix', () => {
  const base = {env: {}, configDir: '/nonexistent', dataDir: '/d'}
  assert.throws(() => resolveSettings({...base, flags: {url: 'http://x'}}), (e) => e.exitCode === 2 && /scheme/.test(e.message))
  assert.throws(() => resolveSettings({...base, flags: {driver: 'kafka'}}), (e) => e.exitCode === 2 && /unknown driver/.test(e.message))
  assert.throws(() => resolveSettings({...base, flags: {'config-file': '/nope.conf'}}), (e) => e.exitCode === 2 && /does not exist/.test(e.message))
  assert.throws(() => resolveSettings({...base, configDir: withConfig('[DEFAULT]\nmax_accepted_volume_size = lots\n'), flags: {}}), (e) => e.exitCode === 2 && /max_accepted_volume_size/.test(e.message))
  assert.throws(() => resolveSettings({...base, configDir: withConfig('garbage line\n'), flags: {}}), (e) => e.exitCode === 2 && /line 1/.test(e.message))
})

test('[oslo_messaging_rabbit] options: oslo names, deprecated names and [DEFAULT] where oslo reads them, URL query, flags, env', () => {
  const base = {env: {}, dataDir: '/d'}
  const conf = withConfig(`
[DEFAULT]
rabbit_ha_queues = yes
rabbit_login_method = plain
[oslo_messaging_rabbit]
rabbit_quorum_queue = True
rabbit_quorum_delivery_limit = 5
rabbit_quroum_max_memory_length = 100
heartbeat_timeout_threshold = 10
rabbit_use_ssl = 1
kombu_ssl_version = TLSv1_2
`)
  assert.throws(() => resolveSettings({...base, flags: {}, configDir: conf}), /rabbit_quorum_queue and rabbit_ha_queues are both true/)
  const s = resolveSettings({...base, flags: {'rabbit-ha-queues': false}, configDir: conf})
  assert.equal(s.rabbit.rabbit_quorum_queue, true)
  assert.equal(s.rabbit.rabbit_quorum_delivery_limit, 5)
  assert.equal(s.rabbit.rabbit_quroum_max_memory_length, 100)
  assert.equal(s.rabbit.heartbeat_timeout_threshold, 10)
  assert.equal(s.rabbit.ssl, true, 'rabbit_use_ssl is oslo\'s deprecated name of ssl')
  assert.equal(s.rabbit.ssl_version, 'TLSv1_2')
  assert.equal(s.rabbit.rabbit_login_method, 'PLAIN', 'read from [DEFAULT] as oslo does, choice case-insensitive')
  assert.equal(s.rabbit.amqp_durable_queues, false)
  assert.equal(s.rabbit.rabbit_retry_interval, 1, "oslo's default")
  // The URL's query overrides the file (oslo's ConfigOptsProxy); flags and env override both.
  const q = resolveSettings({...base, flags: {url: 'rabbit://u:p@h:5672/?rabbit_quorum_delivery_limit=9&ssl=false', 'rabbit-ha-queues': false}, configDir: conf})
  assert.equal(q.rabbit.rabbit_quorum_delivery_limit, 9)
  assert.equal(q.rabbit.ssl, false)
  const e = resolveSettings({...base, env: {TROVE_NOTIFY_DURABLE: 'on'}, flags: {'rabbit-ha-queues': false}, configDir: conf})
  assert.equal(e.rabbit.amqp_durable_queues, true)
})

test('config values: a bad boolean, number or choice names the file, line and key (exit 2)', () => {
  const base = {env: {}, dataDir: '/d', flags: {}}
  const bad = (text, re) => assert.throws(() => resolveSettings({...base, configDir: withConfig(text)}), (e) => e.exitCode === 2 && re.test(e.message) && /trove-notify\.conf, line \d+: /.test(e.message), text)
  bad('[oslo_messaging_rabbit]\namqp_durable_queues = maybe\n', /line 2: amqp_durable_queues = maybe: "maybe" is not a boolean/)
  bad('[oslo_messaging_rabbit]\n\n# c\nrabbit_interval_max = 1.5\n', /line 4: rabbit_interval_max = 1\.5: expected a whole number ≥ 0, got "1\.5"/)
  bad('[oslo_messaging_rabbit]\nrabbit_login_method = NTLM\n', /"NTLM" is not one of PLAIN, AMQPLAIN/)
  bad('[DEFAULT]\nmax_backups_per_tenant = lots\n', /max_backups_per_tenant = lots/)
  bad('[DEFAULT]\nexists_notification_interval = hourly\n', /exists_notification_interval = hourly: expected a number of seconds, got "hourly"/)
  // Unknown oslo options (kolla writes many) are ignored, as oslo.config would.
  const s = resolveSettings({...base, configDir: withConfig('[oslo_messaging_rabbit]\nheartbeat_in_pthread = false\nrabbit_transient_quorum_queue = true\n')})
  assert.equal(s.warnings.length, 0)
})

test('oslo spells it rabbit_quroum_*: the corrected spelling is ignored as oslo ignores it, with a warning', () => {
  const s = resolveSettings({env: {}, dataDir: '/d', flags: {}, configDir: withConfig('[oslo_messaging_rabbit]\nrabbit_quorum_queue = true\nrabbit_quorum_max_memory_length = 10\n')})
  assert.equal(s.rabbit.rabbit_quroum_max_memory_length, 0)
  assert.equal(s.warnings.length, 1)
  assert.match(s.warnings[0], /line 3: oslo\.messaging reads rabbit_quroum_max_memory_length \(its own spelling\) and ignores rabbit_quorum_max_memory_length/)
})

test('TLS settings are checked before anything connects: files, the pair of certificate and key, the version', () => {
  const base = {env: {}, dataDir: '/d', configDir: '/nonexistent'}
  const r = (flags) => () => resolveSettings({...base, flags})
  assert.throws(r({ssl: true, 'ssl-ca-file': '/nope/ca.pem'}), /ssl_ca_file \/nope\/ca\.pem does not exist/)
  assert.throws(r({url: 'amqps://h/', 'ssl-cert-file': '/etc/hostname'}), /ssl_cert_file is set but ssl_key_file is not/)
  assert.throws(r({ssl: true, 'ssl-version': 'SSLv3'}), /SSL 3 is broken/)
  assert.throws(r({ssl: true, 'ssl-version': 'TLSv9'}), /not a TLS version oslo knows/)
  assert.throws(r({'rabbit-login-method': 'EXTERNAL'}), /EXTERNAL .* the connection is not TLS/)
  // Without TLS, oslo ignores the ssl_* options: so do we.
  assert.equal(resolveSettings({...base, flags: {'ssl-ca-file': '/nope/ca.pem'}}).rabbit.ssl_ca_file, '/nope/ca.pem')
})

test("docs/broker.md's kolla-style config works as it is: quorum queues, TLS with the system CAs, three hosts", async () => {
  const {readFileSync} = await import('node:fs')
  const {parseTransportUrl} = await import('../../dist/messaging/transport-url.js')
  const md = readFileSync(new URL('../../docs/broker.md', import.meta.url), 'utf8')
  const ini = /## A kolla-ansible deployment[\s\S]*?```ini\n([\s\S]*?)```/.exec(md)[1]
  const s = resolveSettings({flags: {}, env: {}, configDir: withConfig(ini), dataDir: '/d'})
  assert.equal(s.rabbit.rabbit_quorum_queue, true)
  assert.equal(s.rabbit.amqp_durable_queues, true)
  assert.equal(s.rabbit.ssl, true)
  assert.deepEqual(s.topics, ['notifications'])
  assert.equal(s.exchange, 'trove')
  const hosts = parseTransportUrl(s.url)
  assert.deepEqual(hosts.map((h) => `${h.hostname}:${h.port}`), ['192.0.2.11:5671', '192.0.2.12:5671', '192.0.2.13:5671'])
  assert.ok(hosts.every((h) => h.vhost === '/'))
  assert.deepEqual(s.warnings, [])
})

test('--dialect: flag > TROVE_NOTIFY_DIALECT > [trove_notify] dialect > spec; trove-18 keeps oslo\'s default topic; a bad name is a usage error', () => {
  const none = mkdtempSync(join(tmpdir(), 'x'))
  const resolve = (flags, env, configDir = none) => resolveSettings({flags, env, configDir, dataDir: '/data'})
  assert.equal(resolve({}, {}).dialect, 'spec')
  const conf = withConfig('[trove_notify]\ndialect = trove-18\n')
  const fromConf = resolve({}, {}, conf)
  assert.equal(fromConf.dialect, 'trove-18')
  assert.deepEqual(fromConf.topics, ['notifications'], 'a Trove 18 deployment publishes on oslo\'s default topic')
  assert.equal(resolve({}, {TROVE_NOTIFY_DIALECT: 'spec'}, conf).dialect, 'spec')
  assert.equal(resolve({dialect: 'trove-18'}, {TROVE_NOTIFY_DIALECT: 'spec'}).dialect, 'trove-18')
  assert.deepEqual(resolve({dialect: 'trove-18', topics: 'notification'}, {}).topics, ['notification'], 'topics still win')
  assert.throws(() => resolve({}, {TROVE_NOTIFY_DIALECT: 'trove-17'}), (e) => e.name === 'UsageError' && /unknown dialect "trove-17" \(TROVE_NOTIFY_DIALECT\)/.test(e.message))
  assert.throws(() => resolve({}, {}, withConfig('[trove_notify]\ndialect = nova\n')), /unknown dialect "nova" \(config file/)
})
