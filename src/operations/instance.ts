/**
 * Instance create and delete (taskmanager work): the simulated Trove's rules,
 * state changes with their compensations, and the status notifications.
 */
import {isoTime} from '../messaging/envelope.js'
import type {Limits} from '../settings/settings.js'
import type {Deltas} from '../state/quotas.js'
import type {InstanceRow} from '../state/rows.js'
import {hashPassword} from '../util/secret.js'
import type {OpContext, OperationResult} from './context.js'
import {badRequest, unprocessable} from './errors.js'
import {runLifecycle} from './lifecycle.js'
import type {UndoStep} from './undo.js'
import {reserve} from './quota.js'
import {REPLICATION_DATASTORES} from './replication.js'
import {
  assertActionable, DEFAULT_DATASTORE, findBackup, findConfiguration, findDatastore, findFlavor, findInstance, imageIdOf, startInstanceId, startVersion,
} from './resolve.js'
import {instanceFacts} from './status.js'
import type {Input} from '../inputs/index.js'
import type {Nic, StartFacts} from '../events/dialect/facts.js'

/** Declared once, in src/inputs/instance.ts; cluster operations also set the member's cluster (and shard). */
export type CreateInstanceInput = Input<'instance_create'> & {readonly clusterId?: string, readonly shardId?: string}

/** Volume size when none is given, in GB. */
export const DEFAULT_VOLUME_SIZE = 1

/**
 * Trove's volume size rule: a whole number of GB, > 0 and ≤ max_accepted_volume_size.
 * Shared by instance create and cluster members.
 */
export function checkVolumeSize(size: number, limits: Limits): void {
  if (!Number.isInteger(size) || size <= 0) throw badRequest(`Volume size ${size} is not valid; it must be a whole number of GB greater than 0.`)
  if (size > limits.maxAcceptedVolumeSize) {
    throw badRequest(`Volume size ${size} GB cannot exceed the maximum of ${limits.maxAcceptedVolumeSize} GB (max_accepted_volume_size).`)
  }
}

/** A new instance row in BUILD (also used for cluster members: `input.clusterId`, `input.shardId`). */
export function newInstanceRow(ctx: OpContext, input: CreateInstanceInput, values: {
  flavorId: string, datastore: string, version: string, size: number, configurationId: string | null, replicaOf: string | null, name: string,
}): InstanceRow {
  const now = isoTime(ctx.clock.now())
  return {
    id: ctx.ids.uuid(),
    name: values.name,
    tenant_id: ctx.caller.tenantId,
    user_id: ctx.caller.userId,
    flavor_id: values.flavorId,
    datastore: values.datastore,
    datastore_version: values.version,
    volume_size: values.size,
    volume_type: input.volumeType ?? null,
    availability_zone: input.availabilityZone ?? 'nova',
    region: input.region ?? ctx.settings.region,
    status: 'BUILD',
    task: 'BUILDING',
    nova_instance_id: ctx.ids.uuid(),
    nova_volume_id: ctx.ids.uuid(),
    cluster_id: input.clusterId ?? null,
    shard_id: input.shardId ?? null,
    replica_of: values.replicaOf,
    configuration_id: values.configurationId,
    restart_required: 0,
    created_at: now,
    launched_at: null,
    updated_at: now,
    deleted_at: null,
  }
}

/** A NIC as the create request carries it (troveclient's keys: network_id, subnet_id, ip_address; the legacy port-id, v4-fixed-ip). */
function nicFacts(n: NonNullable<CreateInstanceInput['nics']>[number]): Nic {
  const out: Record<string, string> = {}
  if (n.netId !== undefined) out.network_id = n.netId
  if (n.subnetId !== undefined) out.subnet_id = n.subnetId
  if (n.ipAddress !== undefined) out.ip_address = n.ipAddress
  if (n.portId !== undefined) out['port-id'] = n.portId
  if (n.v4FixedIp !== undefined) out['v4-fixed-ip'] = n.v4FixedIp
  return out
}

/** The `.start` facts of instance_create, from what the user asked for. */
function createStart(ctx: OpContext, input: CreateInstanceInput, source?: InstanceRow): StartFacts['instance_create'] {
  const datastore = source?.datastore ?? input.datastore ?? DEFAULT_DATASTORE
  const flavor = input.flavor ?? source?.flavor_id ?? ''
  const version = source?.datastore_version ?? startVersion(ctx.world.catalogue, datastore, input.datastoreVersion)
  return {
    name: input.name,
    flavorId: ctx.world.catalogue.flavor(flavor)?.id ?? flavor,
    datastore,
    datastoreVersion: version,
    imageId: imageIdOf(datastore, version),
    databases: input.databases,
    users: input.users?.map((u) => u.name),
    volumeSize: input.size,
    volumeType: input.volumeType,
    volumeSupport: true,
    backupId: input.backup,
    availabilityZone: input.availabilityZone,
    replicaOf: input.replicaOf,
    replicaCount: input.replicaCount,
    regionName: input.region ?? ctx.settings.serviceCredentials?.regionName ?? 'RegionOne',
    locality: input.locality,
    nics: input.nics?.map(nicFacts),
    clusterId: input.clusterId,
  }
}

/**
 * The source of a replica: an ACTIVE instance that is not itself a replica,
 * of a datastore Trove replicates, and what the request asks of the replica
 * agrees with it (same datastore and version, a volume no smaller).
 */
function replicaSource(ctx: OpContext, input: CreateInstanceInput, ref: string): InstanceRow {
  const source = findInstance(ctx.world, ctx.caller.tenantId, ref)
  if (source.replica_of) throw badRequest(`Instance ${source.name} (${source.id}) is a replica; a replica of a replica is not supported.`)
  if (source.cluster_id) throw badRequest(`Instance ${source.name} (${source.id}) is a cluster member and cannot be a replication source.`)
  if (!REPLICATION_DATASTORES.includes(source.datastore)) {
    throw badRequest(`Replication is not supported for datastore ${source.datastore} (instance ${source.name}); it is for ${REPLICATION_DATASTORES.join(', ')}.`)
  }
  if ((input.datastore !== undefined && input.datastore !== source.datastore)
    || (input.datastoreVersion !== undefined && input.datastoreVersion !== source.datastore_version)) {
    throw badRequest(`A replica has the datastore of its source: ${source.datastore} ${source.datastore_version}, not ${input.datastore ?? source.datastore} ${input.datastoreVersion ?? source.datastore_version}.`)
  }
  if (input.size !== undefined && source.volume_size !== null && input.size < source.volume_size) {
    throw badRequest(`Replica volume size should not be smaller than the source's: replica volume size ${input.size} GB, source volume size ${source.volume_size} GB.`)
  }
  assertActionable(ctx.world, source)
  return source
}

/** The backup to restore from: the tenant's (an ambiguous name is refused), COMPLETED, of the same datastore. */
function checkBackup(ctx: OpContext, ref: string, datastore: string): void {
  const row = findBackup(ctx.world, ctx.caller.tenantId, ref)
  if (row.status !== 'COMPLETED') throw unprocessable(`Backup ${ref} is not COMPLETED (status ${row.status}); cannot restore from it.`)
  if (row.datastore !== datastore) throw badRequest(`Backup ${ref} is of datastore ${row.datastore}, not ${datastore}.`)
}

/** The configuration group to attach at create: the tenant's, of the same datastore and version. */
function checkConfiguration(ctx: OpContext, ref: string, datastore: string, version: string): string {
  const row = findConfiguration(ctx.world, ctx.caller.tenantId, ref)
  if (row.datastore !== datastore || row.datastore_version !== version) {
    throw badRequest(`Configuration group ${ref} is for ${row.datastore} ${row.datastore_version}, not ${datastore} ${version}.`)
  }
  return row.id
}

/** Create an instance (or `replicaCount` replicas of one): one lifecycle. */
export async function createInstance(ctx: OpContext, input: CreateInstanceInput): Promise<OperationResult> {
  const {world, settings} = ctx
  // The source is looked up before `.start` only to fill its fields; a miss is reported after.
  const sourceRows = input.replicaOf ? world.instances.byRef(input.replicaOf, ctx.caller.tenantId) : []
  const source = sourceRows.length === 1 ? sourceRows[0] : undefined
  // What Trove 18's API checks before its StartNotification (a failure there sends nothing in trove-18).
  const precheck = (): void => {
    const src = input.replicaOf ? findInstance(world, ctx.caller.tenantId, input.replicaOf) : undefined
    if (src?.replica_of) throw badRequest(`Instance ${src.name} (${src.id}) is a replica; a replica of a replica is not supported.`)
    findFlavor(world.catalogue, input.flavor ?? src?.flavor_id ?? '')
    const {datastore} = findDatastore(world.catalogue, src?.datastore ?? input.datastore ?? DEFAULT_DATASTORE, src?.datastore_version ?? input.datastoreVersion)
    checkVolumeSize(input.size ?? src?.volume_size ?? DEFAULT_VOLUME_SIZE, settings.limits)
    if (input.replicaCount !== undefined && !input.replicaOf) throw badRequest('replica_count needs replica_of: name the source instance.')
    if (input.backup) checkBackup(ctx, input.backup, datastore.name)
  }
  return runLifecycle(ctx, 'instance_create', createStart(ctx, input, source), async (lc) => {
    // ---- api: validate --------------------------------------------------
    const src = input.replicaOf ? replicaSource(ctx, input, input.replicaOf) : undefined
    const flavor = findFlavor(world.catalogue, input.flavor ?? src?.flavor_id ?? '')
    const {datastore, version} = findDatastore(world.catalogue, src?.datastore ?? input.datastore ?? DEFAULT_DATASTORE,
      src?.datastore_version ?? input.datastoreVersion)
    const size = input.size ?? src?.volume_size ?? DEFAULT_VOLUME_SIZE
    checkVolumeSize(size, settings.limits)
    const count = input.replicaOf ? (input.replicaCount ?? 1) : 1
    if (!Number.isInteger(count) || count < 1) throw badRequest(`Replica count ${count} is not valid; it must be 1 or more.`)
    if (input.replicaCount !== undefined && !input.replicaOf) throw badRequest('replica_count needs replica_of: name the source instance.')
    if (!datastore.supports_users && (input.databases?.length || input.users?.length)) {
      throw badRequest(`Datastore ${datastore.name} does not support databases and users through Trove.`)
    }
    if (input.backup) checkBackup(ctx, input.backup, datastore.name)
    const configurationId = input.configuration ? checkConfiguration(ctx, input.configuration, datastore.name, version) : null
    const deltas: Deltas = {instances: count, volumes: size * count}

    const rows: InstanceRow[] = []
    for (let i = 0; i < count; i++) {
      rows.push(newInstanceRow(ctx, input, {
        flavorId: flavor.id, datastore: datastore.name, version, size, configurationId,
        replicaOf: src?.id ?? null, name: count > 1 ? `${input.name}-${i + 1}` : input.name,
      }))
    }
    const now = isoTime(ctx.clock.now())
    world.tx(() => {
      reserve(world, settings.limits, ctx.caller.tenantId, deltas, now)
      for (const row of rows) {
        world.instances.insert(row)
        // A name given twice is one database, one user (as Trove's guest creates them).
        for (const name of input.databases ?? []) {
          world.databases.insert({instance_id: row.id, name, character_set: null, collation: null, created_at: now}, true)
        }
        for (const u of input.users ?? []) {
          world.users.insert({instance_id: row.id, name: u.name, host: u.host ?? '%', password_hash: hashPassword(u.password), created_at: now}, true)
        }
      }
    })
    lc.made({instanceId: rows[0]!.id, instanceIds: rows.map((r) => r.id)})
    lc.onRollback(
      ...rows.flatMap((row): UndoStep[] => [['instances.remove', row.id], ['databases.removeAllOf', row.id], ['users.removeAllOf', row.id]]),
      ['quotas.release', ctx.caller.tenantId, deltas],
    )

    // ---- taskmanager: provision -----------------------------------------
    lc.handoff('task')
    await lc.work(() => rows.forEach((r) => ctx.onStatus?.(r.name, 'BUILD')))
    const done = isoTime(ctx.clock.now())
    // The rows as now stored (built from what is written rather than read back).
    const active: InstanceRow[] = rows.map((row) => ({...row, status: 'ACTIVE', task: null, launched_at: row.created_at, updated_at: done}))
    world.tx(() => {
      for (const row of active) world.instances.update(row.id, {status: row.status, task: row.task, launched_at: row.launched_at, updated_at: done})
      world.quotas.commit(ctx.caller.tenantId, deltas, done)
    })
    for (const row of active) {
      ctx.onStatus?.(row.name, 'ACTIVE')
      lc.status({event: 'create', instance: instanceFacts(world.catalogue, settings, row)})
    }
    const first = active[0]!
    return {
      end: {instanceId: first.id, instanceIds: rows.map((r) => r.id)},
      resource: {id: first.id, name: first.name, status: first.status, ...(count > 1 ? {replicas: rows.map((r) => r.id), replica_names: rows.map((r) => r.name)} : {})},
    }
  }, {precheck})
}

/** Delete one instance: SHUTDOWN while the taskmanager works, then gone. */
export async function deleteInstance(ctx: OpContext, ref: string): Promise<OperationResult> {
  const {world, settings} = ctx
  return runLifecycle(ctx, 'instance_delete', {instanceId: startInstanceId(ctx, ref)}, async (lc) => {
    const inst = findInstance(world, ctx.caller.tenantId, ref)
    if (inst.status === 'BUILD') throw unprocessable(`Instance ${inst.name} (${inst.id}) is still building (status BUILD); delete it when it is ACTIVE or in ERROR.`)
    if (inst.task !== null) throw unprocessable(`Instance ${inst.name} (${inst.id}) is busy (${inst.task}); try again when it is done.`)
    if (inst.cluster_id) throw badRequest(`Instance ${inst.name} (${inst.id}) is a member of cluster ${inst.cluster_id}; use cluster shrink or cluster delete.`)
    const replicas = world.instances.replicasOf(inst.id)
    if (replicas.length > 0) {
      throw badRequest(`Instance ${inst.name} (${inst.id}) is the replication source of ${replicas.map((r) => r.id).join(', ')}; detach or delete its replicas first.`)
    }
    if (world.backups.runningOf(inst.id)) throw unprocessable(`Instance ${inst.name} (${inst.id}) has a backup running; delete it when the backup completes.`)

    world.tx(() => world.instances.update(inst.id, {status: 'SHUTDOWN', task: 'DELETING', updated_at: isoTime(ctx.clock.now())}))
    lc.onRollback(['instances.update', inst.id, {status: inst.status, task: inst.task, updated_at: inst.updated_at}])

    lc.handoff('task')
    await lc.work(() => ctx.onStatus?.(inst.name, 'SHUTDOWN'))
    const deletedAt = isoTime(ctx.clock.now())
    const gone: InstanceRow = {...inst, status: 'SHUTDOWN', task: null, deleted_at: deletedAt, updated_at: deletedAt}
    world.tx(() => {
      world.instances.update(inst.id, {task: null, deleted_at: deletedAt, updated_at: deletedAt})
      world.quotas.adjustInUse(inst.tenant_id, {instances: -1, volumes: -(inst.volume_size ?? 0)}, deletedAt)
    })
    lc.status({event: 'delete', instance: instanceFacts(world.catalogue, settings, gone), deletedAt})
    return {resource: {id: inst.id, name: inst.name, status: 'DELETED'}}
  }, {precheck: () => findInstance(world, ctx.caller.tenantId, ref)})
}
