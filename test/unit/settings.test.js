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
  assert.equal(s.durable, false)
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
  assert.equal(s.durable, true)
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
  assert.deepEqual([f.url, f.region, f.tenant, f.user, f.statePath, f.exchange, f.topics, f.driver, f.durable],
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
