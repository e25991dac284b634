/**
 * The notification catalog: every event type of the spec, as data.
 *
 * This module is the single source of truth for event names, priorities,
 * queues and payload fields. Payload validation, `events list|show|schema|
 * ceilometer`, the generated docs and `tail --check` all read it; nothing else
 * spells out an event type or a field list.
 */
import {BEYOND_SPEC_OPERATIONS} from './beyond-spec-data.js'
import {OPERATIONS} from './operations-data.js'
import type {
  AnyOperationName, Component, EventSpec, FieldDef, FieldSpec, FieldType, OperationName, OperationSpec, Phase,
  Priority, SpecQueue, StatusEventType,
} from './types.js'

export {BEYOND_SPEC_OPERATIONS, OPERATIONS}

/** Value type of each field name; a field's type is the same wherever it appears. */
const FIELD_TYPES: Readonly<Record<string, FieldType>> = {
  tenant_id: 'string', client_ip: 'ip_port', server_ip: 'ip_port', server_type: 'server_type',
  request_id: 'request_id', exception: 'traceback',
  volume_size: 'integer', replica_count: 'integer', new_size: 'integer', instance_size: 'integer',
  old_volume_size: 'integer', old_instance_size: 'integer', in_use: 'integer', reserved: 'integer',
  limit: 'integer',
  launched_at: 'timestamp', created_at: 'timestamp', deleted_at: 'timestamp', modify_at: 'timestamp',
  audit_period_beginning: 'timestamp', audit_period_ending: 'timestamp', updated: 'timestamp',
}

/** The type of a field by name (`string` unless listed above). */
export function fieldType(name: string): FieldType {
  return FIELD_TYPES[name] ?? 'string'
}

function field(def: FieldDef, inSpec = true): FieldSpec {
  const [name, description, presence] = def
  return {name, description, type: fieldType(name), required: presence !== 'optional', nullable: presence === 'nullable', inSpec}
}

/** 1.10.1: the fields every dbaas.* notification carries. */
export const DBAAS_BASE_FIELDS: readonly FieldDef[] = [
  ['tenant_id', 'id of the configured tenant'],
  ['client_ip', 'ip:port of trove client which generated API invocation'],
  ['server_ip', 'ip:port of trove service which generated notification'],
  ['server_type', 'service which generated notification (api|task|conductor)'],
  ['request_id', 'Identifier used to correlate start|end|error'],
]

/** 1.2.1: the fields of every trove.* status notification. */
export const STATUS_BASE_FIELDS: readonly FieldDef[] = [
  ['instance_type', 'name of the flavor of the instance'],
  ['user_id', 'the id of the Openstack user who invoked the action'],
  ['resource_id', 'trove instance_id of the instance'],
  ['instance_type_id', 'flavor id of the flavor of the instance'],
  ['launched_at', 'same as created_at'],
  ['instance_name', 'name of the trove instance'],
  ['state', 'current state of the instance'],
  ['state_description', 'description of the current state of the instance'],
  ['nova_instance_id', 'id of the underlying nova instance'],
  ['service_id', 'notification service id for datastore'],
  ['created_at', 'creation time of the instance'],
  ['region', 'Openstack region'],
]

/**
 * 1.2.1: the extra fields of trove.instance.create|delete|modify_volume|modify_flavor.
 * The spec does not say "(if specified)" of the last three: they are always
 * present, null for an instance without a volume or outside a cluster.
 */
export const STATUS_CHANGE_FIELDS: readonly FieldDef[] = [
  ['name', 'name of the Trove instance'],
  ['availability_zone', 'Openstack availability zone'],
  ['instance_size', 'ram allocated to instance'],
  ['volume_size', 'size of volume (if volume support enabled)', 'nullable'],
  ['nova_volume_id', 'nove volume id (if volume support enabled)', 'nullable'],
  ['cluster_id', 'id of cluster (if instance in cluster)', 'nullable'],
]

/** Carried beside the spec's status fields because Ceilometer reads these keys (WIRE.md). */
export const CEILOMETER_FIELDS: readonly FieldDef[] = [
  ['instance_id', 'trove instance id (same as resource_id); Ceilometer reads it as the resource'],
  ['tenant_id', 'tenant of the instance; Ceilometer reads it as the project'],
]

interface StatusDef {
  readonly eventType: StatusEventType
  readonly section: string
  readonly summary: string
  readonly change: boolean
  readonly fields: readonly FieldDef[]
}

const STATUS_EVENTS: readonly StatusDef[] = [
  {eventType: 'trove.instance.create', section: '1.2.1.1', change: true, fields: [],
    summary: 'An instance finished building and is ACTIVE.'},
  {eventType: 'trove.instance.delete', section: '1.2.1.2', change: true,
    fields: [['deleted_at', 'time at which instance deletion is complete']],
    summary: 'An instance was deleted.'},
  {eventType: 'trove.instance.modify_volume', section: '1.2.1.3', change: true,
    fields: [['old_volume_size', 'volume size prior to resize'], ['modify_at', 'time at which volume resize completed']],
    summary: 'The volume of an instance was resized.'},
  {eventType: 'trove.instance.modify_flavor', section: '1.2.1.4', change: true,
    fields: [['old_instance_size', 'memory of instance prior to resize'], ['modify_at', 'time at which resize completed']],
    summary: 'An instance was moved to another flavor.'},
  {eventType: 'trove.instance.exists', section: '1.2.1.5', change: false,
    fields: [
      ['display_name', 'name of the instance'],
      ['audit_period_beginning', 'audit period start time'],
      ['audit_period_ending', 'audit period end time'],
    ],
    summary: 'Periodic: an instance existed during the audit period (only with exists_notification_transformer).'},
]

/** 1.2.1.6: the periodic quota usage event. */
export const QUOTA_FIELDS: readonly FieldDef[] = [
  ['resource', 'name of resource (currently “instances”, “volumes”, or “backups”)'],
  ['in_use', 'the number of resource instances currently in use'],
  ['reserved', 'the number of resource instances currently reserved'],
  ['limit', 'the maximum allocation of resource'],
  ['updated', 'the time of last resource allocation event'],
]

export const PHASES: readonly Phase[] = ['start', 'end', 'error']

/** The priority of a phase: `.error` goes out at ERROR (the spec; Trove 18 uses INFO). */
export function phasePriority(phase: Phase): Priority {
  return phase === 'error' ? 'ERROR' : 'INFO'
}

/** The spec's queue for a priority. */
export function specQueue(priority: Priority): SpecQueue {
  return priority === 'ERROR' ? 'notification.error' : 'notification.info'
}

function sortRequiredFirst(fields: FieldSpec[]): FieldSpec[] {
  return [...fields.filter((f) => f.required), ...fields.filter((f) => !f.required)]
}

function dbaasEvent(op: OperationSpec, phase: Phase, index: number): EventSpec {
  const priority = phasePriority(phase)
  const own = op[phase].map((d) => field(d, op.section !== undefined))
  const emittedBy: Component[] = phase === 'start' ? ['api'] : phase === 'end' ? [op.finishedBy]
    : [...new Set<Component>(['api', op.finishedBy])]
  return {
    eventType: `dbaas.${op.name}.${phase}`,
    dialect: 'spec',
    kind: 'dbaas',
    operation: op.name,
    phase,
    priority,
    queue: specQueue(priority),
    fields: [...DBAAS_BASE_FIELDS.map((d) => field(d)), ...sortRequiredFirst(own)],
    emittedBy,
    pythonApi: op.pythonApi,
    restApi: op.restApi,
    specSection: op.section === undefined ? 'Trove 18' : `1.10.${op.section + index}`,
    summary: `${op.summary} (${phase})`,
    beyondSpec: op.section === undefined,
  }
}

function statusEvent(def: StatusDef): EventSpec {
  const fields = [
    ...STATUS_BASE_FIELDS,
    ...(def.change ? STATUS_CHANGE_FIELDS : []),
    ...def.fields,
  ].map((d) => field(d))
  return {
    eventType: def.eventType,
    dialect: 'spec',
    kind: 'status',
    priority: 'INFO',
    queue: 'notification.info',
    fields: sortRequiredFirst([...fields, ...CEILOMETER_FIELDS.map((d) => field(d, false))]),
    emittedBy: def.eventType === 'trove.instance.exists' ? ['taskmanager'] : ['task'],
    specSection: def.section,
    summary: def.summary,
    beyondSpec: false,
  }
}

const QUOTAS_EVENT: EventSpec = {
  eventType: 'dbaas.quotas',
  dialect: 'spec',
  kind: 'quotas',
  priority: 'INFO',
  queue: 'notification.info',
  fields: [...QUOTA_FIELDS.map((d) => field(d)), field(['tenant_id', 'tenant whose quota this is'], false)],
  emittedBy: ['taskmanager'],
  specSection: '1.2.1.6',
  summary: 'Periodic: quota usage of one tenant and resource, from each taskmanager.',
  beyondSpec: false,
}

/** Every event type of the spec, in the spec's order: the 87 dbaas.* API events, then status, then quotas. */
export const EVENTS: readonly EventSpec[] = [
  ...OPERATIONS.flatMap((op) => PHASES.map((phase, i) => dbaasEvent(op, phase, i))),
  ...STATUS_EVENTS.map(statusEvent),
  QUOTAS_EVENT,
]

/** The 27 events of Trove 18's nine operations beyond the spec, in the spec's conventions. */
export const BEYOND_SPEC_EVENTS: readonly EventSpec[] =
  BEYOND_SPEC_OPERATIONS.flatMap((op) => PHASES.map((phase, i) => dbaasEvent(op, phase, i)))

/** The `spec` dialect's whole catalog: the spec's events, then those beyond it. */
export const SPEC_DIALECT_EVENTS: readonly EventSpec[] = [...EVENTS, ...BEYOND_SPEC_EVENTS]

const BY_TYPE = new Map(SPEC_DIALECT_EVENTS.map((e) => [e.eventType, e]))
const OPS_BY_NAME = new Map<string, OperationSpec>([...OPERATIONS, ...BEYOND_SPEC_OPERATIONS].map((o) => [o.name, o]))

/** The `spec` dialect's entry of an event type (the spec's or beyond it), or undefined. */
export function findEvent(eventType: string): EventSpec | undefined {
  return BY_TYPE.get(eventType)
}

/** The catalog entry of an event type the code itself names (a missing one is a bug). */
export function getEvent(eventType: string): EventSpec {
  const spec = BY_TYPE.get(eventType)
  if (!spec) throw new Error(`bug: event type ${eventType} is not in the catalog`)
  return spec
}

export function getOperation(name: AnyOperationName): OperationSpec {
  const op = OPS_BY_NAME.get(name)
  if (!op) throw new Error(`bug: operation ${name} is not in the catalog`)
  return op
}

/** The dbaas.* event type of an operation's phase (the spec dialect's name). */
export function dbaasEventType(operation: AnyOperationName, phase: Phase): string {
  return `dbaas.${operation}.${phase}`
}

export const OPERATION_NAMES: readonly OperationName[] = OPERATIONS.map((o) => o.name)

/** Trove 18's nine operations beyond the spec. */
export const BEYOND_SPEC_OPERATION_NAMES = BEYOND_SPEC_OPERATIONS.map((o) => o.name)
