/**
 * The `spec` dialect: the Ceilometer-integration spec's notifications, as
 * trove-notify has always sent them. One lifecycle per API call (per item
 * where the spec says so), `.error` at ERROR on notification.error, the base
 * fields plus that phase's own, `client_ip` as ip:port, server_type api /
 * task / conductor, publisher `<service>.<host>`, and a small request context.
 * Field names come from the catalog (catalog.ts, beyond-spec-data.ts); this
 * module only says where each field's value comes from in the facts
 * (SPEC_VALUES, checked against the catalog by test/unit/dialect-spec.test.js).
 */
import {findEvent, getEvent, getOperation, phasePriority, SPEC_DIALECT_EVENTS} from '../catalog.js'
import {settle} from '../payload.js'
import type {AnyOperationName, Component, Phase} from '../types.js'
import type {
  EndFacts, ExistsRunFacts, InstanceFacts, LifecycleFacts, PeriodicFacts, QuotaRunFacts, RequestFacts, StartFacts,
  StatusChangeFacts,
} from './facts.js'
import {tracebackLines} from './traceback.js'
import type {Dialect, ExistsSchedule, WireNotification} from './types.js'

/** `<service>.<host>`: the publisher_id of a component (`task` publishes as taskmanager). */
export function specPublisherId(component: Component, host: string): string {
  return `${component === 'task' ? 'taskmanager' : component}.${host}`
}

/**
 * The request context the spec dialect packs: never a token. (Built per
 * message, small; the roles list is shared, not copied: nothing downstream
 * changes a context.)
 */
export function specRequestContext(r: RequestFacts): Record<string, unknown> {
  return {user_id: r.userId, project_id: r.tenantId, request_id: r.requestId, roles: r.roles, is_admin: false}
}

/** A periodic task's context: Trove runs them as admin, one request id per run. */
export function specPeriodicContext(p: PeriodicFacts): Record<string, unknown> {
  return {user_id: p.userId, project_id: p.tenantId, request_id: p.requestId, roles: ['admin'], is_admin: true}
}

type Values<F> = Readonly<Record<string, (facts: F) => unknown>>
interface OpValues<Op extends AnyOperationName> {
  readonly start: Values<StartFacts[Op]>
  readonly end?: Op extends keyof EndFacts ? Values<EndFacts[Op]> : never
}

const joined = (list: readonly string[] | undefined): string | undefined => (list?.length ? list.join(',') : undefined)
const instance = {instance_id: (f: {instanceId: string}) => f.instanceId}
const cluster = {cluster_id: (f: {clusterId: string}) => f.clusterId}

/** Where each field of each operation's `.start` and `.end` comes from (the `.error` fields are generic). */
export const SPEC_VALUES: {readonly [Op in AnyOperationName]: OpValues<Op>} = {
  instance_create: {
    start: {
      name: (f) => f.name, flavor: (f) => f.flavorId, datastore: (f) => f.datastore, datastore_version: (f) => f.datastoreVersion,
      databases: (f) => joined(f.databases), users: (f) => joined(f.users), volume_size: (f) => f.volumeSize,
      restore_point: (f) => f.backupId, availability_zone: (f) => f.availabilityZone, replica_of: (f) => f.replicaOf,
      replica_count: (f) => f.replicaCount,
    },
    end: {instance_id: (f) => f.instanceId},
  },
  instance_restart: {start: instance},
  instance_resize_volume: {start: {...instance, new_size: (f) => f.newSize}},
  instance_resize_instance: {start: {...instance, new_flavor_id: (f) => f.newFlavorId}},
  instance_promote: {start: instance},
  instance_eject: {start: instance},
  instance_delete: {start: instance},
  instance_detach: {start: instance},
  instance_attach_configuration: {start: {...instance, configuration_id: (f) => f.configurationId}},
  instance_detach_configuration: {start: instance},
  cluster_create: {
    start: {name: (f) => f.name, datastore: (f) => f.datastore, datastore_version: (f) => f.datastoreVersion},
    end: {cluster_id: (f) => f.clusterId},
  },
  cluster_delete: {start: cluster},
  cluster_add_shard: {start: cluster},
  cluster_grow: {start: cluster, end: {}},
  cluster_shrink: {start: cluster},
  backup_create: {
    start: {name: (f) => f.name, instance_id: (f) => f.instanceId, description: (f) => f.description, parent_id: (f) => f.parentId},
    end: {backup_id: (f) => f.backupId},
  },
  backup_delete: {start: {backup_id: (f) => f.backupId}},
  database_create: {start: {...instance, dbname: (f) => f.dbname}},
  database_delete: {start: {...instance, dbname: (f) => f.dbname}},
  user_create: {start: {...instance, username: (f) => f.username}},
  user_delete: {start: {...instance, username: (f) => f.username}},
  user_update_attributes: {start: {...instance, username: (f) => f.username}},
  user_grant: {start: {...instance, username: (f) => f.username, database: (f) => f.database}},
  user_revoke: {start: {...instance, username: (f) => f.username, database: (f) => f.database}},
  user_change_password: {start: {...instance, username: (f) => f.username}},
  configuration_create: {
    start: {name: (f) => f.name, datastore: (f) => f.datastore, datastore_version: (f) => f.datastoreVersion},
    end: {configuration_id: (f) => f.configurationId},
  },
  configuration_delete: {start: {configuration_id: (f) => f.configurationId}},
  configuration_update: {start: {configuration_id: (f) => f.configurationId, name: (f) => f.newName, description: (f) => f.newDescription}},
  configuration_edit: {start: {configuration_id: (f) => f.configurationId}},
  instance_reboot: {start: instance},
  instance_reset_status: {start: instance},
  upgrade: {start: {...instance, datastore_version_id: (f) => f.datastoreVersionId}},
  migrate: {start: {...instance, host: (f) => f.host}},
  cluster_restart: {start: cluster},
  cluster_upgrade: {start: {...cluster, datastore_version: (f) => f.datastoreVersionId}},
  cluster_reset_status: {start: cluster},
  cluster_attach_configuration: {start: {...cluster, configuration_id: (f) => f.configurationId}},
  cluster_detach_configuration: {start: cluster},
}

/** Each value table's entries, listed once (this runs for every message). */
const ENTRIES = new WeakMap<object, ReadonlyArray<readonly [string, (facts: never) => unknown]>>()

/** The operation's own fields, added to `out` in the catalog's order. */
function addFields<F>(out: Record<string, unknown>, values: Values<F> | undefined, facts: F | undefined): void {
  if (!values || facts === undefined) return
  let entries = ENTRIES.get(values)
  if (entries === undefined) {
    entries = Object.entries(values)
    ENTRIES.set(values, entries)
  }
  for (const [name, value] of entries) {
    // a field without a value is left out here; settle() gives the required ones null, in the catalog's place
    const v = (value as (facts: F) => unknown)(facts)
    if (v !== undefined) out[name] = v
  }
}

/** `dbaas.<op>.<phase>` of every operation and phase, made once. */
const EVENT_TYPES = new Map<string, Readonly<Record<Phase, string>>>()
function eventTypeOf(operation: AnyOperationName, phase: Phase): string {
  let t = EVENT_TYPES.get(operation)
  if (t === undefined) {
    t = {start: `dbaas.${operation}.start`, end: `dbaas.${operation}.end`, error: `dbaas.${operation}.error`}
    EVENT_TYPES.set(operation, t)
  }
  return t[phase]
}

/** The base fields of a dbaas.* payload (the phase's own are added after them, in order). */
function basePayload(r: RequestFacts, component: Component): Record<string, unknown> {
  return {tenant_id: r.tenantId, client_ip: `${r.clientIp}:${r.clientPort}`, server_ip: r.serverIp, server_type: component, request_id: r.requestId}
}

function message(eventType: string, phase: Phase, component: Component, f: LifecycleFacts, payload: Record<string, unknown>): WireNotification {
  const r = f.request
  return {
    eventType, priority: phasePriority(phase), publisherId: specPublisherId(component, r.host),
    payload: settle(findEvent(eventType), payload), context: specRequestContext(r),
  }
}

function phaseMessage(f: LifecycleFacts, phase: Phase): WireNotification {
  const op = getOperation(f.operation)
  const values = SPEC_VALUES[f.operation] as OpValues<AnyOperationName>
  const eventType = eventTypeOf(f.operation, phase)
  if (phase === 'start') {
    const payload = basePayload(f.request, 'api')
    addFields(payload, values.start, f.start)
    return message(eventType, phase, 'api', f, payload)
  }
  if (phase === 'end') {
    const payload = basePayload(f.request, op.finishedBy)
    addFields(payload, values.end as Values<unknown> | undefined, f.end)
    return message(eventType, phase, op.finishedBy, f, payload)
  }
  const error = f.error
  if (!error) throw new Error(`bug: ${eventType} without error facts`)
  const component: Component = error.where === 'api' ? 'api' : op.finishedBy
  const payload = basePayload(f.request, component)
  if (getEvent(eventType).fields.some((x) => x.name === 'instance_id')) payload.instance_id = error.instanceId ?? null
  payload.message = error.message
  payload.exception = tracebackLines(f.operation, component, `${error.exceptionModule ?? 'trove.common.exception'}.${error.exceptionClass}`, error.message)
  return message(eventType, phase, component, f, payload)
}

const NO_EXTRA: Readonly<Record<string, unknown>> = Object.freeze({})

/** The spec's status fields of an instance (1.2.1), and Ceilometer's instance_id and tenant_id. */
export function specStatusBase(i: InstanceFacts): Record<string, unknown> {
  return {
    instance_type: i.flavorName, user_id: i.userId, resource_id: i.id, instance_type_id: i.flavorId,
    launched_at: i.launchedAt ?? i.createdAt, instance_name: i.name, state: i.status, state_description: i.status.toLowerCase(),
    nova_instance_id: i.novaInstanceId, service_id: i.serviceId, created_at: i.createdAt, region: i.region,
    instance_id: i.id, tenant_id: i.tenantId,
  }
}

/** Base fields plus the extras of create/delete/modify_volume/modify_flavor (added in order: every status notification comes here). */
export function specStatusChange(i: InstanceFacts, extra: Readonly<Record<string, unknown>> = NO_EXTRA): Record<string, unknown> {
  const out = specStatusBase(i)
  out.name = i.name
  out.availability_zone = i.availabilityZone
  out.instance_size = i.flavorRam
  out.volume_size = i.volumeSize
  out.nova_volume_id = i.novaVolumeId
  out.cluster_id = i.clusterId
  for (const key in extra) out[key] = extra[key]
  return out
}

function statusExtra(c: StatusChangeFacts['change']): Readonly<Record<string, unknown>> {
  switch (c.event) {
    case 'create': return NO_EXTRA
    case 'delete': return {deleted_at: c.deletedAt}
    case 'modify_volume': return {old_volume_size: c.oldVolumeSize, modify_at: c.modifyAt}
    case 'modify_flavor': return {old_instance_size: c.oldInstanceSize, modify_at: c.modifyAt}
  }
}

/** The spec sends nothing at a hand-off: one shared empty list (a hand-off happens in every lifecycle). */
const NOTHING: WireNotification[] = []

export const specDialect: Dialect = {
  name: 'spec',
  lifecycle: (f) => (f.phase === 'handoff' ? NOTHING : [phaseMessage(f, f.phase)]),
  rejected: (f) => [phaseMessage(f, 'start'), phaseMessage({...f, error: {...f.error!, where: 'api'}}, 'error')],
  status(f) {
    const eventType = `trove.instance.${f.change.event}`
    return [{
      eventType, priority: 'INFO', publisherId: specPublisherId('task', f.request.host),
      payload: settle(findEvent(eventType), specStatusChange(f.change.instance, statusExtra(f.change))),
      context: specRequestContext(f.request),
    }]
  },
  exists(f: ExistsRunFacts) {
    const context = specPeriodicContext(f.periodic)
    return f.windows.map((w) => ({
      eventType: 'trove.instance.exists', priority: 'INFO' as const, publisherId: `taskmanager.${f.periodic.host}`, context,
      payload: {...specStatusBase(w.instance), display_name: w.instance.name, audit_period_beginning: w.beginning, audit_period_ending: w.ending},
    }))
  },
  quotas(f: QuotaRunFacts) {
    const context = specPeriodicContext(f.periodic)
    return f.rows.map((r) => ({
      eventType: 'dbaas.quotas', priority: 'INFO' as const, publisherId: f.publisherId, context,
      payload: {resource: r.resource, in_use: r.inUse, reserved: r.reserved, limit: r.limit, updated: r.updated, tenant_id: r.tenantId},
    }))
  },
  existsSchedule: (interval: number): ExistsSchedule => ({everySeconds: interval, firstAfterSeconds: 0, windows: 'tiling'}),
  events: SPEC_DIALECT_EVENTS,
  findEvent,
  defaultTopic: 'notification',
}
