// The facts of every case test/interop/trove18_harness.py runs through Trove
// 18's own code (same ids, names and request), and what a dialect renders for
// them in the order the harness sends: start, then the end or error (status
// notifications where the taskmanager sends them). The interop test compares
// the trove-18 rendering with the harness's capture; unit tests reuse them.
import {getDialect} from '../../dist/events/dialect/index.js'

export const TENANT = 'f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d'
export const USER = 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d'
export const IID = '0b4c9a55-5f45-4a63-9d6c-6f1c5c0d7c11'
export const IID2 = '7d1f3b2e-2a40-4c55-8e71-3c2b9d4e5f60'
export const CID = '3e2f6a1b-1c4d-4e5f-9a8b-7c6d5e4f3a21'
export const CFG = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a'
export const BID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d'
export const DSV = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'
export const SERVER = 'c0ffee00-1111-4222-8333-444455556666'
export const VOLUME = 'd00dfeed-aaaa-4bbb-8ccc-ddddeeeeffff'
export const NET = 'e1e2e3e4-f5f6-4a7b-8c9d-0a1b2c3d4e5f'
export const HOST = '10.0.0.1'
export const MYSQL_SERVICE_ID = '2f3ff068-2bfb-4f70-9a9d-a6bb65bc084b'

export function request(requestId = 'req-471559ec-61b5-4e6d-a98d-50b51be3c95d') {
  return {requestId, tenantId: TENANT, userId: USER, roles: ['member', 'reader'], clientIp: '10.0.0.5', clientPort: 51234, serverIp: '10.0.0.1:8779', host: HOST}
}

/** Each operation's start facts (and end facts), as the harness's OPS table passes them to Trove. */
export const OPS = {
  instance_create: {
    start: {name: 'db1', flavorId: '2', datastore: 'mysql', datastoreVersion: '8.0', imageId: 'a9b8c7d6-e5f4-4321-9876-543210fedcba',
      availabilityZone: 'nova', regionName: 'RegionOne', volumeSupport: true, volumeSize: 2, nics: [{network_id: NET}]},
    end: {instanceId: IID}, status: 'create-after',
  },
  instance_reboot: {start: {instanceId: IID}},
  instance_restart: {start: {instanceId: IID}},
  instance_resize_volume: {start: {instanceId: IID, newSize: 4}},
  instance_resize_instance: {start: {instanceId: IID, newFlavorId: '3'}, status: 'modify_flavor-before'},
  instance_promote: {start: {instanceId: IID}},
  instance_eject: {start: {instanceId: IID}},
  instance_delete: {start: {instanceId: IID}, status: 'delete-before'},
  instance_reset_status: {start: {instanceId: IID}},
  instance_detach: {start: {instanceId: IID}},
  instance_attach_configuration: {start: {instanceId: IID, configurationId: CFG}},
  instance_detach_configuration: {start: {instanceId: IID}},
  upgrade: {start: {instanceId: IID, datastoreVersionId: DSV}},
  migrate: {start: {instanceId: IID, host: 'compute-2'}},
  cluster_create: {start: {name: 'c1', datastore: 'mariadb', datastoreVersion: '10.4'}, end: {clusterId: CID}},
  cluster_delete: {start: {clusterId: CID, memberIds: [IID, IID2]}},
  cluster_add_shard: {start: {clusterId: CID}},
  cluster_grow: {start: {clusterId: CID}, end: {instanceIds: [IID2]}},
  cluster_shrink: {start: {clusterId: CID, instanceIds: [IID2]}},
  cluster_restart: {start: {clusterId: CID, memberIds: [IID, IID2]}},
  cluster_upgrade: {start: {clusterId: CID, memberIds: [IID, IID2], datastoreVersionId: DSV}},
  cluster_reset_status: {start: {clusterId: CID}},
  cluster_attach_configuration: {start: {clusterId: CID, memberIds: [IID, IID2], configurationId: CFG}},
  cluster_detach_configuration: {start: {clusterId: CID, memberIds: [IID, IID2]}},
  backup_create: {start: {name: 'nightly', instanceId: IID}, end: {backupId: BID}},
  backup_delete: {start: {backupId: BID}},
  database_create: {start: {instanceId: IID, dbname: 'shop'}, batch: ['shop', 'crm']},
  database_delete: {start: {instanceId: IID, dbname: 'shop'}},
  user_create: {start: {instanceId: IID, username: 'app'}, batch: ['app', 'report']},
  user_delete: {start: {instanceId: IID, username: 'app', host: '%'}},
  user_update_attributes: {start: {instanceId: IID, username: 'app'}},
  user_grant: {start: {instanceId: IID, username: 'app', database: 'shop'}, batch: ['shop', 'crm']},
  user_revoke: {start: {instanceId: IID, username: 'app', database: 'shop', accessible: ['shop', 'crm']}},
  user_change_password: {start: {instanceId: IID, username: 'app'}, batch: ['app', 'report']},
  configuration_create: {start: {name: 'cfg1', datastore: 'mysql', datastoreVersion: '8.0'}, end: {configurationId: CFG}},
  configuration_delete: {start: {configurationId: CFG}},
  configuration_update: {start: {configurationId: CFG, newName: 'cfg1', name: 'cfg1', description: null}},
  configuration_edit: {start: {configurationId: CFG}},
}

/** The instance the taskmanager holds in the harness's status cases (FakeInstance there). */
export function instanceFacts(over = {}) {
  return {
    id: IID, name: 'db1', tenantId: TENANT, userId: USER, flavorId: '2', flavorName: 'm1.small', flavorRam: 2048,
    status: 'ACTIVE', novaInstanceId: SERVER, novaVolumeId: VOLUME, volumeSize: 2, availabilityZone: 'nova', clusterId: null,
    createdAt: '2026-11-24T09:00:05.000Z', launchedAt: '2026-11-24T09:00:05.000Z', region: 'LOCAL_DEV',
    serviceId: MYSQL_SERVICE_ID, volumeSupport: true, ...over,
  }
}

function statusChange(kind) {
  if (kind === 'create') return {event: 'create', instance: instanceFacts()}
  if (kind === 'modify_flavor') {
    return {event: 'modify_flavor', instance: instanceFacts({flavorId: '3', flavorName: 'm1.medium', flavorRam: 4096}), oldInstanceSize: 2048, modifyAt: '2026-11-24T09:30:05.000Z'}
  }
  return {event: 'delete', instance: instanceFacts(), deletedAt: '2026-11-24T11:00:05.000Z'}
}

const errorFacts = (where) => where === 'api'
  ? {where: 'api', message: `Instance ${IID} is not currently available for an action to be performed (task status was BUILDING).`, exceptionClass: 'UnprocessableEntity'}
  : {where: 'worker', message: 'No valid host was found. There are not enough hosts available.', exceptionClass: 'TroveError', instanceId: IID}

/**
 * What a dialect sends for one harness case: `end` (the work succeeds),
 * `error` (the finishing component fails) or `api-error` (the API handler
 * fails inside its block).
 */
export function render(dialectName, op, kase, req = request()) {
  const d = getDialect(dialectName)
  const def = OPS[op]
  const [statusKind, statusWhen] = (def.status ?? '').split('-')
  const base = {operation: op, request: req, start: def.start}
  const batches = def.batch ? def.batch.map((name, index) => ({index, names: def.batch, earlierFailed: false})) : [undefined]
  const out = []
  const startFor = (batch) => def.batch ? {...def.start, [Object.keys(def.start).find((k) => def.start[k] === def.batch[0])]: def.batch[batch.index]} : def.start
  for (const batch of batches) out.push(...d.lifecycle({...base, start: startFor(batch), phase: 'start', batch}))
  const status = () => d.status({operation: op, request: req, start: def.start, change: statusChange(statusKind)})
  if (kase !== 'api-error') for (const batch of batches) out.push(...d.lifecycle({...base, start: startFor(batch), phase: 'handoff', batch}))
  if (kase === 'end') {
    if (statusWhen === 'before') out.push(...status())
    if (op === 'cluster_delete') {
      for (const id of def.start.memberIds) out.push(...d.status({operation: op, request: req, start: def.start, change: {...statusChange('delete'), instance: instanceFacts({id})}}))
    }
    for (const batch of batches) out.push(...d.lifecycle({...base, start: startFor(batch), phase: 'end', end: def.end, batch}))
    if (statusWhen === 'after') out.push(...status())
  } else {
    if (op === 'cluster_delete' && kase === 'error') {
      for (const id of def.start.memberIds) out.push(...d.status({operation: op, request: req, start: def.start, change: {...statusChange('delete'), instance: instanceFacts({id})}}))
    }
    const batch = batches.at(-1)
    out.push(...d.lifecycle({...base, start: startFor(batch), phase: 'error', error: errorFacts(kase === 'api-error' ? 'api' : 'worker'),
      end: kase === 'api-error' ? undefined : def.end, batch}))
  }
  return out
}

/** The facts of the harness's exists runs: one ACTIVE and one SHUTDOWN instance, NovaNotificationTransformer. */
export function existsRun(now) {
  return {
    periodic: {userId: USER, tenantId: TENANT, requestId: 'req-ab82595d-a154-45b1-ac4c-0508894d327d', host: HOST, serviceUser: '', serviceProject: ''},
    now, interval: 3600, transformer: 'trove.extensions.mgmt.instances.models.NovaNotificationTransformer',
    windows: [],
    live: [instanceFacts(), instanceFacts({id: IID2, name: 'db2', status: 'SHUTDOWN'})],
  }
}
