/**
 * Types of the notification catalog: what an event type is, which fields its
 * payload carries and who emits it. The data itself lives in catalog.ts.
 */

/** The lifecycle phase of a dbaas.* API notification. */
export type Phase = 'start' | 'end' | 'error'

/** oslo.messaging priority, upper case as it goes on the wire. */
export type Priority = 'INFO' | 'ERROR'

/** The spec's queue names (with the default topic `notification`). */
export type SpecQueue = 'notification.info' | 'notification.error'

/** The spec's server_type values: which Trove component emitted a message. */
export type Component = 'api' | 'task' | 'conductor'

/**
 * Value types a payload field may have. `timestamp` is ISO 8601 with `Z`,
 * `ip_port` is `ip:port`, `request_id` is `req-<uuid>`, `traceback` is a list
 * of strings shaped like Python's traceback.format_exception output.
 */
export type FieldType =
  | 'string' | 'integer' | 'boolean' | 'timestamp' | 'ip_port' | 'request_id'
  | 'server_type' | 'traceback'

export interface FieldSpec {
  readonly name: string
  /** The spec's description of the field (or ours, for fields the spec lacks). */
  readonly description: string
  readonly type: FieldType
  readonly required: boolean
  /** False for the fields we carry beside the spec's (instance_id/tenant_id for Ceilometer). */
  readonly inSpec: boolean
}

/** The operations of the spec's appendix, in the appendix's order. */
export type OperationName =
  | 'instance_create' | 'instance_restart' | 'instance_resize_volume' | 'instance_resize_instance'
  | 'instance_promote' | 'instance_eject' | 'instance_delete' | 'instance_detach'
  | 'instance_attach_configuration' | 'instance_detach_configuration'
  | 'cluster_create' | 'cluster_delete' | 'cluster_add_shard' | 'cluster_grow' | 'cluster_shrink'
  | 'backup_create' | 'backup_delete' | 'database_create' | 'database_delete'
  | 'user_create' | 'user_delete' | 'user_update_attributes' | 'user_grant' | 'user_revoke'
  | 'user_change_password'
  | 'configuration_create' | 'configuration_delete' | 'configuration_update' | 'configuration_edit'

export type StatusEventType =
  | 'trove.instance.create' | 'trove.instance.delete' | 'trove.instance.modify_volume'
  | 'trove.instance.modify_flavor' | 'trove.instance.exists'

export type EventKind = 'dbaas' | 'status' | 'quotas'

export interface EventSpec {
  readonly eventType: string
  readonly kind: EventKind
  /** For dbaas.* events: the operation and phase. */
  readonly operation?: OperationName
  readonly phase?: Phase
  readonly priority: Priority
  readonly queue: SpecQueue
  /** Every field of the payload, required ones first. */
  readonly fields: readonly FieldSpec[]
  /** The component(s) that emit this event type in our simulation. */
  readonly emittedBy: readonly Component[] | readonly ['taskmanager']
  readonly pythonApi?: string
  readonly restApi?: string
  /** Section of the spec that defines it, e.g. `1.10.2` or `1.2.1.1`. */
  readonly specSection: string
  /** One sentence on what the event means. */
  readonly summary: string
}

/** One operation of the appendix: the data its three event types are derived from. */
export interface OperationSpec {
  readonly name: OperationName
  readonly pythonApi: string
  readonly restApi: string
  /** Component that finishes the work and so emits `.end` (and a late `.error`). */
  readonly finishedBy: Component
  /** Spec section number of the `.start` event (end and error follow it). */
  readonly section: number
  readonly summary: string
  /** Fields of `.start`, `.end` and `.error` beyond the base fields. */
  readonly start: readonly FieldDef[]
  readonly end: readonly FieldDef[]
  readonly error: readonly FieldDef[]
  /** The spec's note, where it has one (one lifecycle per database, …). */
  readonly note?: string
}

/** Compact field definition in the catalog data: [name, description, optional?]. */
export type FieldDef = readonly [name: string, description: string, optional?: 'optional']
