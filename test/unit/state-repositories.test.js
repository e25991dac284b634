// The repositories' contract, run against both backends (SQLite and memory):
// every question answers the same way, in the same order, and a transaction
// that throws leaves nothing behind (nested ones are savepoints). The last
// test runs one script of changes on both and compares every row.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {BACKENDS, eachBackend, openBackend} from '../helpers/world.js'

const T = (s) => `2026-11-24T00:00:${String(s).padStart(2, '0')}.000Z`

function instance(id, over = {}) {
  return {
    id, name: id, tenant_id: 't1', user_id: 'u1', flavor_id: '2', datastore: 'mysql', datastore_version: '8.0',
    volume_size: 1, volume_type: null, availability_zone: 'nova', region: 'R', status: 'ACTIVE', task: null,
    nova_instance_id: `n-${id}`, nova_volume_id: null, cluster_id: null, shard_id: null, replica_of: null, configuration_id: null,
    restart_required: 0, created_at: T(1), launched_at: T(1), updated_at: T(1), deleted_at: null, ...over,
  }
}

function backup(id, over = {}) {
  return {
    id, name: id, tenant_id: 't1', instance_id: 'i1', parent_id: null, description: null, status: 'COMPLETED', size: 1,
    datastore: 'mysql', datastore_version: '8.0', created_at: T(1), updated_at: T(1), deleted_at: null, ...over,
  }
}

const ids = (rows) => rows.map((r) => r.id)

eachBackend(({backend}) => {
  test('tx: a throw leaves nothing behind; a nested throw undoes only the inner part (a savepoint); async is refused', () => {
    const w = openBackend(backend)
    w.instances.insert(instance('keep'))
    const before = JSON.stringify(w.dump())
    assert.throws(() => w.tx(() => {
      w.instances.insert(instance('i2'))
      w.instances.update('keep', {status: 'RESIZE', task: 'RESIZING'})
      w.instances.remove('keep')
      w.quotas.reserve('t1', {instances: 1, volumes: 2}, {instances: 10, volumes: 10, backups: 10}, T(2))
      w.quotas.setLimit('t1', 'backups', 3)
      w.databases.insert({instance_id: 'keep', name: 'db', character_set: null, collation: null, created_at: T(2)})
      w.users.insert({instance_id: 'keep', name: 'u', host: '%', password_hash: 'h', created_at: T(2)})
      w.users.grant('keep', {name: 'u', host: '%'}, 'db')
      w.existsAudit.record('keep', null, T(3))
      throw new Error('boom')
    }), /boom/)
    assert.equal(JSON.stringify(w.dump()), before)
    assert.deepEqual(ids(w.instances.live('t1')), ['keep'], 'the removed row is back in its place')

    w.tx(() => {
      w.instances.insert(instance('outer', {created_at: T(2)}))
      assert.throws(() => w.tx(() => {
        w.instances.insert(instance('inner', {created_at: T(3)}))
        throw new Error('inner')
      }), /inner/)
      w.instances.update('keep', {name: 'kept'})
    })
    assert.deepEqual(ids(w.instances.live('t1')), ['keep', 'outer'])
    assert.equal(w.instances.get('keep').name, 'kept')
    assert.throws(() => w.tx(async () => w.instances.insert(instance('late'))), /cannot return a promise/)
    assert.equal(w.instances.get('late'), undefined)
    assert.throws(() => w.instances.insert(instance('keep')), /UNIQUE constraint failed/)
  })

  test('instances: by id or name (an id wins, a deleted id names nothing), per tenant, oldest first; rows are snapshots', () => {
    const w = openBackend(backend)
    w.instances.insert(instance('b', {name: 'db', created_at: T(2)}))
    w.instances.insert(instance('a', {name: 'db', created_at: T(2)})) // same time: insertion order decides
    w.instances.insert(instance('c', {name: 'db', created_at: T(1), tenant_id: 't2'}))
    w.instances.insert(instance('db', {name: 'other', created_at: T(3)}))
    w.instances.insert(instance('gone', {name: 'db', deleted_at: T(4)}))
    assert.deepEqual(ids(w.instances.byRef('db')), ['db'], 'an id wins over names')
    w.instances.update('db', {deleted_at: T(5)})
    assert.deepEqual(ids(w.instances.byRef('db')), ['c', 'b', 'a'], 'a deleted id falls back to the name')
    assert.deepEqual(ids(w.instances.byRef('db', 't1')), ['b', 'a'])
    assert.deepEqual(ids(w.instances.byRef('c', 't1')), [], "another tenant's id names nothing for this tenant")
    assert.deepEqual(ids(w.instances.byRef('gone')), [])
    assert.deepEqual(ids(w.instances.live()), ['c', 'b', 'a'])
    assert.deepEqual(ids(w.instances.live('t1')), ['b', 'a'])
    assert.equal(w.instances.get('gone').deleted_at, T(4))
    const before = w.instances.get('a')
    w.instances.update('a', {status: 'SHUTDOWN', task: 'DELETING', volume_type: undefined})
    assert.deepEqual([before.status, before.task], ['ACTIVE', null], 'a row read before an update keeps its values')
    assert.deepEqual([w.instances.get('a').status, w.instances.get('a').volume_type], ['SHUTDOWN', null])
    w.instances.update('nope', {status: 'X'})
    assert.equal(w.instances.get('nope'), undefined)
    w.instances.insert(instance('r1', {replica_of: 'b', created_at: T(6)}))
    w.instances.insert(instance('r0', {replica_of: 'b', created_at: T(5)}))
    w.instances.insert(instance('r2', {replica_of: 'b', created_at: T(7), deleted_at: T(8)}))
    assert.deepEqual(ids(w.instances.replicasOf('b')), ['r0', 'r1'])
    w.instances.remove('r0')
    assert.deepEqual(ids(w.instances.replicasOf('b')), ['r1'])
  })

  test('clusters and members; configurations and attachments', () => {
    const w = openBackend(backend)
    const cluster = {id: 'c1', name: 'shop', tenant_id: 't1', datastore: 'mongodb', datastore_version: '5.0', task: null, created_at: T(1), updated_at: T(1), deleted_at: null}
    w.clusters.insert(cluster)
    w.clusters.insert({...cluster, id: 'c2', tenant_id: 't2'})
    w.instances.insert(instance('m2', {name: 'shop-member-2', cluster_id: 'c1', created_at: T(3)}))
    w.instances.insert(instance('m1', {name: 'shop-member-1', cluster_id: 'c1', created_at: T(2)}))
    w.instances.insert(instance('m3', {name: 'shop-member-3', cluster_id: 'c1', created_at: T(4), deleted_at: T(5)}))
    assert.deepEqual(ids(w.clusters.members('c1')), ['m1', 'm2'])
    assert.deepEqual([...w.clusters.memberNamesEver('c1')].sort(), ['shop-member-1', 'shop-member-2', 'shop-member-3'])
    assert.deepEqual(ids(w.clusters.byRef('shop', 't1')), ['c1'])
    assert.deepEqual(ids(w.clusters.byRef('c2', 't1')), [], "another tenant's cluster")
    assert.deepEqual(ids(w.clusters.live()), ['c1', 'c2'])
    w.clusters.update('c1', {task: 'GROWING_CLUSTER'})
    assert.equal(w.clusters.get('c1').task, 'GROWING_CLUSTER')

    const group = {id: 'g1', name: 'tuned', tenant_id: 't1', datastore: 'mysql', datastore_version: '8.0', description: null, values_json: '{}', created_at: T(1), updated_at: T(1), deleted_at: null}
    w.configurations.insert(group)
    w.configurations.insert({...group, id: 'g2', created_at: T(2)})
    assert.deepEqual(ids(w.configurations.byRef('tuned', 't1')), ['g1', 'g2'], 'an ambiguous name: both, oldest first')
    w.instances.update('m1', {configuration_id: 'g1'})
    w.instances.insert(instance('x', {configuration_id: 'g1', created_at: T(0)}))
    assert.deepEqual(ids(w.configurations.attachedTo('g1')), ['x', 'm1'])
    w.configurations.update('g2', {deleted_at: T(3)})
    assert.deepEqual(ids(w.configurations.live('t1')), ['g1'])
  })

  test('backups: the running one of an instance, incremental chains generation by generation, per tenant', () => {
    const w = openBackend(backend)
    w.backups.insert(backup('full', {created_at: T(1)}))
    w.backups.insert(backup('i2', {parent_id: 'full', created_at: T(3)}))
    w.backups.insert(backup('i1', {parent_id: 'full', created_at: T(2)}))
    w.backups.insert(backup('i1a', {parent_id: 'i1', created_at: T(4)}))
    w.backups.insert(backup('i2a', {parent_id: 'i2', created_at: T(1)}))
    w.backups.insert(backup('old', {parent_id: 'full', deleted_at: T(5)}))
    assert.deepEqual(ids(w.backups.descendants('full')), ['i1', 'i2', 'i2a', 'i1a'])
    assert.equal(w.backups.runningOf('i1'), undefined)
    w.backups.update('i2', {status: 'BUILDING'})
    assert.equal(w.backups.runningOf('i1').id, 'i2')
    w.backups.update('i2', {status: 'COMPLETED'})
    w.backups.insert(backup('new', {status: 'NEW', instance_id: 'i9', tenant_id: 't2'}))
    assert.equal(w.backups.runningOf('i9').id, 'new')
    assert.deepEqual(ids(w.backups.live('t1', 'i1')), ['full', 'i2a', 'i1', 'i2', 'i1a'])
    assert.deepEqual(ids(w.backups.byRef('new', 't1')), [])
    assert.deepEqual(ids(w.backups.byRef('new', 't2')), ['new'])
  })

  test('databases, users and grants: sorted as SQLite sorts (code points), unique, grants follow their user', () => {
    const w = openBackend(backend)
    const names = ['b', 'B', 'a_', 'ä', '\u{1F600}', '\uFFFD', 'A']
    for (const name of names) w.databases.insert({instance_id: 'i1', name, character_set: 'utf8', collation: 'utf8_general_ci', created_at: T(1)})
    assert.deepEqual(w.databases.of('i1').map((d) => d.name), ['A', 'B', 'a_', 'b', 'ä', '\uFFFD', '\u{1F600}'])
    assert.throws(() => w.databases.insert({instance_id: 'i1', name: 'b', character_set: null, collation: null, created_at: T(2)}), /UNIQUE/)
    w.databases.insert({instance_id: 'i1', name: 'b', character_set: null, collation: null, created_at: T(2)}, true)
    assert.equal(w.databases.get('i1', 'b').character_set, 'utf8', 'ifAbsent leaves the existing one')
    const app = {name: 'app', host: '%'}
    w.users.insert({instance_id: 'i1', name: 'app', host: '%', password_hash: 'h1', created_at: T(1)})
    w.users.insert({instance_id: 'i1', name: 'app', host: '10.%', password_hash: 'h2', created_at: T(1)})
    w.users.insert({instance_id: 'i1', name: 'Zed', host: '%', password_hash: 'h3', created_at: T(1)})
    assert.deepEqual(w.users.of('i1').map((u) => `${u.name}@${u.host}`), ['Zed@%', 'app@%', 'app@10.%'])
    for (const db of ['b', 'A', 'b']) w.users.grant('i1', app, db)
    w.users.grant('i1', {name: 'Zed', host: '%'}, 'b')
    assert.deepEqual(w.users.grants('i1', app), ['A', 'b'])
    assert.deepEqual(w.users.grantsOn('i1', 'b').map((g) => g.user_name).sort(), ['Zed', 'app'])
    w.users.move('i1', app, {name: 'app2', host: 'h'}, 'h9')
    assert.equal(w.users.get('i1', 'app', '%'), undefined)
    assert.equal(w.users.get('i1', 'app2', 'h').password_hash, 'h9')
    assert.deepEqual(w.users.grants('i1', {name: 'app2', host: 'h'}), ['A', 'b'])
    assert.deepEqual(w.users.grants('i1', app), [])
    w.users.setPassword('i1', {name: 'Zed', host: '%'}, 'h4')
    assert.equal(w.users.get('i1', 'Zed', '%').password_hash, 'h4')
    w.users.revokeAllOn('i1', 'b')
    assert.deepEqual(w.users.grants('i1', {name: 'app2', host: 'h'}), ['A'])
    w.users.revoke('i1', {name: 'app2', host: 'h'}, 'A')
    assert.deepEqual(w.users.grants('i1', {name: 'app2', host: 'h'}), [])
    w.users.grant('i1', {name: 'Zed', host: '%'}, 'A')
    w.users.remove('i1', {name: 'Zed', host: '%'})
    assert.deepEqual(w.dump().user_access, [])
    w.users.removeAllOf('i1')
    w.databases.removeAllOf('i1')
    assert.deepEqual([w.users.of('i1'), w.databases.of('i1')], [[], []])
  })

  test('quotas: a reservation over a limit changes nothing; usage never below 0; room; stamp', () => {
    const w = openBackend(backend)
    const defaults = {instances: 2, volumes: 5, backups: -1}
    assert.deepEqual(w.quotas.reserve('t1', {instances: 1, volumes: 4}, defaults, T(1)), [])
    const over = w.quotas.reserve('t1', {instances: 2, volumes: 2, backups: 100}, defaults, T(2))
    assert.deepEqual(over, [
      {resource: 'instances', inUse: 0, reserved: 1, requested: 2, limit: 2},
      {resource: 'volumes', inUse: 0, reserved: 4, requested: 2, limit: 5},
    ])
    assert.deepEqual(w.quotas.usage('t1', 'instances'), {tenant_id: 't1', resource: 'instances', in_use: 0, reserved: 1, updated_at: T(1)})
    assert.deepEqual(w.quotas.usage('t1', 'backups'), {tenant_id: 't1', resource: 'backups', in_use: 0, reserved: 0, updated_at: null})
    w.quotas.commit('t1', {instances: 1, volumes: 4}, T(3))
    w.quotas.adjustInUse('t1', {volumes: -10}, T(4))
    assert.deepEqual([w.quotas.usage('t1', 'volumes').in_use, w.quotas.usage('t1', 'volumes').reserved], [0, 0])
    w.quotas.release('t1', {instances: 5}, T(5))
    assert.equal(w.quotas.usage('t1', 'instances').reserved, 0)
    w.quotas.setLimit('t1', 'volumes', 9)
    w.quotas.setLimit('t1', 'volumes', 8)
    assert.equal(w.quotas.limit('t1', 'volumes', defaults), 8)
    assert.equal(w.quotas.limit('t2', 'volumes', defaults), 5)
    assert.deepEqual(w.quotas.room('t1', defaults), {instances: 1, volumes: 8, backups: Number.POSITIVE_INFINITY})
    w.quotas.stamp('t1', T(9))
    assert.deepEqual([w.quotas.usage('t1', 'instances').updated_at, w.quotas.usage('t1', 'backups').updated_at], [T(5), T(9)])
    w.quotas.stamp('t1', T(10))
    assert.equal(w.quotas.usage('t1', 'backups').updated_at, T(9), 'a stamped record keeps its time')
  })

  test('exists audit: candidates and a window end moved only from where it was', () => {
    const w = openBackend(backend)
    w.instances.insert(instance('live', {created_at: T(2)}))
    w.instances.insert(instance('early', {created_at: T(1)}))
    w.instances.insert(instance('unlaunched', {launched_at: null}))
    w.instances.insert(instance('closing', {status: 'SHUTDOWN'}))
    w.instances.insert(instance('dead', {deleted_at: T(5)}))
    const due = () => w.existsAudit.candidates().map((c) => `${c.instance.id}:${c.ending}`)
    assert.deepEqual(due(), ['early:null', 'dead:null', 'live:null'])
    w.existsAudit.record('live', null, T(3))
    w.existsAudit.record('live', null, T(4)) // someone else already moved it
    assert.deepEqual(due(), ['early:null', 'dead:null', `live:${T(3)}`])
    w.existsAudit.record('live', T(2), T(4))
    assert.equal(w.existsAudit.candidates().at(-1).ending, T(3), 'not from where it was: unchanged')
    w.existsAudit.record('dead', null, T(5))
    assert.deepEqual(due(), ['early:null', `live:${T(3)}`], 'a deleted instance with its final window is done')
    assert.deepEqual(w.tenants(), ['t1'])
  })

  test('outbox: rows in seq order with their bytes; removed when confirmed; taken over from an owner; rolled back with the tx', () => {
    const w = openBackend(backend)
    const row = (n, owner = 'h:1', exchange = 'x') => ({
      message_id: `m${n}`, routing_key: 'notification.info', exchange, body: Buffer.from(`{"n":${n}}`), owner, created_at: T(n),
    })
    const a = w.outbox.put(row(1))
    const b = w.outbox.put(row(2, 'h:2'))
    const c = w.outbox.put(row(3, 'h:1', 'other'))
    assert.ok(a < b && b < c, 'seq grows')
    assert.throws(() => w.tx(() => {
      w.outbox.put(row(4))
      throw new Error('boom')
    }), /boom/)
    assert.equal(w.outbox.count(), 3, 'a rolled-back tx queued nothing')
    assert.deepEqual(w.outbox.owners(), ['h:1', 'h:2'])
    const taken = w.tx(() => w.outbox.adopt('h:1', 'h:9', 'x'))
    assert.deepEqual(taken.map((r) => [r.seq, r.message_id, r.owner, Buffer.from(r.body).toString()]), [[a, 'm1', 'h:9', '{"n":1}']])
    assert.deepEqual(w.outbox.owners(), ['h:1', 'h:2', 'h:9'], "another exchange's row stays with its owner")
    w.outbox.remove([a, b])
    assert.deepEqual(w.outbox.rows().map((r) => r.message_id), ['m3'])
    assert.deepEqual(w.dump().outbox.map((r) => r.message_id), ['m3'])
  })

  test('afterCommit: runs when the outermost tx commits, at once outside one, never for a rolled-back tx or savepoint', () => {
    const w = openBackend(backend)
    const ran = []
    w.afterCommit(() => ran.push('now'))
    w.tx(() => {
      w.afterCommit(() => ran.push('outer'))
      try {
        w.tx(() => {
          w.afterCommit(() => ran.push('savepoint'))
          throw new Error('undo')
        })
      } catch { /* the savepoint is undone */ }
      w.tx(() => w.afterCommit(() => ran.push('inner')))
      assert.deepEqual(ran, ['now'], 'nothing runs before the commit')
    })
    assert.throws(() => w.tx(() => {
      w.afterCommit(() => ran.push('rolled back'))
      throw new Error('boom')
    }), /boom/)
    assert.deepEqual(ran, ['now', 'outer', 'inner'])
  })

  test('operations in flight: begin, record grows, taken over once, ended', () => {
    const w = openBackend(backend)
    const op = (id, started) => ({
      request_id: id, operation: 'instance_create', owner_host: 'h', owner_pid: 7, started_at: started, deadline: T(50), record: '{}',
    })
    w.inFlight.begin(op('req-b', T(2)))
    w.inFlight.begin(op('req-a', T(3)))
    w.inFlight.update('req-b', '{"undo":[]}')
    assert.deepEqual(w.inFlight.all().map((r) => [r.request_id, r.record]), [['req-b', '{"undo":[]}'], ['req-a', '{}']])
    assert.equal(w.inFlight.takeOver('req-b', {host: 'h', pid: 7}, {host: 'h', pid: 8}), true)
    assert.equal(w.inFlight.takeOver('req-b', {host: 'h', pid: 7}, {host: 'h', pid: 9}), false, 'someone else took it')
    assert.equal(w.inFlight.get('req-b').owner_pid, 8)
    assert.throws(() => w.tx(() => {
      w.inFlight.end('req-a')
      throw new Error('boom')
    }), /boom/)
    w.inFlight.end('req-b')
    assert.deepEqual(w.dump().operations_in_flight.map((r) => r.request_id), ['req-a'])
  })

  test('tenants (sorted, from instances, backups and quotas) and compaction of what was deleted before a mark', () => {
    const w = openBackend(backend)
    const cluster = {id: 'c1', name: 'c', tenant_id: 'tC', datastore: 'redis', datastore_version: '7.0', task: null, created_at: T(1), updated_at: T(1), deleted_at: null}
    w.clusters.insert(cluster)
    w.clusters.insert({...cluster, id: 'c2', deleted_at: T(2)})
    w.instances.insert(instance('old', {tenant_id: 'tB', deleted_at: T(2)}))
    w.instances.insert(instance('late', {deleted_at: T(8)}))
    w.instances.insert(instance('member', {cluster_id: 'c1', deleted_at: T(2)}))
    w.instances.insert(instance('member2', {cluster_id: 'c2', deleted_at: T(2)}))
    w.databases.insert({instance_id: 'old', name: 'd', character_set: null, collation: null, created_at: T(1)})
    w.users.insert({instance_id: 'old', name: 'u', host: '%', password_hash: 'h', created_at: T(1)})
    w.users.grant('old', {name: 'u', host: '%'}, 'd')
    w.existsAudit.record('old', null, T(2))
    w.backups.insert(backup('b', {tenant_id: 'tA', deleted_at: T(1)}))
    w.quotas.setLimit('tZ', 'instances', 1)
    w.quotas.adjustInUse('Ta', {instances: 1}, T(1))
    assert.deepEqual(w.tenants(), ['Ta', 't1', 'tA', 'tB', 'tZ'])
    assert.equal(w.compact(T(5)), 8)
    const d = w.dump()
    assert.deepEqual([ids(d.instances), ids(d.clusters), d.backups, d.databases, d.users, d.user_access, d.exists_audit],
      [['late', 'member'], ['c1'], [], [], [], [], []])
  })
})

test('both backends: one script of changes leaves the same rows, column for column, in the same order', () => {
  const dumps = BACKENDS.map((backend) => {
    const w = openBackend(backend)
    w.tx(() => {
      for (let i = 0; i < 30; i++) {
        w.instances.insert(instance(`i${i}`, {created_at: T(i % 7), tenant_id: `t${i % 3}`, replica_of: i % 5 === 0 ? null : `i${i - (i % 5)}`}))
        if (i % 4 === 0) w.databases.insert({instance_id: `i${i}`, name: `db${30 - i}`, character_set: null, collation: null, created_at: T(i)})
        if (i % 6 === 0) w.backups.insert(backup(`b${i}`, {instance_id: `i${i}`, tenant_id: `t${i % 3}`, created_at: T(i % 4)}))
        w.quotas.reserve(`t${i % 3}`, {instances: 1, volumes: 1}, {instances: 100, volumes: 100, backups: 100}, T(i))
      }
      for (let i = 0; i < 30; i += 3) w.instances.update(`i${i}`, {status: 'SHUTDOWN', deleted_at: T(9), volume_size: undefined})
      try {
        w.tx(() => {
          w.instances.remove('i1')
          throw new Error('undo')
        })
      } catch { /* the savepoint is undone */ }
    })
    return {dump: JSON.stringify(w.dump()), live: w.instances.live().map((r) => r.id), tenants: w.tenants()}
  })
  assert.deepEqual(dumps[1], dumps[0])
})
