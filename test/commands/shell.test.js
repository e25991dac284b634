// The CLI around the commands, as a user meets it (the built bin/run.js, no
// broker: --driver noop): `-f value -c id` on every list and show command and
// on operation results, numeric limits refused in one line, a typo answered
// with the nearest command, DEBUG output without passwords, and bash
// completion of commands, flags and resource names.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {before, test} from 'node:test'
import {BIN, isolatedEnv, runCli, tempState} from '../helpers/cli.js'

const state = tempState()
const world = ['--state', state]
const noop = [...world, '--driver', 'noop']
const ids = {}

async function ok(args) {
  const r = await runCli(args)
  assert.equal(r.code, 0, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`)
  return r
}

before(async () => {
  ids.instance = (await ok(['instance', 'create', 'db1', '2', '--size', '2', ...noop, '-f', 'value', '-c', 'id'])).stdout.trim()
  await ok(['database', 'create', 'db1', 'shop', ...noop])
  await ok(['user', 'create', 'db1', 'app', 'S3cret-pw1', ...noop])
  ids.backup = (await ok(['backup', 'create', 'db1', 'nightly', ...noop, '-f', 'value', '-c', 'id'])).stdout.trim()
  ids.configuration = (await ok(['configuration', 'create', 'tuned', '{"max_connections": 200}', ...noop, '-f', 'value', '-c', 'id'])).stdout.trim()
  ids.cluster = (await ok(['cluster', 'create', 'shop', 'mongodb', '5.0', ...noop, '--instance', 'flavor=2,volume=2', '--instance', 'flavor=2,volume=2',
    '--instance', 'flavor=2,volume=2', '-f', 'value', '-c', 'id'])).stdout.trim()
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

test('an operation with -f value -c id prints the id of the resource it made, and nothing else', () => {
  for (const id of Object.values(ids)) assert.match(id, UUID)
})

test('-f value -c id on every list and show command: bare ids, one per line, the same as --json has', async () => {
  const listed = async (kind) => (await ok([kind, 'list', ...world, '--json'])).json.map((r) => r.id)
  const instances = await listed('instance')
  assert.equal(instances.length, 4, 'db1 and the cluster members')
  const cases = [
    [['instance', 'list'], instances], [['backup', 'list'], [ids.backup]], [['configuration', 'list'], [ids.configuration]],
    [['cluster', 'list'], [ids.cluster]], [['flavor', 'list'], ['1', '2', '3', '4', '5']],
    [['instance', 'show', 'db1'], [ids.instance]], [['backup', 'show', 'nightly'], [ids.backup]],
    [['configuration', 'show', 'tuned'], [ids.configuration]], [['cluster', 'show', 'shop'], [ids.cluster]],
  ]
  for (const [args, expected] of cases) {
    const r = await ok([...args, ...world, '-f', 'value', '-c', 'id'])
    assert.deepEqual(r.stdout.trim().split('\n'), expected, args.join(' '))
  }
  for (const args of [['database', 'list', 'db1'], ['user', 'list', 'db1'], ['datastore', 'list'], ['quotas', 'show'], ['events', 'list']]) {
    const r = await ok([...args, ...world.slice(args[0] === 'events' ? 2 : 0), '-f', 'value', '-c', args[0] === 'events' ? 'event type' : args[0] === 'quotas' ? 'resource' : 'name'])
    assert.ok(r.stdout.trim().split('\n').length >= 1 && !r.stdout.includes('│'), `${args.join(' ')}: ${r.stdout}`)
  }
  const shell = await ok(['instance', 'show', 'db1', ...world, '-f', 'shell', '--prefix', 'db_', '-c', 'status', '-c', 'restart_required'])
  assert.equal(shell.stdout, 'db_status="ACTIVE"\ndb_restart_required="false"\n')
})

test('usage errors of the output flags: an unknown column lists the valid ones; -f with --json; a list in -f shell', async () => {
  let r = await runCli(['instance', 'list', ...world, '-c', 'id', '-c', 'flavour'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /unknown column "flavour" for -c\/--column\n.*valid columns: ID, Name, Status, Flavor, Datastore, Size, Role, Tenant, "Replica of"/)
  r = await runCli(['instance', 'list', ...world, '-f', 'json', '--json'])
  assert.equal(r.code, 2, 'the error exit status survives --json (the error is printed as JSON)')
  assert.match(r.json.error.message, /--json=true cannot also be provided when using --format/)
  r = await runCli(['instance', 'list', ...world, '-f', 'shell'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /Expected --format=shell to be one of: table, json, yaml, value, csv/)
})

test('numeric limits: each refused in one line naming the limit, exit 2, before anything runs', async () => {
  const cases = [
    [['simulate', '--tenants', '1000000000'], /--tenants: 1000000000 is above the limit of 100000 \(every tenant's world is kept in memory/],
    [['simulate', '--operations', '10000000000'], /--operations: 10000000000 is above the limit of 1000000000/],
    [['simulate', '--threads', '1000'], /--threads: 1000 is above the limit of 32/],
    [['simulate', '--concurrency', '1000000'], /--concurrency: 1000000 is above the limit of 10000/],
    [['simulate', '--rate', '1e9'], /--rate: 1e9 asks for 1000000000 requests\/s, above the limit of 1000000/],
    [['simulate', '--rate', '100:60s,5000000:10s'], /--rate: 100:60s,5000000:10s asks for 5000000 requests\/s, above the limit of 1000000/],
    [['simulate', '--delay', '30d'], /--delay: 30d is above the limit of 86400 seconds \(one day\)/],
    [['simulate', '--delay', '3000000'], /--delay: 3000000 is above the limit of 86400 seconds \(one day\)/],
    [['simulate', '--duration', '1e308'], /--duration: 1e308 is above the limit of 604800 seconds \(a week\)/],
    [['simulate', '--time-scale', '1e308'], /--time-scale: 1e308 is above the limit of 1000000/],
    [['instance', 'create', 'db9', '2', '--delay', '1e308', ...noop], /--delay: 1e308 is above the limit of 86400 seconds/],
    [['quotas', '--once', '--taskmanagers', '1000000'], /--taskmanagers: 1000000 is above the limit of 100 \(each publishes tenants × 3 messages per run\)/],
    [['quotas', '--interval', '1e308'], /--interval: 1e308 is above the limit of 604800 seconds/],
    [['exists', '--interval', '3000000'], /--interval: 3000000 is above the limit of 604800 seconds/],
    [['tail', '--timeout', '1e308'], /--timeout: 1e308 is above the limit of 604800 seconds/],
    [['tail', '--count', '0'], /--count: expected a whole number ≥ 1, got "0"/],
    [['simulate', '--tenants', '1.5'], /--tenants: expected a whole number ≥ 1, got "1.5"/],
  ]
  for (const [args, message] of cases) {
    const r = await runCli(args)
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`)
    assert.match(r.stderr, message)
    assert.equal(r.stdout, '')
    assert.equal(r.stderr.trim().split('\n').length, 2, `one line and its "Try this": ${r.stderr}`)
    assert.doesNotMatch(r.stderr, /TimeoutOverflowWarning|Fatal|at .*\.js:\d+/)
  }
})

test('a mistyped command: what was typed and the nearest command, never the glued internal id', async () => {
  const r = await runCli(['instance', 'creat', 'db4', '2'])
  assert.equal(r.code, 2)
  assert.match(r.stderr, /"instance creat" is not a trove-notify command/)
  assert.match(r.stderr, /did you mean `trove-notify instance create`\?/)
  assert.doesNotMatch(r.stderr, /instance:creat|db4:2/)
  const root = await runCli(['lsit'])
  assert.match(root.stderr, /did you mean `trove-notify list`\?/)
})

test('DEBUG=* and TROVE_NOTIFY_DEBUG=1: no password argument and no URL password in the output', async () => {
  const url = 'amqp://guest:hunter2-url@127.0.0.1:1/'
  const runs = [
    ['user', 'create', 'db1', 'app2', 'Pw-positional-1', '--host', '%', ...noop, '--url', url],
    ['user', 'change-password', 'db1', 'app:Pw-pair-2', ...noop],
    ['user', 'update-attributes', 'db1', 'app', '--new-password', 'Pw-flag-3', ...noop],
    ['instance', 'create', 'db7', '2', '--users', 'u1:Pw-users-4,u2:Pw-users-5', ...noop],
    ['instance', 'restart', 'db1', ...world, '--url', url],
  ]
  for (const debug of [{DEBUG: '*'}, {TROVE_NOTIFY_DEBUG: '1'}]) {
    for (const args of runs) {
      // isolatedEnv() drops DEBUG (a developer's own must not leak into tests): set it after.
      const r = spawnSync(process.execPath, [BIN, ...args], {env: {...isolatedEnv(), ...debug}, encoding: 'utf8'})
      const out = r.stdout + r.stderr
      assert.doesNotMatch(out, /Pw-(positional|pair|flag|users)|hunter2-url/, `${Object.keys(debug)} ${args.slice(0, 2).join(' ')}:\n${out.slice(0, 3000)}`)
      if (debug.DEBUG) assert.match(out, /oclif:main process\.argv[^]*\*\*\*/, 'the debug lines are there, redacted')
    }
  }
})

test('bash completion: commands, flags, and resource names from the state', () => {
  const cache = mkdtempSync(join(tmpdir(), 'tn-ac-'))
  const env = {...isolatedEnv({XDG_CACHE_HOME: cache}), TROVE_NOTIFY_STATE: state}
  const setup = spawnSync(process.execPath, [BIN, 'autocomplete', 'bash'], {env, encoding: 'utf8'})
  assert.equal(setup.status, 0, setup.stderr)
  assert.match(setup.stdout, /trove-notify autocomplete script bash/)
  const script = join(cache, 'trove-notify', 'autocomplete', 'functions', 'bash', 'trove-notify.bash')
  const complete = (...words) => {
    const bash = `source '${script}'
trove-notify() { '${process.execPath}' '${BIN}' "$@"; }
COMP_WORDS=(trove-notify ${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}
_trove-notify_autocomplete_with_names; printf '%s\\n' "\${COMPREPLY[@]}"`
    const r = spawnSync('bash', ['--norc', '-c', bash], {env, encoding: 'utf8'})
    assert.equal(r.status, 0, r.stderr)
    return [...new Set(r.stdout.trim().split('\n').filter(Boolean))]
  }
  assert.deepEqual(complete('backup', 'sh'), ['show'])
  assert.deepEqual(complete('instance', 'show', '--for'), ['--format'])
  const names = complete('instance', 'show', '')
  for (const name of ['db1', 'shop-member-1', 'shop-member-2', 'shop-member-3']) assert.ok(names.includes(name), `${name} in ${names}`)
  assert.deepEqual(complete('backup', 'create', 'db1', 'x', '--parent', 'ni'), ['nightly'])
  assert.ok(complete('instance', 'create', 'web', 'm1.').includes('m1.small'))
  assert.deepEqual(complete('cluster', 'delete', ''), ['shop'])
})
