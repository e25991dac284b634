// Help is a tested contract: every command has a one-line summary and at
// least one example, and the 29 lifecycle commands answer to the names and
// legacy `trove` aliases of CLI.md.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {Config} from '@oclif/core'
import {ROOT} from '../helpers/cli.js'

/** CLI.md's operations table: command id → legacy alias (null where it has none). */
const OPERATIONS = {
  'instance:create': 'create',
  'instance:restart': 'restart',
  'instance:resize-volume': 'resize-volume',
  'instance:resize-instance': 'resize-instance',
  'instance:promote': 'promote-to-replica-source',
  'instance:eject': 'eject-replica-source',
  'instance:delete': 'delete',
  'instance:detach': 'detach-replica',
  'instance:attach-configuration': 'configuration-attach',
  'instance:detach-configuration': 'configuration-detach',
  'cluster:create': 'cluster-create',
  'cluster:delete': 'cluster-delete',
  'cluster:add-shard': 'cluster-add-shard',
  'cluster:grow': 'cluster-grow',
  'cluster:shrink': 'cluster-shrink',
  'backup:create': 'backup-create',
  'backup:delete': 'backup-delete',
  'database:create': 'database-create',
  'database:delete': 'database-delete',
  'user:create': 'user-create',
  'user:delete': 'user-delete',
  'user:update-attributes': 'user-update-attributes',
  'user:grant': 'user-grant-access',
  'user:revoke': 'user-revoke-access',
  'user:change-password': null,
  'configuration:create': 'configuration-create',
  'configuration:delete': 'configuration-delete',
  'configuration:update': 'configuration-update',
  'configuration:edit': 'configuration-patch',
}

const READ_ONLY = ['instance:list', 'instance:show', 'cluster:list', 'cluster:show', 'backup:list', 'backup:show', 'database:list',
  'user:list', 'configuration:list', 'configuration:show', 'flavor:list', 'datastore:list']
const MONITORING = ['tail', 'quotas', 'quotas:show', 'quotas:update', 'exists', 'simulate',
  'events:list', 'events:show', 'events:schema', 'events:ceilometer']

const config = await Config.load(ROOT)
/** oclif lists each alias as a command too; keep the real ones, and ours (not the autocomplete plugin's). */
const commands = config.commands.filter((c) => !c.aliases.includes(c.id) && c.pluginName === config.name)

test('every command of CLI.md exists', () => {
  const ids = new Set(commands.map((c) => c.id))
  for (const id of [...Object.keys(OPERATIONS), ...READ_ONLY, ...MONITORING]) assert.ok(ids.has(id), `missing command ${id}`)
})

test('autocomplete is there for bash and zsh', () => {
  const c = config.findCommand('autocomplete')
  assert.ok(c, 'autocomplete command')
  assert.deepEqual(c.args.shell.options.filter((o) => o === 'bash' || o === 'zsh'), ['zsh', 'bash'])
})

test('every list and show command, and every operation, takes the openstack-style output flags', () => {
  const lists = READ_ONLY.filter((id) => id.endsWith(':list'))
  for (const id of [...READ_ONLY, ...Object.keys(OPERATIONS), 'events:list', 'events:show', 'quotas:show']) {
    const c = config.findCommand(id)
    for (const flag of ['format', 'column', 'noindent', 'max-width', 'fit-width', 'print-empty']) assert.ok(flag in c.flags, `${id} lacks --${flag}`)
    assert.equal(c.flags.format.char, 'f', `${id}: -f`)
    assert.equal(c.flags.column.char, 'c', `${id}: -c`)
    const listy = lists.includes(id) || id === 'events:list' || id === 'quotas:show'
    for (const flag of ['sort-column', 'sort-ascending', 'sort-descending']) assert.equal(flag in c.flags, listy, `${id} --${flag}`)
    assert.equal('prefix' in c.flags, !listy, `${id} --prefix`)
    assert.deepEqual(c.flags.format.options, listy ? ['table', 'json', 'yaml', 'value', 'csv'] : ['table', 'json', 'yaml', 'value', 'shell'])
  }
})

test('every command has a one-line summary and at least one example', () => {
  for (const c of commands) {
    assert.ok(c.summary && c.summary.trim().length > 0, `${c.id} has no summary`)
    assert.ok(!c.summary.includes('\n'), `${c.id}: summary is one line`)
    assert.ok(Array.isArray(c.examples) && c.examples.length > 0, `${c.id} has no example`)
  }
})

test('lifecycle commands answer to their legacy trove CLI names and take the shared flags', () => {
  for (const [id, alias] of Object.entries(OPERATIONS)) {
    const c = config.findCommand(id)
    if (alias) assert.ok(c.aliases.includes(alias), `${id} should answer to ${alias}`)
    for (const flag of ['json', 'fail', 'delay', 'url', 'exchange', 'topics', 'driver', 'tenant', 'user', 'region', 'state', 'config-file']) {
      assert.ok(flag in c.flags, `${id} lacks --${flag}`)
    }
  }
})

test('no alias is claimed twice', () => {
  const seen = new Map()
  for (const c of commands) {
    for (const a of c.aliases) {
      assert.ok(!seen.has(a), `alias ${a} of ${c.id} is also ${seen.get(a)}'s`)
      seen.set(a, c.id)
    }
  }
})
