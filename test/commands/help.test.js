// Help is a tested contract: every command has a one-line summary and at
// least one example, and the 29 lifecycle commands answer to the names and
// legacy `trove` aliases of CLI.md.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {Config} from '@oclif/core'
import {standardizeIDFromArgv} from '@oclif/core/help'
import {ROOT} from '../helpers/cli.js'

/**
 * CLI.md's operations table: command id → the names it also answers to: the
 * legacy `trove` CLI name and the `openstack database …` command words
 * (without `openstack database`), where they differ from the id.
 */
const OPERATIONS = {
  'instance:create': ['create'],
  'instance:restart': ['restart'],
  'instance:resize-volume': ['resize-volume', 'instance:resize:volume'],
  'instance:resize-instance': ['resize-instance', 'instance:resize:flavor'],
  'instance:promote': ['promote-to-replica-source'],
  'instance:eject': ['eject-replica-source'],
  'instance:delete': ['delete'],
  'instance:force-delete': ['force-delete', 'instance:force:delete'],
  'instance:detach': ['detach-replica'],
  'instance:attach-configuration': ['configuration-attach', 'configuration:attach'],
  'instance:detach-configuration': ['configuration-detach', 'configuration:detach'],
  'cluster:create': ['cluster-create'],
  'cluster:delete': ['cluster-delete'],
  'cluster:force-delete': ['cluster-force-delete', 'cluster:force:delete'],
  'cluster:add-shard': ['cluster-add-shard'],
  'cluster:grow': ['cluster-grow'],
  'cluster:shrink': ['cluster-shrink'],
  'backup:create': ['backup-create'],
  'backup:delete': ['backup-delete'],
  'database:create': ['database-create', 'db:create'],
  'database:delete': ['database-delete', 'db:delete'],
  'user:create': ['user-create'],
  'user:delete': ['user-delete'],
  'user:update-attributes': ['user-update-attributes', 'user:update:attributes'],
  'user:grant': ['user-grant-access', 'user:grant:access'],
  'user:revoke': ['user-revoke-access', 'user:revoke:access'],
  'user:change-password': [],
  'configuration:create': ['configuration-create'],
  'configuration:delete': ['configuration-delete'],
  'configuration:update': ['configuration-update', 'configuration:set'],
  'configuration:edit': ['configuration-patch', 'configuration:parameter:set'],
  // Trove 18's nine beyond the spec: troveclient's names where it has them, CLI.md's for the cluster configuration pair.
  'cluster:attach-configuration': ['cluster:configuration:attach'],
  'cluster:detach-configuration': ['cluster:configuration:detach'],
  'cluster:reset-status': ['cluster-reset-status', 'cluster:reset:status'],
  'cluster:upgrade': ['cluster-upgrade'],
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

test('lifecycle commands answer to their legacy trove CLI names and openstack command words, and take the shared flags', () => {
  for (const [id, aliases] of Object.entries(OPERATIONS)) {
    const c = config.findCommand(id)
    for (const alias of aliases) assert.ok(c.aliases.includes(alias), `${id} should answer to ${alias}`)
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

test('a command line of words finds its command: openstack command words are never read as arguments of a shorter command', () => {
  // What oclif does with argv when the topic separator is a space (bin/run.js → execute → this).
  for (const c of commands.filter((x) => Object.keys(x.args ?? {}).length > 0)) {
    for (const name of [c.id, ...c.aliases]) {
      const words = name.split(':')
      const [id, ...rest] = standardizeIDFromArgv([...words, 'arg1', 'arg2'], config)
      assert.equal(id, name, `"${words.join(' ')} arg1 arg2" runs ${id}`)
      assert.deepEqual(rest, ['arg1', 'arg2'])
    }
  }
})

test('the only spellings that shadow an argument are documented: an instance named "access" needs --', () => {
  // `user grant INSTANCE …` would take an instance called "access"; `user grant access …` is openstack's command.
  const ids = new Set(config.commands.map((c) => c.id))
  const shadows = []
  for (const c of commands) {
    for (const alias of c.aliases.filter((a) => a.includes(':'))) {
      const words = alias.split(':')
      for (let n = 1; n < words.length; n++) {
        const shorter = words.slice(0, n).join(':')
        if (ids.has(shorter) && Object.keys(config.findCommand(shorter).args ?? {}).length > 0) shadows.push(`${shorter} ${words.slice(n).join(' ')}`)
      }
    }
  }
  assert.deepEqual(shadows.sort(), ['user:grant access', 'user:revoke access'])
  for (const id of ['user:grant', 'user:revoke']) assert.match(config.findCommand(id).description, /named "access".*--/, id)
})
