// The backup commands as a user runs them: the built CLI against the real
// RabbitMQ, each lifecycle read back from the queues (create ends in the
// conductor, delete in the taskmanager), exit codes, and what another
// process sees while a backup runs.
import assert from 'node:assert/strict'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, test} from 'node:test'
import {privateBus} from '../helpers/broker.js'
import {cliWith, runCli, tempState} from '../helpers/cli.js'
import {expectLifecycle} from '../helpers/lifecycle.js'

describe('backup commands against RabbitMQ', () => {
  let bus
  const state = tempState()
  let cli
  const world = cliWith('--state', state)
  const host = hostname()
  const arrived = (operation, outcome, endedBy) => expectLifecycle(bus, {operation, outcome, endedBy, host})
  let instanceId
  let fullId
  let winner

  before(async () => {
    bus = await privateBus('backup')
    cli = cliWith('--state', state, ...bus.args)
    const r = await cli('instance', 'create', 'db1', '2', '--size', '2', '--json')
    assert.equal(r.code, 0, r.stderr)
    instanceId = r.json.resource.id
    await bus.takeAll()
  })
  after(async () => {
    await bus.cleanup()
  })

  test('create: .start from the API, .end with backup_id from the guest agent through the conductor', async () => {
    const r = await cli('backup', 'create', 'db1', 'full', '--description', 'before the upgrade', '--json')
    assert.equal(r.code, 0, r.stderr)
    fullId = r.json.resource.id
    const {start, end} = await arrived('backup_create', 'end', 'conductor')
    assert.deepEqual([start.payload.name, start.payload.instance_id, start.payload.description], ['full', instanceId, 'before the upgrade'])
    assert.ok('parent_id' in start.payload && start.payload.parent_id === null, 'a full backup: parent_id present and null (the spec lists it)')
    assert.equal(end.publisher_id, `conductor.${host}`)
    assert.equal(end.payload.backup_id, fullId)
    assert.equal(r.json.ended_by, 'conductor')

    const incr = await cli('backup-create', 'db1', 'incr', '--parent', 'full')
    assert.equal(incr.code, 0, incr.stderr)
    assert.equal((await arrived('backup_create', 'end', 'conductor')).start.payload.parent_id, fullId)
  })

  test('create refused (unknown parent, unknown instance): .error from the API, exit 1; missing INSTANCE: usage error, exit 2', async () => {
    const r = await cli('backup', 'create', 'db1', 'x', '--parent', 'ghost')
    assert.equal(r.code, 1)
    assert.match(r.stdout, /Backup ghost could not be found/)
    const {start, error} = await arrived('backup_create', 'error', 'api')
    assert.equal(start.payload.parent_id, 'ghost')
    assert.match(error.payload.exception.at(-1), /BackupNotFound: Backup ghost could not be found/)

    // One argument is openstack's shape (backup create NAME -i INSTANCE): it is the NAME, and the error says so.
    const usage = await cli('backup', 'create', 'db1')
    assert.equal(usage.code, 2)
    assert.match(usage.stderr, /missing argument INSTANCE \("db1" is read as NAME; give INSTANCE first, or with -i\)/)
    assert.equal((await bus.takeAll()).all.length, 0, 'nothing published for a usage error')

    const list = await world('backup-list', '--json')
    assert.deepEqual(list.json.map((b) => [b.name, b.status]), [['full', 'COMPLETED'], ['incr', 'COMPLETED']])
  })

  test('several processes back up one instance at once: one wins; while it runs the instance shows BACKUP, another backup and deleting it are refused', async () => {
    // The winner's work is held until the gate file exists (TROVE_NOTIFY_WORK_GATE), so every other
    // racer meets its backup running whatever the machine's speed; the losers are refused in the API.
    const gate = join(mkdtempSync(join(tmpdir(), 'tn-gate-')), 'open')
    const racers = [1, 2, 3, 4].map((i) => runCli(['backup', 'create', 'db1', `race-${i}`, '--delay', '0.01', '--state', state, ...bus.args],
      {env: {TROVE_NOTIFY_WORK_GATE: gate}}))
    let refused = 0
    const losersDone = new Promise((resolve) => racers.forEach((p) => p.then((r) => { if (r.code === 1 && ++refused === 3) resolve() })))
    await Promise.race([losersDone, Promise.all(racers)]) // (all of them ending first: more than one won, and the asserts below say so)
    const shown = (await world('instance', 'show', 'db1', '--json')).json
    assert.equal(shown.status, 'BACKUP')
    const running = (await world('backup', 'list', '--json')).json.filter((b) => b.status === 'NEW' || b.status === 'BUILDING')
    assert.equal(running.length, 1)
    const [again, del] = await Promise.all([cli('backup', 'create', 'db1', 'again'), cli('backup', 'delete', running[0].id)])
    assert.equal(again.code, 1)
    assert.match(again.stdout, new RegExp(`already has a backup running \\(${running[0].name}`))
    assert.equal(del.code, 1)
    assert.match(del.stdout, /cannot be deleted because it is running/)

    writeFileSync(gate, '')
    const runs = await Promise.all(racers)
    assert.deepEqual(runs.map((r) => r.code), [1, 2, 3, 4].map((i) => (`race-${i}` === running[0].name ? 0 : 1)), 'exactly the running one wins')
    const {info, error} = await bus.takeAll()
    const count = (list, type) => list.filter((m) => m.message.event_type === type).length
    assert.deepEqual([count(info, 'dbaas.backup_create.start'), count(info, 'dbaas.backup_create.end'), count(error, 'dbaas.backup_create.error')], [5, 1, 4])
    assert.deepEqual([count(info, 'dbaas.backup_delete.start'), count(error, 'dbaas.backup_delete.error')], [1, 1])
    assert.equal((await world('instance', 'show', 'db1', '--json')).json.status, 'ACTIVE')
    winner = running[0].name
  })

  test('delete: ended by the taskmanager, incremental children go too; refused for an unknown backup', async () => {
    const r = await cli('backup', 'delete', 'full', '--json')
    assert.equal(r.code, 0, r.stderr)
    const {start} = await arrived('backup_delete', 'end', 'task')
    assert.equal(start.payload.backup_id, fullId)
    assert.equal(r.json.resource.deleted.length, 2)
    const list = await world('backup', 'list', '--json')
    assert.deepEqual(list.json.map((b) => b.name), [winner])

    const bad = await cli('backup-delete', 'full')
    assert.equal(bad.code, 1)
    const {start: badStart, error} = await arrived('backup_delete', 'error', 'api')
    assert.equal(badStart.payload.backup_id, 'full')
    assert.match(error.payload.message, /Backup full could not be found/)
  })
})
