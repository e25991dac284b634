/**
 * The facts a dialect turns into notifications: what an operation, a status
 * change or a periodic run knows, named for what it is rather than for any
 * wire shape. Each dialect (spec.ts, trove18.ts) reads only these; an
 * operation fills them from its input and the world (src/operations). Every fact
 * that Trove 18 puts on the wire and the spec does not (image_id,
 * region_name, locality, nics, …) is here, so both dialects can be built from
 * one record.
 */
import type {AnyOperationName, Phase} from '../types.js'

/** Who asked, from where, to which API: the request context and the base fields. */
export interface RequestFacts {
  /** `req-<uuid>`: correlates start with end/error, and is the context's request_id. */
  readonly requestId: string
  readonly tenantId: string
  readonly userId: string
  /** Keystone roles of the caller (Trove's X-Role header). */
  readonly roles: readonly string[]
  /** The caller's address, without port (request.remote_addr). */
  readonly clientIp: string
  /** The caller's ephemeral port (the spec's client_ip is ip:port). */
  readonly clientPort: number
  /** `ip:port` of the Trove API (request.host). */
  readonly serverIp: string
  /** The `host` setting (trove.conf [DEFAULT] host): the host part of publisher ids. */
  readonly host: string
}

/** A NIC as the create request gives it (`{"network_id": …}`, `{"net-id": …}`, `{"subnet_id": …}`). */
export type Nic = Readonly<Record<string, string>>

/**
 * One call that Trove 18 sends as ONE lifecycle and the spec as one per item
 * (databases.create, users.create, users.change_password, users.grant): the
 * spec dialect renders each item; trove-18 only the first start (with every
 * name), the last end, and the first error.
 */
export interface BatchFacts {
  /** This lifecycle's place in the call, 0-based. */
  readonly index: number
  /** Every item of the call, in order (database or user names). */
  readonly names: readonly string[]
  /** An earlier item of the same call already ended in .error. */
  readonly earlierFailed: boolean
}

interface InstanceRef { readonly instanceId: string }
interface ClusterRef { readonly clusterId: string }
/** The member instances of a cluster the operation goes through, in Trove's order. */
interface Members { readonly memberIds: readonly string[] }

/** What each operation's `.start` knows. */
export interface StartFacts {
  readonly instance_create: {
    readonly name: string
    readonly flavorId: string
    readonly datastore: string
    readonly datastoreVersion: string
    /** Glance image of the datastore version (Trove 18 sends image_id). */
    readonly imageId: string
    readonly databases?: readonly string[]
    /** User names only: passwords never reach a notification. */
    readonly users?: readonly string[]
    /** GB, when a size was asked (or taken from the replica source). */
    readonly volumeSize?: number
    readonly volumeType?: string
    /** The datastore has volume support (Trove 18 sends volume_size and volume_type only then). */
    readonly volumeSupport: boolean
    /** Backup to restore from (the spec's restore_point, Trove 18's backup_id). */
    readonly backupId?: string
    readonly availabilityZone?: string
    readonly replicaOf?: string
    readonly replicaCount?: number
    /** The request's region_name, else [service_credentials] region_name (Trove 18 sends it). */
    readonly regionName: string
    /** affinity | anti-affinity, when asked. */
    readonly locality?: string
    readonly nics?: readonly Nic[]
    /** Set when the instance is created as a cluster member. */
    readonly clusterId?: string
  }
  readonly instance_reboot: InstanceRef
  readonly instance_restart: InstanceRef
  readonly instance_resize_volume: InstanceRef & {readonly newSize: number}
  readonly instance_resize_instance: InstanceRef & {readonly newFlavorId: string}
  readonly instance_promote: InstanceRef
  readonly instance_eject: InstanceRef
  readonly instance_delete: InstanceRef
  readonly instance_reset_status: InstanceRef
  readonly instance_detach: InstanceRef
  readonly instance_attach_configuration: InstanceRef & {readonly configurationId: string}
  readonly instance_detach_configuration: InstanceRef
  readonly upgrade: InstanceRef & {readonly datastoreVersionId: string}
  readonly migrate: InstanceRef & {readonly host?: string}
  readonly cluster_create: {readonly name: string, readonly datastore: string, readonly datastoreVersion: string}
  readonly cluster_delete: ClusterRef & Members
  readonly cluster_add_shard: ClusterRef
  readonly cluster_grow: ClusterRef
  readonly cluster_shrink: ClusterRef & {readonly instanceIds: readonly string[]}
  readonly cluster_restart: ClusterRef & Members
  readonly cluster_upgrade: ClusterRef & Members & {readonly datastoreVersionId: string}
  readonly cluster_reset_status: ClusterRef
  /** memberIds: the members that get the group (those without another one). */
  readonly cluster_attach_configuration: ClusterRef & Members & {readonly configurationId: string}
  /** memberIds: the members that have a group. */
  readonly cluster_detach_configuration: ClusterRef & Members
  readonly backup_create: InstanceRef & {readonly name: string, readonly description?: string, readonly parentId?: string}
  readonly backup_delete: {readonly backupId: string}
  readonly database_create: InstanceRef & {readonly dbname: string}
  readonly database_delete: InstanceRef & {readonly dbname: string}
  readonly user_create: InstanceRef & {readonly username: string}
  /** host: the user's host ('%' when not given), which Trove 18 sends in its second .start. */
  readonly user_delete: InstanceRef & {readonly username: string, readonly host: string}
  readonly user_update_attributes: InstanceRef & {readonly username: string}
  readonly user_grant: InstanceRef & {readonly username: string, readonly database: string}
  /** accessible: every database the user could access before (Trove 18 sends that list). */
  readonly user_revoke: InstanceRef & {readonly username: string, readonly database: string, readonly accessible: readonly string[]}
  readonly user_change_password: InstanceRef & {readonly username: string}
  readonly configuration_create: {readonly name: string, readonly datastore: string, readonly datastoreVersion: string}
  readonly configuration_delete: {readonly configurationId: string}
  /**
   * newName/newDescription: what the request gave (the spec sends them "if
   * specified"); name/description: the group's after the update (Trove 18 sends those).
   */
  readonly configuration_update: {
    readonly configurationId: string
    readonly newName?: string
    readonly newDescription?: string
    readonly name: string
    readonly description: string | null
  }
  readonly configuration_edit: {readonly configurationId: string}
}

/** What each operation's `.end` knows beyond its `.start` (ids of what it made). */
export interface EndFacts {
  readonly instance_create: {readonly instanceId: string, /** every instance made (replica_count > 1) */ readonly instanceIds?: readonly string[]}
  readonly cluster_create: {readonly clusterId: string}
  readonly cluster_grow: {readonly instanceIds: readonly string[]}
  readonly backup_create: {readonly backupId: string}
  readonly configuration_create: {readonly configurationId: string}
}

export type EndFactsOf<Op extends AnyOperationName> = Op extends keyof EndFacts ? EndFacts[Op] : Record<string, never>

/** A Trove exception, as the failing component raised it. */
export interface ErrorFacts {
  /**
   * `api`: the API handler's checks failed after its .start, before the work
   * was handed on (inside Trove's StartNotification block); `worker`: the
   * work itself failed — in the component that finishes it (taskmanager,
   * guest via conductor, or the API for work it does itself).
   */
  readonly where: 'api' | 'worker'
  readonly message: string
  /** Trove's exception class (`UnprocessableEntity`, `QuotaExceeded`, …). */
  readonly exceptionClass: string
  /** Its module, `trove.common.exception` unless said. */
  readonly exceptionModule?: string
  /** The instance the operation was about, where known (the spec's instance_create.error instance_id). */
  readonly instanceId?: string | null
}

/**
 * A moment of a lifecycle: its three phases, and `handoff` — the API's checks
 * passed and it hands the work on (to the taskmanager, the guest, or its own
 * work); the spec sends nothing then, Trove 18 sometimes does (user delete's
 * second .start).
 */
export type LifecycleMoment = Phase | 'handoff'

/** One moment of one operation's lifecycle, as a dialect sees it. */
export interface LifecycleFacts<Op extends AnyOperationName = AnyOperationName> {
  readonly operation: Op
  readonly phase: LifecycleMoment
  readonly request: RequestFacts
  readonly start: StartFacts[Op]
  /** With phase end; with phase error when the work got that far (ids already made). */
  readonly end?: EndFactsOf<Op>
  /** With phase error. */
  readonly error?: ErrorFacts
  readonly batch?: BatchFacts
}

/** An instance as the status notifications and `exists` report it. */
export interface InstanceFacts {
  readonly id: string
  readonly name: string
  readonly tenantId: string
  /** The owner (who created it). */
  readonly userId: string
  readonly flavorId: string
  readonly flavorName: string
  /** MB of RAM of the flavor. */
  readonly flavorRam: number
  /** Trove's status, upper case (ACTIVE, SHUTDOWN, …). */
  readonly status: string
  readonly novaInstanceId: string
  readonly novaVolumeId: string | null
  readonly volumeSize: number | null
  readonly availabilityZone: string
  readonly clusterId: string | null
  /** ISO 8601 with Z. */
  readonly createdAt: string
  readonly launchedAt: string | null
  readonly region: string
  /** notification_service_id of its datastore manager. */
  readonly serviceId: string
  readonly volumeSupport: boolean
}

/** A trove.instance.* status change, sent while an operation runs. */
export type StatusFacts =
  | {readonly event: 'create', readonly instance: InstanceFacts}
  | {readonly event: 'delete', readonly instance: InstanceFacts, readonly deletedAt: string}
  | {readonly event: 'modify_volume', readonly instance: InstanceFacts, readonly oldVolumeSize: number, readonly modifyAt: string}
  | {readonly event: 'modify_flavor', readonly instance: InstanceFacts, readonly oldInstanceSize: number, readonly modifyAt: string}

export interface StatusChangeFacts<Op extends AnyOperationName = AnyOperationName> {
  /** The lifecycle this status change belongs to: its operation, request and start facts. */
  readonly operation: Op
  readonly request: RequestFacts
  readonly start: StartFacts[Op]
  readonly change: StatusFacts
}

/** The admin context a periodic task runs with. */
export interface PeriodicFacts {
  /** The operator running the command (the spec's periodic context). */
  readonly userId: string
  readonly tenantId: string
  /** Request id of this run (spec) — Trove 18 reuses its Manager's one for the process lifetime. */
  readonly requestId: string
  readonly host: string
  /** [service_credentials] username / project_id of the taskmanager (Trove 18's admin context). */
  readonly serviceUser: string
  readonly serviceProject: string
}

/** One `exists` run. */
export interface ExistsRunFacts {
  readonly periodic: PeriodicFacts
  /** When the run happens. */
  readonly now: Date
  /** exists_notification_interval, seconds. */
  readonly interval: number
  /** exists_notification_transformer as configured. */
  readonly transformer: string
  /** The spec's tiling windows due at `now` (periodic/exists.ts). */
  readonly windows: ReadonlyArray<{readonly instance: InstanceFacts, readonly beginning: string, readonly ending: string}>
  /** Every live (not deleted) instance at `now`, for Trove 18's fixed window. */
  readonly live: readonly InstanceFacts[]
}

/** One quota usage row. */
export interface QuotaFacts {
  readonly tenantId: string
  readonly resource: string
  readonly inUse: number
  readonly reserved: number
  readonly limit: number
  /** ISO 8601 with Z. */
  readonly updated: string
}

/** One `quotas` run of one taskmanager. */
export interface QuotaRunFacts {
  readonly periodic: PeriodicFacts
  /** `taskmanager.<host>` or `taskmanager.<host>-<i>` of this taskmanager (spec). */
  readonly publisherId: string
  readonly rows: readonly QuotaFacts[]
}
