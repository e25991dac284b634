// Backup operations in-process on a :memory: world: Trove's rules (each
// broken rule is .start then .error with every table as it was), the statuses
// an instance and a backup pass through, backups quota exact after create and
// delete, and who ends each lifecycle (create: the conductor, delete: the
// taskmanager).
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {createBackup, deleteBackup} from '../../dist/operations/backup.js'
import {createCluster} from '../../dist/operations/cluster.js'
import {createInstance} from '../../dist/operations/instance.js'
import {eachBackend, expectError, usage} from '../helpers/world.js'

eachBackend(({world}) => {
  /** A world with an ACTIVE 5 GB instance db1, messages reset. */
  async function withInstance() {
    const w = world()
    const r = await createInstance(w.ctx(), {name: 'db1', flavor: '2', size: 5})
    assert.equal(r.outcome, 'end', r.error)
    w.reset()
    return {w, instanceId: r.resource.id}
  }

  async function backup(w, input, extra = {}) {
    const r = await createBackup(w.ctx(extra), input)
    assert.equal(r.outcome, 'end', r.error)
    return r.resource.id
  }

  const backups = (w) => usage(w, 'backups')
  const backupRow = (w, id) => w.world.backups.get(id)
  const instanceState = (w, id) => {
    const {status, task} = w.world.instances.get(id)
    return {status, task}
  }
  /** What was published: [event_type, service of publisher_id, server_type]. */
  const trail = (w) => w.messages().map((m) => [m.event_type, m.publisher_id.split('.')[0], m.payload.server_type])

  describe('backup create', () => {
    test('while the guest works: instance BACKUP, backup BUILDING, quota reserved; then COMPLETED, committed, .end from the conductor', async () => {
      const {w, instanceId} = await withInstance()
      let during
      const r = await createBackup(w.ctx({delay: 0.01, onStatus: () => {
        during ??= {instance: instanceState(w, instanceId), backup: w.world.dump().backups[0].status, quota: backups(w)}
      }}), {instance: 'db1', name: 'nightly', description: 'before the upgrade'})
      assert.deepEqual(during, {instance: {status: 'BACKUP', task: 'BACKING_UP'}, backup: 'BUILDING', quota: {in_use: 0, reserved: 1}})
      assert.equal(r.outcome, 'end')
      assert.equal(r.ended_by, 'conductor')
      const row = backupRow(w, r.resource.id)
      assert.deepEqual([row.status, row.instance_id, row.parent_id, row.description, row.datastore], ['COMPLETED', instanceId, null, 'before the upgrade', 'mysql'])
      assert.ok(row.size > 0 && row.size <= 5)
      assert.deepEqual(instanceState(w, instanceId), {status: 'ACTIVE', task: null})
      assert.deepEqual(backups(w), {in_use: 1, reserved: 0})
      assert.deepEqual(trail(w), [['dbaas.backup_create.start', 'api', 'api'], ['dbaas.backup_create.end', 'conductor', 'conductor']])
      const [start, end] = w.messages()
      assert.deepEqual([start.payload.name, start.payload.instance_id, start.payload.description, start.payload.parent_id],
        ['nightly', instanceId, 'before the upgrade', null], 'a full backup: parent_id present and null (the spec lists it)')
      assert.equal(end.payload.backup_id, r.resource.id)
    })

    test('incremental: a COMPLETED parent of the same instance, parent_id in .start', async () => {
      const {w, instanceId} = await withInstance()
      const full = await backup(w, {instance: instanceId, name: 'full'})
      w.reset()
      const incr = await backup(w, {instance: 'db1', name: 'incr', parent: 'full'})
      assert.equal(backupRow(w, incr).parent_id, full)
      assert.equal(w.messages()[0].payload.parent_id, full)
      assert.deepEqual(backups(w), {in_use: 2, reserved: 0})
    })

    test('refused: a running backup, BUILD, busy, a cluster member, unknown instance, a parent not COMPLETED or of another instance, the quota', async () => {
      const {w, instanceId} = await withInstance()
      w.world.quotas.setLimit('tenant-a', 'backups', 2)
      const full = await backup(w, {instance: 'db1', name: 'full'})
      await createInstance(w.ctx(), {name: 'db2', flavor: '2', size: 1})
      await createCluster(w.ctx(), {name: 'c', datastore: 'redis', instances: [{flavor: '2', volume: 1}]})

      w.world.backups.update(full, {status: 'BUILDING'}) // as another process leaves it mid-work
      await expectError(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b'}), /db1 .* already has a backup running \(full/, 'UnprocessableEntity')
      w.world.backups.update(full, {status: 'FAILED'})
      await expectError(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b', parent: full}), /is FAILED; an incremental backup needs a COMPLETED parent/, 'UnprocessableEntity')
      w.world.backups.update(full, {status: 'COMPLETED'})
      await expectError(w, () => createBackup(w.ctx(), {instance: 'db2', name: 'b', parent: 'full'}), /is of instance .*not db2 .*a parent of the same instance/, 'BadRequest')
      await expectError(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b', parent: 'ghost'}), /Backup ghost could not be found/, 'BackupNotFound')
      assert.equal(w.messages()[0].payload.parent_id, 'ghost')
      await expectError(w, () => createBackup(w.ctx(), {instance: 'c-member-1', name: 'b'}), /member of cluster/, 'BadRequest')
      await expectError(w, () => createBackup(w.ctx(), {instance: 'nope', name: 'b'}), /Instance nope could not be found/, 'NotFound')
      w.world.instances.update(instanceId, {status: 'BUILD', task: 'BUILDING'})
      await expectError(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b'}), /still building/, 'UnprocessableEntity')
      w.world.instances.update(instanceId, {status: 'ACTIVE', task: 'RESIZING'})
      await expectError(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'b'}), /not currently available .*RESIZING/, 'UnprocessableEntity')
      w.world.instances.update(instanceId, {task: null})
      await backup(w, {instance: 'db2', name: 'second'})
      await expectError(w, () => createBackup(w.ctx(), {instance: 'db1', name: 'third'}), /Quota exceeded for resources: \['backups'\]/, 'QuotaExceeded')
      assert.deepEqual(backups(w), {in_use: 2, reserved: 0})
    })

    test('--fail: the guest fails and the conductor reports .error; no backup left, instance ACTIVE, reservation released', async () => {
      const {w, instanceId} = await withInstance()
      const r = await createBackup(w.ctx({fail: 'xtrabackup: disk full'}), {instance: 'db1', name: 'b'})
      assert.deepEqual([r.outcome, r.error, r.error_class, r.ended_by], ['error', 'xtrabackup: disk full', 'GuestError', 'conductor'])
      assert.deepEqual(trail(w), [['dbaas.backup_create.start', 'api', 'api'], ['dbaas.backup_create.error', 'conductor', 'conductor']])
      assert.match(w.messages()[1].payload.exception.at(-1), /GuestError: xtrabackup: disk full\n$/)
      assert.deepEqual(w.snapshot().backups, [])
      assert.deepEqual(instanceState(w, instanceId), {status: 'ACTIVE', task: null})
      assert.deepEqual(backups(w), {in_use: 0, reserved: 0})
    })
  })

  describe('restore (instance create --backup)', () => {
    test("the tenant's COMPLETED backup of the same datastore, by id or name; an ambiguous name is refused", async () => {
      const {w} = await withInstance()
      const first = await backup(w, {instance: 'db1', name: 'nightly'})
      const second = await backup(w, {instance: 'db1', name: 'nightly'})
      await expectError(w, () => createInstance(w.ctx(), {name: 'r', flavor: '2', backup: 'nightly'}),
        new RegExp(`Multiple backups are named nightly \\(${first}, ${second}\\); use an id`), 'BadRequest')
      await expectError(w, () => createInstance(w.ctx(), {name: 'r', flavor: '2', backup: 'ghost'}), /Backup ghost could not be found/, 'BackupNotFound')
      await expectError(w, () => createInstance(w.ctx(), {name: 'r', flavor: '2', datastore: 'postgresql', backup: first}),
        /is of datastore mysql, not postgresql/, 'BadRequest')
      await expectError(w, () => createInstance(w.ctx({caller: {tenantId: 'other', userId: 'u'}}), {name: 'r', flavor: '2', backup: first}),
        /could not be found/, 'BackupNotFound')
      const r = await createInstance(w.ctx(), {name: 'r', flavor: '2', backup: second})
      assert.equal(r.outcome, 'end', r.error)
      assert.equal(w.messages().at(-1).event_type, 'dbaas.instance_create.end')
    })
  })

  describe('backup delete', () => {
    test('deletes the backup and its incremental descendants, frees their quota; .end from the taskmanager', async () => {
      const {w} = await withInstance()
      const full = await backup(w, {instance: 'db1', name: 'full'})
      const incr = await backup(w, {instance: 'db1', name: 'incr', parent: full})
      const incr2 = await backup(w, {instance: 'db1', name: 'incr2', parent: incr})
      const other = await backup(w, {instance: 'db1', name: 'other'})
      w.reset()
      assert.deepEqual(backups(w), {in_use: 4, reserved: 0})
      const r = await deleteBackup(w.ctx(), 'incr')
      assert.equal(r.outcome, 'end')
      assert.deepEqual(r.resource.deleted, [incr, incr2])
      assert.deepEqual(backups(w), {in_use: 2, reserved: 0})
      assert.deepEqual(trail(w), [['dbaas.backup_delete.start', 'api', 'api'], ['dbaas.backup_delete.end', 'taskmanager', 'task']])
      assert.equal(w.messages()[0].payload.backup_id, incr)
      assert.deepEqual((await deleteBackup(w.ctx(), full)).resource.deleted, [full])
      assert.deepEqual(backups(w), {in_use: 1, reserved: 0})
      assert.deepEqual(w.world.backups.live('tenant-a').map((b) => b.id), [other])
      // A deleted backup cannot be restored from.
      assert.equal((await createInstance(w.ctx(), {name: 'db9', flavor: '2', backup: full})).error_class, 'BackupNotFound')
    })

    test('refused while it (or an incremental child) runs, and for an unknown backup; --fail restores the statuses', async () => {
      const {w} = await withInstance()
      const full = await backup(w, {instance: 'db1', name: 'full'})
      // Deleting while a backup runs, tried from inside the guest's work.
      let attempt
      const incr = await backup(w, {instance: 'db1', name: 'incr', parent: full}, {delay: 0.01, onStatus: () => {
        attempt ??= Promise.all([deleteBackup(w.ctx(), 'incr'), deleteBackup(w.ctx(), 'full')])
      }})
      const [self, parent] = await attempt
      assert.match(self.error, /^Backup .* cannot be deleted because it is running\.$/)
      assert.match(parent.error, new RegExp(`cannot be deleted because its incremental backup ${incr} is running`))
      assert.equal(backupRow(w, incr).status, 'COMPLETED')

      await expectError(w, () => deleteBackup(w.ctx(), 'ghost'), /Backup ghost could not be found/, 'BackupNotFound')
      assert.equal(w.messages()[0].payload.backup_id, 'ghost')
      const before = w.snapshot()
      w.reset()
      const failed = await deleteBackup(w.ctx({fail: 'swift: 503'}), full)
      assert.equal(failed.error, 'swift: 503')
      assert.deepEqual(w.snapshot(), before)
      assert.deepEqual(trail(w), [['dbaas.backup_delete.start', 'api', 'api'], ['dbaas.backup_delete.error', 'taskmanager', 'task']])
      assert.deepEqual(backups(w), {in_use: 2, reserved: 0})
    })
  })
})
