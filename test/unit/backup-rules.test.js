// Backup operations in-process (no broker): Trove's rules, the statuses an
// instance and a backup pass through, quota exactness, and the lifecycle each
// emits (create ends in the conductor, delete in the taskmanager).
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {createBackup, deleteBackup} from '../../dist/operations/backup.js'
import {createCluster} from '../../dist/operations/cluster.js'
import {createInstance} from '../../dist/operations/instance.js'
import {assertLifecycle} from '../helpers/lifecycle-assert.js'
import {HOST, opWorld} from '../helpers/op-world.js'

/** A world with an ACTIVE instance db1 (5 GB). */
async function withInstance(opts = {}) {
  const w = opWorld(opts)
  const r = await createInstance(w.ctx(), {name: 'db1', flavor: '2', size: 5})
  assert.equal(r.outcome, 'end', r.error)
  w.drain()
  return {w, instanceId: r.resource.id}
}

async function backup(w, input, over = {}) {
  const r = await createBackup(w.ctx(over), input)
  assert.equal(r.outcome, 'end', r.error)
  return r.resource.id
}

const backupRow = (w, id) => w.store.db.prepare('SELECT * FROM backups WHERE id = ?').get(id)

const refused = (w, ...args) => w.refused(...args)

describe('backup create', () => {
  test('instance BACKUP and backup BUILDING with the quota reserved while the guest works; then COMPLETED, committed, ended by the conductor', async () => {
    const {w, instanceId} = await withInstance()
    let during
    const r = await createBackup(w.ctx({delay: 0.01, onStatus: () => {
      during ??= {
        instance: w.store.db.prepare('SELECT status, task FROM instances WHERE id = ?').get(instanceId),
        backup: w.store.db.prepare('SELECT status FROM backups').get(),
        quota: w.usage('backups'),
      }
    }}), {instance: 'db1', name: 'nightly', description: 'before the upgrade'})
    assert.deepEqual(during, {instance: {status: 'BACKUP', task: 'BACKING_UP'}, backup: {status: 'BUILDING'}, quota: {in_use: 0, reserved: 1}})
    assert.equal(r.outcome, 'end')
    assert.equal(r.ended_by, 'conductor')
    const row = backupRow(w, r.resource.id)
    assert.deepEqual([row.status, row.instance_id, row.parent_id, row.description, row.datastore], ['COMPLETED', instanceId, null, 'before the upgrade', 'mysql'])
    assert.ok(row.size > 0 && row.size <= 5)
    assert.deepEqual(w.store.db.prepare('SELECT status, task FROM instances WHERE id = ?').get(instanceId), {status: 'ACTIVE', task: null})
    assert.deepEqual(w.usage('backups'), {in_use: 1, reserved: 0})
    const [start, end] = assertLifecycle(w.drain(), [['dbaas.backup_create.start', 'api'], ['dbaas.backup_create.end', 'conductor']], {host: HOST})
    assert.deepEqual([start.payload.name, start.payload.instance_id, start.payload.description, start.payload.parent_id],
      ['nightly', instanceId, 'before the upgrade', undefined])
    assert.equal(end.publisher_id, `conductor.${HOST}`)
    assert.equal(end.payload.backup_id, r.resource.id)
  })

  test('incremental: a COMPLETED parent of the same instance; parent_id in .start', async () => {
    const {w, instanceId} = await withInstance()
    const full = await backup(w, {instance: instanceId, name: 'full'})
    w.drain()
    const incr = await backup(w, {instance: 'db1', name: 'incr', parent: 'full'})
    assert.equal(backupRow(w, incr).parent_id, full)
    const [start] = assertLifecycle(w.drain(), [['dbaas.backup_create.start', 'api'], ['dbaas.backup_create.end', 'conductor']])
    assert.equal(start.payload.parent_id, full)
    assert.deepEqual(w.usage('backups'), {in_use: 2, reserved: 0})
  })

  test('refused: a running backup, BUILD, a cluster member, an unknown instance, a parent not COMPLETED or of another instance, the quota', async () => {
    const {w, instanceId} = await withInstance({limits: {backups: 2}})
    const full = await backup(w, {instance: 'db1', name: 'full'})
    await createInstance(w.ctx(), {name: 'db2', flavor: '2', size: 1})
    await createCluster(w.ctx(), {name: 'c', datastore: 'redis', instances: [{flavor: '2', volume: 1}]})

    // A backup running on db1 (as another process would leave it mid-work).
    w.store.db.prepare("UPDATE backups SET status = 'BUILDING' WHERE id = ?").run(full)
    const {messages} = await refused(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b'}), /db1 .* already has a backup running \(full/, 'UnprocessableEntity')
    assertLifecycle(messages, [['dbaas.backup_create.start', 'api'], ['dbaas.backup_create.error', 'api']])
    await refused(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b', parent: 'full'}), /already has a backup running/)
    w.store.db.prepare("UPDATE backups SET status = 'FAILED' WHERE id = ?").run(full)
    await refused(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b', parent: full}), /is FAILED; an incremental backup needs a COMPLETED parent/, 'UnprocessableEntity')
    w.store.db.prepare("UPDATE backups SET status = 'COMPLETED' WHERE id = ?").run(full)
    await refused(w, () => createBackup(w.ctx(), {instance: 'db2', name: 'b', parent: 'full'}), /is of instance .*not db2 .*needs a parent of the same instance/, 'BadRequest')
    await refused(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b', parent: 'ghost'}), /Backup ghost could not be found/, 'BackupNotFound')
    await refused(w, () => createBackup(w.ctx(), {instance: 'c-member-1', name: 'b'}), /member of cluster/, 'BadRequest')
    await refused(w, () => createBackup(w.ctx(), {instance: 'nope', name: 'b'}), /Instance nope could not be found/, 'NotFound')
    w.store.db.prepare("UPDATE instances SET status = 'BUILD', task = 'BUILDING' WHERE id = ?").run(instanceId)
    await refused(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b'}), /still building/, 'UnprocessableEntity')
    w.store.db.prepare("UPDATE instances SET status = 'ACTIVE', task = 'RESIZING' WHERE id = ?").run(instanceId)
    await refused(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b'}), /not currently available .*RESIZING/, 'UnprocessableEntity')
    w.store.db.prepare('UPDATE instances SET task = NULL WHERE id = ?').run(instanceId)
    await backup(w, {instance: 'db2', name: 'second'})
    await refused(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'third'}), /Quota exceeded for resources: \['backups'\]/, 'QuotaExceeded')
    assert.deepEqual(w.usage('backups'), {in_use: 2, reserved: 0})
  })

  test('--fail: the guest fails, the conductor reports .error; no backup left, instance ACTIVE, reservation released', async () => {
    const {w} = await withInstance()
    const {r, messages} = await refused(w, () => createBackup(w.ctx({fail: 'xtrabackup: disk full'}), {instance: 'db1', name: 'b'}), /xtrabackup: disk full/, 'GuestError')
    assert.equal(r.ended_by, 'conductor')
    const [, error] = assertLifecycle(messages, [['dbaas.backup_create.start', 'api'], ['dbaas.backup_create.error', 'conductor']])
    assert.match(error.payload.exception.at(-1), /GuestError: xtrabackup: disk full\n$/)
    assert.deepEqual(w.usage('backups'), {in_use: 0, reserved: 0})
  })
})

describe('backup delete', () => {
  test('deletes the backup and its incremental descendants, frees their quota, ended by the taskmanager', async () => {
    const {w} = await withInstance()
    const full = await backup(w, {instance: 'db1', name: 'full'})
    const incr = await backup(w, {instance: 'db1', name: 'incr', parent: full})
    const incr2 = await backup(w, {instance: 'db1', name: 'incr2', parent: incr})
    const other = await backup(w, {instance: 'db1', name: 'other'})
    w.drain()
    assert.deepEqual(w.usage('backups'), {in_use: 4, reserved: 0})
    const r = await deleteBackup(w.ctx(), 'incr')
    assert.equal(r.outcome, 'end')
    assert.deepEqual(r.resource.deleted, [incr, incr2])
    assert.deepEqual(w.usage('backups'), {in_use: 2, reserved: 0})
    const [start] = assertLifecycle(w.drain(), [['dbaas.backup_delete.start', 'api'], ['dbaas.backup_delete.end', 'task']], {host: HOST})
    assert.equal(start.payload.backup_id, incr)
    const r2 = await deleteBackup(w.ctx(), full)
    assert.deepEqual(r2.resource.deleted, [full])
    assert.deepEqual(w.usage('backups'), {in_use: 1, reserved: 0})
    assert.deepEqual(w.store.db.prepare('SELECT id FROM backups WHERE deleted_at IS NULL').all(), [{id: other}])
    // A deleted backup cannot be restored from.
    const restore = await createInstance(w.ctx(), {name: 'db9', flavor: '2', backup: full})
    assert.equal(restore.error_class, 'BackupNotFound')
  })

  test('refused while it (or an incremental child) runs, and for an unknown backup; --fail restores the statuses', async () => {
    const {w} = await withInstance()
    const full = await backup(w, {instance: 'db1', name: 'full'})
    // Delete while a backup is running: tried from inside the guest's work.
    let attempt
    const incr = await backup(w, {instance: 'db1', name: 'incr', parent: full}, {delay: 0.01, onStatus: () => {
      attempt ??= Promise.all([deleteBackup(w.ctx(), 'incr'), deleteBackup(w.ctx(), 'full')])
    }})
    const [self, parent] = await attempt
    assert.match(self.error, /^Backup .* cannot be deleted because it is running\.$/)
    assert.match(parent.error, new RegExp(`cannot be deleted because its incremental backup ${incr} is running`))
    assert.equal(backupRow(w, incr).status, 'COMPLETED')

    const {messages} = await refused(w, () => deleteBackup(w.ctx(), 'ghost'), /Backup ghost could not be found/, 'BackupNotFound')
    assertLifecycle(messages, [['dbaas.backup_delete.start', 'api'], ['dbaas.backup_delete.error', 'api']])
    const failed = await refused(w, () => deleteBackup(w.ctx({fail: 'swift: 503'}), full), /swift: 503/, 'TroveError')
    assertLifecycle(failed.messages, [['dbaas.backup_delete.start', 'api'], ['dbaas.backup_delete.error', 'task']])
    assert.deepEqual(w.usage('backups'), {in_use: 2, reserved: 0})
  })
})
