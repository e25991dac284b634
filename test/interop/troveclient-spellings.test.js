// Every spelling python-troveclient 8 accepts for the 38 operations (the spec's 29 and Trove 18's nine) works
// here, with its meaning there. The spellings are not written in this file:
// troveclient's own argparse parsers (the legacy `trove` shell and each
// `openstack database …` command, built by troveclient_spellings.py through
// /usr/bin/python3) list every command's positionals and options. Each one
// is run against the built CLI (all in one process, test/helpers/cli-batch.js,
// through oclif's own `run` as bin/run.js does) with --dry-run --json, and the input the operation would
// get must hold the value where troveclient's argparse `dest` says it
// belongs. A troveclient command or option trove-notify does not know
// fails here, by name.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {DECLARATIONS} from '../../dist/inputs/index.js'
import {isolatedEnv, ROOT} from '../helpers/cli.js'

const spellings = JSON.parse(execFileSync('/usr/bin/python3', [new URL('./troveclient_spellings.py', import.meta.url).pathname], {encoding: 'utf8', maxBuffer: 1 << 24}))

/** The 38 operations and the troveclient commands that run them (legacy `trove` name, `openstack database` entry point). */
const COMMANDS = {
  instance_create: {legacy: ['create'], osc: ['database_instance_create']},
  instance_restart: {legacy: ['restart'], osc: ['database_instance_restart']},
  instance_resize_volume: {legacy: ['resize-volume'], osc: ['database_instance_resize_volume']},
  instance_resize_instance: {legacy: ['resize-instance'], osc: ['database_instance_resize_flavor']},
  instance_promote: {legacy: ['promote-to-replica-source'], osc: ['database_instance_promote']},
  instance_eject: {legacy: ['eject-replica-source'], osc: ['database_instance_eject']},
  instance_delete: {legacy: ['delete', 'force-delete'], osc: ['database_instance_delete', 'database_instance_force_delete']},
  instance_detach: {legacy: ['detach-replica'], osc: ['database_instance_detach']},
  instance_attach_configuration: {legacy: ['configuration-attach'], osc: ['database_configuration_attach']},
  instance_detach_configuration: {legacy: ['configuration-detach'], osc: ['database_configuration_detach']},
  cluster_create: {legacy: ['cluster-create'], osc: ['database_cluster_create']},
  cluster_delete: {legacy: ['cluster-delete', 'cluster-force-delete'], osc: ['database_cluster_delete', 'database_cluster_force_delete']},
  cluster_add_shard: {legacy: [], osc: []},
  cluster_grow: {legacy: ['cluster-grow'], osc: ['database_cluster_grow']},
  cluster_shrink: {legacy: ['cluster-shrink'], osc: ['database_cluster_shrink']},
  backup_create: {legacy: ['backup-create'], osc: ['database_backup_create']},
  backup_delete: {legacy: ['backup-delete'], osc: ['database_backup_delete']},
  database_create: {legacy: ['database-create'], osc: ['database_db_create']},
  database_delete: {legacy: ['database-delete'], osc: ['database_db_delete']},
  user_create: {legacy: ['user-create'], osc: ['database_user_create']},
  user_delete: {legacy: ['user-delete'], osc: ['database_user_delete']},
  user_update_attributes: {legacy: ['user-update-attributes'], osc: ['database_user_update_attributes']},
  user_grant: {legacy: ['user-grant-access'], osc: ['database_user_grant_access']},
  user_revoke: {legacy: ['user-revoke-access'], osc: ['database_user_revoke_access']},
  user_change_password: {legacy: [], osc: []},
  configuration_create: {legacy: ['configuration-create'], osc: ['database_configuration_create']},
  configuration_delete: {legacy: ['configuration-delete'], osc: ['database_configuration_delete']},
  configuration_update: {legacy: ['configuration-update'], osc: ['database_configuration_set']},
  configuration_edit: {legacy: ['configuration-patch'], osc: ['database_configuration_parameter_set']},
  // beyond the spec: Trove 18's own operations (issue 12)
  instance_reboot: {legacy: [], osc: ['database_instance_reboot']},
  instance_reset_status: {legacy: ['reset-status'], osc: ['database_instance_reset_status']},
  upgrade: {legacy: ['upgrade'], osc: ['database_instance_upgrade']},
  migrate: {legacy: [], osc: []},
  cluster_restart: {legacy: [], osc: []},
  cluster_upgrade: {legacy: ['cluster-upgrade'], osc: ['database_cluster_upgrade']},
  cluster_reset_status: {legacy: ['cluster-reset-status'], osc: ['database_cluster_reset_status']},
  cluster_attach_configuration: {legacy: [], osc: []},
  cluster_detach_configuration: {legacy: [], osc: []},
}

/** troveclient commands that are not one of the 38 operations, and why. */
const NOT_OURS = {
  'read-only (trove-notify has its own list/show commands)': /(^|[-_])(list|show|instances|modules|query|retrieve|instance[-_]count|tail)($|[-_])|^(database_)?limit|parameter[-_](list|show)$|configuration[-_]default$|user[-_]show[-_]access$/,
  'not simulated: modules, guest logs, root, security groups, metadata, schedules, backup strategies, quotas (see `quotas update`), instance update/rebuild, datastore administration':
    /(^|[-_])(module|log|root|secgroup|metadata|schedule|execution|strategy|quota|datastore)([-_]|$)|^update$|^database_instance_(update|rebuild)$/,
}

/** troveclient's argparse dest → the input field, where the names differ (otherwise the camelCase of the dest). */
const FIELD = {
  instance_delete: {instance: 'instances'},
  cluster_delete: {cluster: 'clusters'},
  backup_delete: {backup: 'backups'},
  database_create: {name: 'names'},
  user_revoke: {databases: 'database'},
  configuration_delete: {configuration_group: 'configuration'},
  configuration_update: {configuration_group: 'configuration', configuration_group_id: 'configuration'},
  configuration_edit: {configuration_group: 'configuration', configuration_group_id: 'configuration'},
}
/** What the force-delete commands add to the input. */
const IMPLIED = {'force-delete': {force: true}, database_instance_force_delete: {force: true}, 'cluster-force-delete': {force: true}, database_cluster_force_delete: {force: true}}

const UUID = '5e1f6a3c-0b8e-4d27-9c1a-2f4b6d8e0a13'
/** Sample values by dest (troveclient syntax), and what the input holds for them. */
const SAMPLES = {
  users: {given: ['u1:p1', 'u2:p2'], want: [{name: 'u1', password: '********'}, {name: 'u2', password: '********'}]},
  password: {given: ['p1'], want: '********'},
  new_password: {given: ['p2'], want: '********'},
  nics: {given: [`net-id=${UUID}`], want: [{netId: UUID}]},
  'cluster_create.instances': {given: ['flavor=2,volume=1', `flavor=3,volume=2,volume_type=ssd,nic='net-id=${UUID}',module=m1,module=m2,type=query_router`],
    want: [{flavor: '2', volume: 1}, {flavor: '3', volume: 2, volumeType: 'ssd', nics: [{netId: UUID}], modules: ['m1', 'm2'], type: ['query_router']}]},
  'cluster_grow.instances': {given: ['flavor=2,volume=1', 'flavor=3,volume=2,availability_zone=az2,related_to=m1,name=shard-2,region=r2'],
    want: [{flavor: '2', volume: 1}, {flavor: '3', volume: 2, availabilityZone: 'az2', relatedTo: 'm1', name: 'shard-2', region: 'r2'}]},
  values: {given: ['{"max_connections": 10}'], want: {max_connections: 10}},
  extended_properties: {given: ['num_mongos=2,num_configsvr=1'], want: {num_mongos: '2', num_configsvr: '1'}},
  allowed_cidrs: {given: ['10.0.0.0/24', '10.1.0.0/16'], want: ['10.0.0.0/24', '10.1.0.0/16']},
  host: {given: ['10.0.0.%'], want: '10.0.0.%'},
  new_host: {given: ['10.1.%'], want: '10.1.%'},
  restore_from: {given: ['https://swift.example.net/v1/AUTH_x/backups/b1.xbstream'], want: 'https://swift.example.net/v1/AUTH_x/backups/b1.xbstream'},
  restore_datastore_version: {given: [UUID], want: UUID},
}
/** Options troveclient (or Trove's schema) needs together: the base of a valid command line. */
const NEEDS = {
  database_instance_create: {flavor: ['--flavor', 'f1']},
  'cluster-create': {instances: ['--instance', 'flavor=2,volume=1']},
  database_cluster_create: {instances: ['--instance', 'flavor=2,volume=1']},
  'cluster-grow': {instances: ['--instance', 'flavor=2,volume=1']},
  database_cluster_grow: {instances: ['--instance', 'flavor=2,volume=1']},
  'user-update-attributes': {new_name: ['--new_name', 'n2']},
  database_user_update_attributes: {new_name: ['--new_name', 'n2']},
  database_backup_create: {instance: ['-i', 'i1']},
}
const COMPANIONS = {
  restore_from: ['--restore-datastore-version', UUID, '--restore-size', '1.5'],
  restore_datastore_version: ['--restore-from', SAMPLES.restore_from.given[0], '--restore-size', '1.5'],
  restore_size: ['--restore-from', SAMPLES.restore_from.given[0], '--restore-datastore-version', UUID],
}

const camel = (dest) => dest.replace(/_(.)/g, (_, ch) => ch.toUpperCase())
const fieldOf = (op, dest) => FIELD[op]?.[dest] ?? camel(dest)

/** A sample for one positional or option, and the value the input should then hold. */
function sample(op, spec) {
  const field = fieldOf(op, spec.dest)
  const many = Boolean(DECLARATIONS[op].fields[field]?.many)
  const known = SAMPLES[`${op}.${spec.dest}`] ?? SAMPLES[spec.dest]
  if (spec.action === 'storetrue') return {given: [], want: true, field}
  if (known) return {...known, field}
  if (spec.choices) return {given: [spec.choices.at(-1)], want: spec.choices.at(-1), field}
  if (spec.type === 'int') return {given: ['2'], want: many ? [2] : 2, field}
  if (spec.type === 'float') return {given: ['1.5'], want: 1.5, field}
  const base = `v-${spec.dest}`
  const several = spec.nargs === '+' || spec.action === 'append'
  if (several) return {given: [`${base}-1`, `${base}-2`], want: [`${base}-1`, `${base}-2`], field}
  return {given: [base], want: many ? [base] : base, field}
}

/** Our words for a troveclient command: the legacy name, or the entry point without `database_`, words split. */
function words(kind, name) {
  if (kind === 'legacy') return [name]
  return name.replace(/^database_/, '').split('_')
}

/** Run each command line (`trove-notify ...argv`) in one process of the built CLI; their `--json` results or errors. */
function cliBatch(argvs) {
  const file = join(mkdtempSync(join(tmpdir(), 'tn-spell-')), 'results.json')
  execFileSync(process.execPath, [join(ROOT, 'test', 'helpers', 'cli-batch.js'), file], {input: JSON.stringify(argvs), env: isolatedEnv(), stdio: ['pipe', 'ignore', 'inherit']})
  return JSON.parse(readFileSync(file, 'utf8'))
}

/** Every command line to try: [label, argv, operation, expected input subset]. */
function commandLines() {
  const lines = []
  for (const [op, names] of Object.entries(COMMANDS)) {
    for (const kind of ['legacy', 'osc']) {
      for (const name of names[kind]) {
        const parser = spellings[kind][name]
        assert.ok(parser, `troveclient has no ${kind} command ${name} any more`)
        const base = [...words(kind, name)]
        const want = {...IMPLIED[name]}
        for (const p of parser.positionals) {
          const s = sample(op, p)
          base.push(...s.given)
          want[s.field] = s.want
        }
        const needs = NEEDS[name] ?? {}
        const needed = Object.values(needs).flat()
        lines.push([`${kind} ${name}`, [...base, ...needed], op, want])
        for (const o of parser.options) {
          for (const flag of o.strings) {
            const s = sample(op, o)
            const given = o.action === 'storetrue' ? [flag]
              : o.action === 'append' ? s.given.flatMap((v) => [flag, v])
                : [flag, ...s.given]
            const extra = Object.entries(needs).filter(([dest]) => dest !== o.dest).flatMap(([, a]) => a)
            lines.push([`${kind} ${name} ${flag}`, [...base, ...given, ...extra, ...(COMPANIONS[o.dest] ?? [])], op, {...want, [s.field]: s.want}])
          }
        }
      }
    }
  }
  return lines
}

test('every troveclient command is one of the 38 operations or named as not one of them', () => {
  const mapped = new Set(Object.values(COMMANDS).flatMap((c) => [...c.legacy, ...c.osc]))
  for (const kind of ['legacy', 'osc']) {
    for (const name of Object.keys(spellings[kind])) {
      if (mapped.has(name)) continue
      const why = Object.entries(NOT_OURS).find(([, re]) => re.test(name))
      assert.ok(why, `troveclient's ${kind} command ${name} is new: map it to an operation or say why it is not one`)
    }
  }
})

test('every positional and option troveclient 8 accepts for the 38 operations runs here with its meaning', (t) => {
  const lines = commandLines()
  const outcomes = cliBatch(lines.map(([, argv]) => [...argv, '--dry-run', '--json']))
  let ran = 0
  for (const [i, [label, argv, op, want]] of lines.entries()) {
    const {result, error} = outcomes[i]
    assert.equal(error, undefined, `${label}: trove-notify ${argv.join(' ')} failed: ${error?.message}`)
    assert.equal(result.operation, op, `${label}: runs ${result.operation}, not ${op}`)
    for (const [field, value] of Object.entries(want)) {
      assert.deepEqual(result.input[field], value, `${label}: trove-notify ${argv.join(' ')} → input.${field}`)
    }
    ran++
  }
  t.diagnostic(`${ran} troveclient spellings derived from its parsers and run`)
  assert.ok(ran >= 140, `only ${ran} spellings: did the derivation break?`)
})
