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

/**
 * The wire shapes trove-notify speaks: `spec` (the Ceilometer-integration
 * spec) or `trove-18` (what Trove 18.0.0's own code sends). A dialect changes
 * only what goes on the wire, never the world or Trove's rules.
 */
export type DialectName = 'spec' | 'trove-18'

/** The spec's server_type values: which Trove component emitted a message. */
export type Component = 'api' | 'task' | 'conductor'

/**
 * Value types a payload field may have. `timestamp` is ISO 8601 with `Z`,
 * `ip_port` is `ip:port`, `request_id` is `req-<uuid>`, `traceback` is a list
 * of strings shaped like Python's traceback.format_exception output.
 * Trove 18's own shapes: `ip` (an address without port), `trove_server_type`
 * (api, taskmanager, guest), `naive_timestamp` (oslo's to_primitive of a
 * datetime: `2026-11-24T09:00:05.000000`, no zone), `string_list`,
 * `object` and `object_list` (JSON objects, e.g. `nics`), `string_or_object`
 * (a name, or the object Trove serialized in its place).
 */
export type FieldType =
  | 'string' | 'integer' | 'boolean' | 'timestamp' | 'ip_port' | 'request_id'
  | 'server_type' | 'traceback'
  | 'ip' | 'trove_server_type' | 'naive_timestamp' | 'string_list' | 'object' | 'object_list' | 'string_or_object'

export interface FieldSpec {
  readonly name: string
  /** The spec's description of the field (or ours, for fields the spec lacks). */
  readonly description: string
  readonly type: FieldType
  /** Always present. A required field without a value is sent as null when `nullable`. */
  readonly required: boolean
  /** The value may be null (the spec lists it without "(if specified)", and it can lack a value). */
  readonly nullable: boolean
  /** False for the fields we carry beside the spec's (instance_id/tenant_id for Ceilometer), and Trove 18's own. */
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

/**
 * The operations Trove 18 notifies beyond the spec (DBaaSInstanceReboot,
 * DBaaSInstanceResetStatus, DBaaSInstanceUpgrade, DBaaSInstanceMigrate,
 * DBaaSCluster{Restart,Upgrade,ResetStatus,Attach,DetachConfiguration}).
 * Named as their event types are (`dbaas.upgrade.*`, not instance_upgrade).
 */
export type BeyondSpecOperationName =
  | 'instance_reboot' | 'instance_reset_status' | 'upgrade' | 'migrate'
  | 'cluster_restart' | 'cluster_upgrade' | 'cluster_reset_status'
  | 'cluster_attach_configuration' | 'cluster_detach_configuration'

/** Every operation the catalog knows: the spec's 29 and Trove 18's nine beyond it. */
export type AnyOperationName = OperationName | BeyondSpecOperationName

export type StatusEventType =
  | 'trove.instance.create' | 'trove.instance.delete' | 'trove.instance.modify_volume'
  | 'trove.instance.modify_flavor' | 'trove.instance.exists'

export type EventKind = 'dbaas' | 'status' | 'quotas'

export interface EventSpec {
  readonly eventType: string
  /** The dialect whose wire shape this entry describes. */
  readonly dialect: DialectName
  readonly kind: EventKind
  /** For dbaas.* events: the operation and phase. */
  readonly operation?: AnyOperationName
  readonly phase?: Phase
  readonly priority: Priority
  /** Routing key with the dialect's default topic (`notification.info`; Trove 18: `notifications.info`). */
  readonly queue: string
  /** Every field of the payload, required ones first. */
  readonly fields: readonly FieldSpec[]
  /** The component(s) that emit this event type (our simulation's names; Trove 18's in its dialect). */
  readonly emittedBy: readonly string[]
  readonly pythonApi?: string
  readonly restApi?: string
  /** Section of the spec that defines it, e.g. `1.10.2` or `1.2.1.1`; `Trove 18` beyond the spec. */
  readonly specSection: string
  /** One sentence on what the event means. */
  readonly summary: string
  /** An operation Trove 18 has and the spec lacks: *beyond the spec (Trove 18)*. */
  readonly beyondSpec: boolean
  /** Trove 18's notification class (trove/common/notification.py) behind it, in the trove-18 dialect. */
  readonly troveClass?: string
  /** What a consumer should know about this event in its dialect (Trove 18's quirks, …). */
  readonly notes?: readonly string[]
}

/** One operation of the appendix (or beyond it): the data its three event types are derived from. */
export interface OperationSpec {
  readonly name: AnyOperationName
  readonly pythonApi: string
  readonly restApi: string
  /** Component that finishes the work and so emits `.end` (and a late `.error`). */
  readonly finishedBy: Component
  /** Spec section number of the `.start` event (end and error follow it); none beyond the spec. */
  readonly section?: number
  readonly summary: string
  /** Fields of `.start`, `.end` and `.error` beyond the base fields. */
  readonly start: readonly FieldDef[]
  readonly end: readonly FieldDef[]
  readonly error: readonly FieldDef[]
  /** The spec's note, where it has one (one lifecycle per database, …). */
  readonly note?: string
  /** Beyond the spec: Trove 18's rules for it (which states allow it, who finishes it, what changes). */
  readonly troveRules?: readonly string[]
}

/**
 * Compact field definition in the catalog data: [name, description, presence?].
 * `optional`: the spec says "(if specified)", absent when not given;
 * `nullable`: always present, null when it has no value.
 */
export type FieldDef = readonly [name: string, description: string, presence?: 'optional' | 'nullable']
