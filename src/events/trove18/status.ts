/**
 * Trove 18's status, exists and quota notifications and its request
 * contexts, as data read from its code: the TroveInstanceCreate / ModifyFlavor
 * / Delete classes (trove/common/notification.py: TroveBaseTraits and
 * TroveCommonTraits, sent by the taskmanager), the exists transformers
 * (trove/extensions/mgmt/instances/models.py, run by the taskmanager's
 * periodic task), DBaaSQuotas, and what a TroveContext becomes on the wire
 * after oslo.messaging 14's _sanitize_context and Trove's context serializer.
 */
import type {ExistsRunFacts, InstanceFacts, PeriodicFacts, RequestFacts} from '../dialect/facts.js'
import type {FieldType} from '../types.js'
import {field, type TroveField} from './operations.js'

/** trove.common.timeutils.isotime: seconds, `Z`. */
export function troveIsotime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`
}

/** oslo_serialization's to_primitive of a naive datetime: `%Y-%m-%dT%H:%M:%S.%f`. */
export function trovePrimitiveTime(iso: string): string {
  const d = new Date(iso).toISOString()
  return `${d.slice(0, 19)}.${d.slice(20, 23)}000`
}

/** One key of a status payload and its value (the same shape as an API notification's). */
export type StatusField<F> = TroveField<F>

/** What the status classes read: the instance, who asked, and the event's own values. */
export interface StatusInput {
  readonly instance: InstanceFacts
  /** The requesting user (instance.context.user: the taskmanager holds the request's context). */
  readonly requestUser: string
  /** launched_at and modify_at of modify_flavor: the instance's update time. */
  readonly modifyAt?: string
  readonly oldInstanceSize?: number
  readonly deletedAt?: string
}

const s = field

/** TroveBaseTraits.__init__ keys, in order. */
const BASE: ReadonlyArray<StatusField<StatusInput>> = [
  s('created_at', 'timestamp', 'creation time of the instance (isotime, seconds)', (f) => troveIsotime(f.instance.createdAt)),
  s('name', 'string', 'name of the instance', (f) => f.instance.name),
  s('instance_id', 'string', 'id of the instance', (f) => f.instance.id),
  s('instance_name', 'string', 'name of the instance', (f) => f.instance.name),
  s('instance_type_id', 'string', 'flavor id of the instance', (f) => f.instance.flavorId),
  s('launched_at', 'timestamp', 'the creation time (modify_flavor: the resize time)', (f) => troveIsotime(f.modifyAt ?? f.instance.createdAt)),
  s('nova_instance_id', 'string', 'id of the Nova server', (f) => f.instance.novaInstanceId),
  s('region', 'string', 'CONF.region', (f) => f.instance.region),
  s('state_description', 'string', 'status of the instance, lower case', (f) => f.instance.status.toLowerCase()),
  s('state', 'string', 'status of the instance, lower case', (f) => f.instance.status.toLowerCase()),
  s('tenant_id', 'string', 'tenant of the instance', (f) => f.instance.tenantId),
  s('user_id', 'string', 'the requesting user (instance.context.user), not the owner', (f) => f.requestUser),
]

/** TroveCommonTraits.serialize, then TroveBaseTraits.serialize: keys added after the event's own. */
const SERIALIZED: ReadonlyArray<StatusField<StatusInput>> = [
  s('instance_size', 'integer', 'RAM (MB) of the flavor', (f) => f.instance.flavorRam),
  s('availability_zone', 'string', 'AZ of the Nova server (null without one)', (f) => f.instance.availabilityZone, {nullable: true}),
  s('volume_size', 'integer', 'volume size in GB (datastores with volume support)', (f) => (f.instance.volumeSupport ? f.instance.volumeSize : undefined), {presence: 'optional', nullable: true}),
  s('nova_volume_id', 'string', 'id of the Cinder volume (datastores with volume support)', (f) => (f.instance.volumeSupport ? f.instance.novaVolumeId : undefined), {presence: 'optional', nullable: true}),
  s('instance_type', 'string', 'name of the flavor', (f) => f.instance.flavorName),
  s('service_id', 'string', 'notification_service_id of the datastore manager', (f) => f.instance.serviceId),
]

/** The status notifications Trove 18 sends (there is no trove.instance.modify_volume). */
export const TROVE18_STATUS = {
  'trove.instance.create': {
    troveClass: 'TroveInstanceCreate', source: 'trove/taskmanager/models.py: wait_for_instance',
    summary: 'The taskmanager saw the new instance\'s service come up.',
    fields: [...BASE, ...SERIALIZED],
  },
  'trove.instance.modify_flavor': {
    troveClass: 'TroveInstanceModifyFlavor', source: 'trove/taskmanager/models.py: ResizeAction._record_action_success',
    summary: 'A resize to another flavor succeeded.',
    fields: [...BASE,
      s<StatusInput>('old_instance_size', 'integer', 'RAM (MB) of the old flavor', (f) => f.oldInstanceSize),
      SERIALIZED[0]!, // instance_size: a keyword argument here, before modify_at
      s<StatusInput>('modify_at', 'timestamp', 'time of the resize (the instance\'s update time)', (f) => troveIsotime(f.modifyAt!)),
      ...SERIALIZED.slice(1)],
  },
  'trove.instance.delete': {
    troveClass: 'TroveInstanceDelete', source: 'trove/instance/models.py: BaseInstance._delete_resources',
    summary: 'The taskmanager deleted the instance\'s resources.',
    fields: [...BASE, s<StatusInput>('deleted_at', 'timestamp', 'time of the deletion', (f) => troveIsotime(f.deletedAt!)), ...SERIALIZED],
  },
} as const

export type Trove18StatusType = keyof typeof TROVE18_STATUS

/** What the exists transformer reads for one instance. */
export interface ExistsInput {
  readonly instance: InstanceFacts
  readonly beginning: string
  readonly ending: string
  /** server.user_id (NovaNotificationTransformer). */
  readonly serverUser: string
}

const NOVA_TRANSFORMER_FIELDS: ReadonlyArray<StatusField<ExistsInput>> = [
  s('instance_type', 'string', 'name of the flavor (NovaNotificationTransformer only)', (f) => f.instance.flavorName, {presence: 'optional'}),
  s('user_id', 'string', 'user_id of the Nova server: Trove\'s service user (NovaNotificationTransformer only)', (f) => f.serverUser, {presence: 'optional'}),
]

/** NotificationTransformer.transform_instance, in order. */
const EXISTS_FIELDS: ReadonlyArray<StatusField<ExistsInput>> = [
  s('audit_period_beginning', 'timestamp', 'now − exists_notification_interval (isotime, seconds)', (f) => f.beginning),
  s('audit_period_ending', 'timestamp', 'now (isotime, seconds)', (f) => f.ending),
  s('created_at', 'naive_timestamp', 'creation time of the instance (the datetime as oslo serializes it, no zone)', (f) => trovePrimitiveTime(f.instance.createdAt)),
  s('display_name', 'string', 'name of the instance', (f) => f.instance.name),
  s('instance_id', 'string', 'id of the instance', (f) => f.instance.id),
  s('instance_name', 'string', 'name of the instance', (f) => f.instance.name),
  s('instance_type_id', 'string', 'flavor id of the instance', (f) => f.instance.flavorId),
  s('launched_at', 'naive_timestamp', 'the creation time again', (f) => trovePrimitiveTime(f.instance.createdAt)),
  s('nova_instance_id', 'string', 'id of the Nova server', (f) => f.instance.novaInstanceId),
  s('region', 'string', 'CONF.region', (f) => f.instance.region),
  s('state_description', 'string', 'status, lower case', (f) => f.instance.status.toLowerCase()),
  s('state', 'string', 'status, lower case', (f) => f.instance.status.toLowerCase()),
  s('tenant_id', 'string', 'tenant of the instance', (f) => f.instance.tenantId),
  s('service_id', 'string', 'notification_service_id of the datastore manager', (f) => f.instance.serviceId),
]

/** The exists payload fields: Nova's transformer adds instance_type and user_id in front. */
export function existsFields(nova: boolean): ReadonlyArray<StatusField<ExistsInput>> {
  return nova ? [...NOVA_TRANSFORMER_FIELDS, ...EXISTS_FIELDS] : EXISTS_FIELDS
}

export const EXISTS_ALL_FIELDS: ReadonlyArray<StatusField<ExistsInput>> = [...NOVA_TRANSFORMER_FIELDS, ...EXISTS_FIELDS]

/** The transformer named ends in NovaNotificationTransformer (adds instance_type, user_id; skips SHUTDOWN). */
export function isNovaTransformer(transformer: string): boolean {
  return /NovaNotificationTransformer$/.test(transformer)
}

/**
 * How Trove 18 schedules exists: the taskmanager's periodic task has no
 * spacing, so oslo.service runs it every DEFAULT_INTERVAL (60 s), checked by
 * a looping call every report_interval (30 s, first after 30 s); each run
 * reports the window [now − exists_notification_interval, now] for every
 * live instance. With the default 3600 s interval, consecutive windows
 * overlap by 3540 s: a meter summing audit periods counts each hour 60 times.
 */
export const TROVE18_EXISTS_SCHEDULE = {everySeconds: 60, firstAfterSeconds: 30, component: 'taskmanager'} as const

/** The instances one exists run reports, per transformer. */
export function existsInstances(run: ExistsRunFacts): readonly InstanceFacts[] {
  return isNovaTransformer(run.transformer) ? run.live.filter((i) => i.status !== 'SHUTDOWN') : run.live
}

/** DBaaSQuotas payload keys (never sent: see TROVE18_QUOTA_TASK). */
export const TROVE18_QUOTA_FIELDS: ReadonlyArray<{readonly name: string, readonly type: FieldType, readonly description: string}> = [
  {name: 'resource', type: 'string', description: 'quota.resource'},
  {name: 'in_use', type: 'integer', description: 'usage.in_use'},
  {name: 'reserved', type: 'integer', description: 'usage.reserved'},
  {name: 'limit', type: 'integer', description: 'quota.hard_limit'},
  {name: 'updated', type: 'naive_timestamp', description: 'usage.updated (the datetime as oslo serializes it)'},
]

/**
 * Trove 18's publish_quota_notifications (taskmanager/manager.py) cannot send:
 * it iterates `nova_client.tenants.list()`, which novaclient 2.x no longer has
 * (AttributeError), and past that loops over the keys of the dict
 * get_all_quotas_by_tenant returns, so get_quota_usage(<str>) fails too. The
 * periodic task logs the error and sends nothing, every interval.
 */
export const TROVE18_QUOTA_TASK = {
  sends: false,
  reason: "Trove 18's periodic quota task fails before sending (novaclient has no `tenants`: AttributeError in taskmanager/manager.py publish_quota_notifications), so no dbaas.quota is ever sent",
} as const

/** Roles Trove counts as admin ([DEFAULT] admin_roles). */
const ADMIN_ROLES = ['admin']

/**
 * A TroveContext as it reaches the wire: oslo.messaging 14 keeps its
 * whitelisted keys, rebuilds a TroveContext from them and packs that
 * context's to_dict() — so every oslo.context 5 key is there (most of them
 * null), `user` instead of `user_id`, `auth_token` null, and Trove's limit,
 * marker and service_catalog.
 */
export function troveContext(user: string, project: string, requestId: string, roles: readonly string[]): Record<string, unknown> {
  return {
    user, project_id: project, system_scope: null, project, domain: null, user_domain: null, project_domain: null,
    is_admin: roles.some((r) => ADMIN_ROLES.includes(r.toLowerCase())), read_only: false, show_deleted: false,
    auth_token: null, request_id: requestId, global_request_id: null, resource_uuid: null, roles: [...roles],
    user_identity: `${user || '-'} ${project || '-'} - - -`, is_admin_project: true,
    limit: null, marker: null, service_catalog: null,
  }
}

/** The context of an API request (built by Trove's ContextMiddleware, carried to the taskmanager and the conductor). */
export function requestContext(r: RequestFacts): Record<string, unknown> {
  return troveContext(r.userId, r.tenantId, r.requestId, r.roles)
}

/** The taskmanager Manager's admin_context: [service_credentials] user and project, no roles, one request id. */
export function adminContext(p: PeriodicFacts): Record<string, unknown> {
  return troveContext(p.serviceUser, p.serviceProject, p.requestId, [])
}

/** Trove's host option is an IP address (cfg.IPOpt, default 0.0.0.0): a host name would not start Trove. */
export function troveHost(host: string): string {
  return /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:]+)$/.test(host) ? host : '0.0.0.0'
}
