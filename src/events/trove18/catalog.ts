/**
 * The trove-18 dialect's catalog: every event type Trove 18.0.0 can send (and
 * the two its code defines but never sends), derived from operations.ts and
 * status.ts, in the shape `events list|show|schema|ceilometer`, the docs and
 * `tail --check --dialect trove-18` read. A field is required when Trove
 * always sends it on that event type, optional when only some paths do
 * (a cluster member's lifecycle, a guest's error, a datastore with volumes).
 */
import {findEvent as findSpecEvent, getOperation, PHASES} from '../catalog.js'
import type {EventSpec, FieldSpec, FieldType, Phase} from '../types.js'
import {TROVE18_BASE_FIELDS, TROVE18_OPERATIONS, type TroveOperation} from './operations.js'
import {EXISTS_ALL_FIELDS, TROVE18_QUOTA_FIELDS, TROVE18_QUOTA_TASK, TROVE18_STATUS} from './status.js'

/** oslo's default notification topic, which Trove 18 keeps: routing keys `notifications.<priority>`. */
export const TROVE18_TOPIC = 'notifications'
const QUEUE = `${TROVE18_TOPIC}.info`

/** A field as a source lists it. */
interface Src {
  readonly name: string
  readonly type: FieldType
  readonly description: string
  readonly presence?: 'always' | 'optional'
  readonly nullable?: boolean
}

const optional = (fields: readonly Src[]): Src[] => fields.map((f) => ({...f, presence: 'optional'}))

/**
 * The fields of an event type sent by several sources (operations, paths):
 * in order of first appearance; required when every source always sends it.
 */
function merge(sources: ReadonlyArray<readonly Src[]>, extra: readonly Src[] = []): FieldSpec[] {
  const order = new Map<string, Src & {always: number, nullable: boolean}>()
  for (const fields of [...sources, optional(extra)]) {
    for (const f of fields) {
      const seen = order.get(f.name) ?? {...f, always: 0, nullable: false}
      if (f.presence !== 'optional' && sources.includes(fields)) seen.always++
      seen.nullable ||= f.nullable ?? false
      order.set(f.name, seen)
    }
  }
  const all = [...order.values()].map((d) => ({
    name: d.name, type: d.type, description: d.description,
    required: sources.length > 0 && d.always === sources.length, nullable: d.nullable, inSpec: false,
  }))
  return [...all.filter((f) => f.required), ...all.filter((f) => !f.required)]
}

const BASE: readonly Src[] = TROVE18_BASE_FIELDS
const ERROR_FIELDS: readonly Src[] = [
  {name: 'message', type: 'string', description: 'str() of the exception'},
  {name: 'exception', type: 'traceback', description: 'traceback.format_exception of the exception'},
]
const CLASSNAME: readonly Src[] = [{name: 'notification_classname', type: 'string', presence: 'optional',
  description: 'left by serializing the notification for a status notification sent inside the block (trove.common.notification.<class>)'}]
const GUEST_ID: readonly Src[] = [{name: 'instance_id', type: 'string', presence: 'optional', description: 'CONF.guest_id, added by the guest\'s error path'}]

/** The members' lifecycles of the rolling cluster operations carry the cluster's request fields too. */
const MEMBER_FIELDS: Readonly<Record<string, readonly Src[]>> = {
  instance_restart: [{name: 'cluster_id', type: 'string', description: 'the cluster, when restarted by a cluster restart'}],
  upgrade: [
    {name: 'cluster_id', type: 'string', description: 'the cluster, when upgraded by a cluster upgrade'},
    {name: 'datastore_version', type: 'string', description: 'the cluster upgrade\'s datastore version id'},
  ],
  instance_attach_configuration: [{name: 'cluster_id', type: 'string', description: 'the cluster, when attached by a cluster configuration attach'}],
  instance_detach_configuration: [{name: 'cluster_id', type: 'string', description: 'the cluster, when detached by a cluster configuration detach'}],
}
/** Member lifecycles the taskmanager (not the API) starts. */
const STARTED_BY_TASKMANAGER = new Set(['instance_restart', 'upgrade'])

function sourcesOf(ops: readonly TroveOperation[], phase: Phase): Src[][] {
  if (phase === 'start') return ops.map((o) => [...BASE, ...o.start])
  if (phase === 'end') {
    const sending = ops.filter((o) => o.finisher !== 'none')
    return (sending.length > 0 ? sending : ops).map((o) => [...BASE, ...o.start, ...o.end,
      ...(o.quirks.includes('classname-on-end') || o.quirks.includes('member-ends') ? CLASSNAME : [])])
  }
  return ops.map((o) => [...BASE, ...o.start, ...optional(o.end), ...ERROR_FIELDS,
    ...(o.finisher === 'guest' && !o.start.some((f) => f.name === 'instance_id') ? GUEST_ID : [])])
}

function emitters(action: string, ops: readonly TroveOperation[], phase: Phase): string[] {
  const finishers = ops.map((o) => o.finisher).filter((f) => f !== 'none')
  const list = phase === 'start' ? ['api'] : phase === 'end' ? finishers : ['api', ...finishers]
  if (STARTED_BY_TASKMANAGER.has(action)) list.push('taskmanager')
  return [...new Set(list)]
}

function dbaasEvents(): EventSpec[] {
  const byAction = new Map<string, TroveOperation[]>()
  for (const o of TROVE18_OPERATIONS) byAction.set(o.eventAction, [...(byAction.get(o.eventAction) ?? []), o])
  const out: EventSpec[] = []
  for (const [action, ops] of byAction) {
    const primary = ops.find((o) => o.operation === action) ?? ops[0]!
    const op = getOperation(primary.operation)
    const ends = ops.some((o) => o.finisher !== 'none')
    for (const phase of PHASES) {
      const eventType = `dbaas.${action}.${phase}`
      const specTwin = findSpecEvent(eventType)
      out.push({
        eventType, dialect: 'trove-18', kind: 'dbaas', operation: primary.operation, phase, priority: 'INFO', queue: QUEUE,
        fields: merge(sourcesOf(ops, phase), MEMBER_FIELDS[action]),
        emittedBy: emitters(action, ops, phase),
        pythonApi: op.pythonApi, restApi: op.restApi,
        specSection: specTwin && !specTwin.beyondSpec ? specTwin.specSection : 'Trove 18',
        summary: `${op.summary} (${phase})`,
        beyondSpec: op.section === undefined,
        troveClass: primary.troveClass,
        notes: [
          ...ops.filter((o) => o.operation !== action).map((o) => `Sent by the ${o.operation} API (${o.troveClass}).`),
          ...(phase === 'end' && !ends ? [`Never sent by Trove 18: ${ops.map((o) => o.operation).join(' and ')} never end.`] : []),
          ...new Set(ops.flatMap((o) => o.notes)),
        ],
      })
    }
  }
  // Defined in notification.py, built by no handler: the add_shard API builds DBaaSClusterGrow.
  const addShard = getOperation('cluster_add_shard')
  for (const phase of PHASES) {
    out.push({
      eventType: `dbaas.cluster_add_shard.${phase}`, dialect: 'trove-18', kind: 'dbaas', operation: 'cluster_add_shard', phase,
      priority: 'INFO', queue: QUEUE,
      fields: merge([[...BASE, {name: 'cluster_id', type: 'string', description: 'id of the cluster'}, ...(phase === 'error' ? ERROR_FIELDS : [])]]),
      emittedBy: [], pythonApi: addShard.pythonApi, restApi: addShard.restApi,
      specSection: findSpecEvent(`dbaas.cluster_add_shard.${phase}`)!.specSection, summary: `${addShard.summary} (${phase})`,
      beyondSpec: false, troveClass: 'DBaaSClusterAddShard',
      notes: ['Never sent by Trove 18: DBaaSClusterAddShard exists, but the add_shard API builds DBaaSClusterGrow (dbaas.cluster_grow.*).'],
    })
  }
  return out
}

function statusEvents(): EventSpec[] {
  const out: EventSpec[] = Object.entries(TROVE18_STATUS).map(([eventType, def]) => ({
    eventType, dialect: 'trove-18', kind: 'status', priority: 'INFO', queue: QUEUE, fields: merge([def.fields]),
    emittedBy: ['taskmanager'], specSection: findSpecEvent(eventType)!.specSection, summary: def.summary,
    beyondSpec: false, troveClass: def.troveClass, notes: [`Sent from ${def.source}; publisher_id CONF.host (no service prefix).`],
  }))
  out.push({
    eventType: 'trove.instance.exists', dialect: 'trove-18', kind: 'status', priority: 'INFO', queue: QUEUE, fields: merge([EXISTS_ALL_FIELDS]),
    emittedBy: ['taskmanager'], specSection: '1.2.1.5',
    summary: 'Periodic (every 60 s, only with exists_notification_transformer): a live instance and the last exists_notification_interval seconds.',
    beyondSpec: false,
    notes: [
      'The taskmanager\'s periodic task runs every 60 s (oslo.service\'s default spacing), first 30 s after start (report_interval), and reports [now − exists_notification_interval, now]: with the default 3600 s, consecutive windows overlap by 3540 s.',
      'NovaNotificationTransformer adds instance_type and user_id (the Nova server\'s user: Trove\'s service user) and skips SHUTDOWN instances; NotificationTransformer reports every live instance without them. Deleted instances get no final window.',
      'created_at and launched_at are zone-less (oslo\'s to_primitive of a datetime); the audit times are isotime with Z. publisher_id taskmanager.<CONF.host>.',
    ],
  })
  out.push({
    eventType: 'dbaas.quota', dialect: 'trove-18', kind: 'quotas', priority: 'INFO', queue: QUEUE, fields: merge([TROVE18_QUOTA_FIELDS]),
    emittedBy: [], specSection: '1.2.1.6', summary: 'DBaaSQuotas: the quota usage of one resource (no tenant_id).',
    beyondSpec: false, troveClass: 'DBaaSQuotas',
    notes: [`Never sent by Trove 18.0.0: ${TROVE18_QUOTA_TASK.reason}. The shape is DBaaSQuotas' own, as a Trove whose task worked would send it (publisher_id CONF.host).`],
  })
  return out
}

/** Every event type of the trove-18 dialect: the dbaas.* API events, then status, exists and quota. */
export const TROVE18_EVENTS: readonly EventSpec[] = [...dbaasEvents(), ...statusEvents()]

const BY_TYPE = new Map(TROVE18_EVENTS.map((e) => [e.eventType, e]))

export function findTrove18Event(eventType: string): EventSpec | undefined {
  return BY_TYPE.get(eventType)
}
