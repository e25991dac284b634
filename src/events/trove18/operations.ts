/**
 * Trove 18.0.0's 38 API notifications as data, read from its code: for each
 * operation the DBaaS* class its API handler builds, the event type that
 * class sends (promote and eject are swapped, add_shard sends cluster_grow),
 * the keyword arguments the handler passes to StartNotification (in order:
 * Trove's payload keeps them in that order), those the finishing
 * component's EndNotification adds, who finishes it, and the quirks that
 * change how many messages go out. Each field says how its value comes from
 * the operation's facts (dialect/facts.ts). The trove-18 dialect renders
 * messages from this data and the trove-18 catalog is derived from it, so a
 * field is written here once. test/interop/trove18-dialect.test.js compares
 * the result with what Trove 18's own classes put on the wire.
 */
import type {EndFacts, StartFacts} from '../dialect/facts.js'
import type {AnyOperationName, FieldType} from '../types.js'

/** One payload key Trove 18 sends, and its value from the facts. */
export interface TroveField<F> {
  readonly name: string
  readonly type: FieldType
  readonly description: string
  /** `always`: the handler always passes it; `optional`: only on some requests (absent otherwise). */
  readonly presence: 'always' | 'optional'
  /** May be None in Python (sent as null). */
  readonly nullable: boolean
  /** The value; undefined leaves an optional key out. (A method: bivariant, so fields of one operation fit the list of all.) */
  value(facts: F): unknown
}

/** Which Trove 18 component sends `.end` (and a late `.error`); `none`: Trove 18 never ends it. */
export type TroveFinisher = 'api' | 'taskmanager' | 'guest' | 'none'

/**
 * How an operation departs from one start / one end / one error:
 * - `double-end`: a nested EndNotification inside the StartNotification block sends `.end` twice;
 * - `second-start`: models.User.delete opens a second StartNotification (username = the user as a dict);
 * - `member-ends`: cluster delete: each member's instance delete ends the cluster's lifecycle, then the cluster;
 * - `rolling-restart` / `rolling-upgrade`: the taskmanager runs a dbaas.instance_restart / dbaas.upgrade
 *   lifecycle per member (restart: start, end, end; upgrade: start only) and never ends the cluster's;
 * - `rolling-configuration`: the API runs a dbaas.instance_attach|detach_configuration lifecycle per member
 *   (start, end, end) and sends a third `.end` of the last member's instead of the cluster's;
 * - `classname-on-end`: the status notification sent inside the EndNotification block serializes the
 *   request's notification, which leaves `notification_classname` in the `.end` payload;
 * - `worker-error-ends`: the taskmanager catches a failure of the work and ends normally (reboot).
 */
export type TroveQuirk =
  | 'double-end' | 'second-start' | 'member-ends' | 'rolling-restart' | 'rolling-upgrade'
  | 'rolling-configuration' | 'classname-on-end' | 'worker-error-ends'

export interface TroveOperation<Op extends AnyOperationName = AnyOperationName> {
  readonly operation: Op
  /** trove/common/notification.py class the API handler builds. */
  readonly troveClass: string
  /** The `<action>` of the `dbaas.<action>.<phase>` event types it sends. */
  readonly eventAction: string
  /** Where Trove builds it (file: function). */
  readonly source: string
  readonly start: ReadonlyArray<TroveField<StartFacts[Op]>>
  /** Keys the finishing component's EndNotification adds (also on a `.error` after them). */
  readonly end: ReadonlyArray<TroveField<Op extends keyof EndFacts ? EndFacts[Op] : never>>
  readonly finisher: TroveFinisher
  readonly quirks: readonly TroveQuirk[]
  /**
   * One call, one lifecycle (the spec: one per item): the field that carries
   * every item, and how Trove joins them (a string separator, or a list).
   */
  readonly batch?: {readonly field: string, readonly join: string | 'list'}
  /** What Trove 18 checks before its StartNotification (a failure there sends nothing). */
  readonly checkedBeforeStart: readonly string[]
  /** For the docs: how this differs from the spec, in a sentence or two. */
  readonly notes: readonly string[]
}

/** A field: `always` present and not nullable unless said. */
export function field<F>(name: string, type: FieldType, description: string, value: (facts: F) => unknown,
  opts: {presence?: 'always' | 'optional', nullable?: boolean} = {}): TroveField<F> {
  return {name, type, description, presence: opts.presence ?? 'always', nullable: opts.nullable ?? false, value}
}

type S<Op extends keyof StartFacts> = StartFacts[Op]

const instanceId = <F extends {instanceId: string}>(description = 'id of the instance'): TroveField<F> =>
  field<F>('instance_id', 'string', description, (f) => f.instanceId)
const clusterId = <F extends {clusterId: string}>(description = 'id of the cluster'): TroveField<F> =>
  field<F>('cluster_id', 'string', description, (f) => f.clusterId)

const LOAD_INSTANCE = 'the instance exists and is the caller\'s (models.Instance.load: NotFound)'
const LOAD_CLUSTER = 'the cluster exists (models.Cluster.load: NotFound)'

function op<Op extends AnyOperationName>(def: Omit<TroveOperation<Op>, 'end' | 'quirks' | 'checkedBeforeStart' | 'notes'> & Partial<TroveOperation<Op>>): TroveOperation<Op> {
  return {end: [], quirks: [], checkedBeforeStart: [], notes: [], ...def} as TroveOperation<Op>
}

const instanceAction = <Op extends 'instance_reboot' | 'instance_restart' | 'instance_promote' | 'instance_eject' | 'instance_delete'
  | 'instance_reset_status' | 'instance_detach' | 'instance_detach_configuration'>(
  operation: Op, troveClass: string, eventAction: string, source: string, finisher: TroveFinisher,
  extra: Partial<TroveOperation<Op>> = {}): TroveOperation<Op> =>
  op<Op>({operation, troveClass, eventAction, source, start: [instanceId<S<Op>>()], finisher, checkedBeforeStart: [LOAD_INSTANCE], ...extra})

export const TROVE18_OPERATIONS = [
  op<'instance_create'>({
    operation: 'instance_create', troveClass: 'DBaaSInstanceCreate', eventAction: 'instance_create',
    source: 'trove/instance/models.py: Instance.create (call_args)',
    start: [
      field('name', 'string', 'name of the new instance', (f) => f.name),
      field('flavor_id', 'string', 'flavor id of the instance (the spec: flavor)', (f) => f.flavorId),
      field('datastore', 'string', 'datastore of the instance', (f) => f.datastore),
      field('datastore_version', 'string', 'datastore version of the instance', (f) => f.datastoreVersion),
      field('image_id', 'string', 'Glance image of the datastore version', (f) => f.imageId),
      field('availability_zone', 'string', 'AZ of the instance, null when not asked', (f) => f.availabilityZone ?? null, {nullable: true}),
      field('region_name', 'string', 'region of the instance ([service_credentials] region_name unless asked)', (f) => f.regionName),
      field('locality', 'string', 'affinity or anti-affinity of a replica set, null when not asked', (f) => f.locality ?? null, {nullable: true}),
      field('cluster_id', 'string', 'cluster of the instance (cluster members only)', (f) => f.clusterId, {presence: 'optional'}),
      field('volume_type', 'string', 'volume type, null when not asked (datastores with volume support)', (f) => (f.volumeSupport ? f.volumeType ?? null : undefined), {presence: 'optional', nullable: true}),
      field('volume_size', 'integer', 'volume size in GB (datastores with volume support)', (f) => (f.volumeSupport ? f.volumeSize ?? null : undefined), {presence: 'optional', nullable: true}),
      field('backup_id', 'string', 'backup to restore from (the spec: restore_point)', (f) => f.backupId, {presence: 'optional'}),
      field('replica_of', 'string', 'instance to replicate', (f) => f.replicaOf, {presence: 'optional'}),
      field('replica_count', 'integer', 'number of replicas, null when not asked (replicas only)', (f) => (f.replicaOf === undefined ? undefined : f.replicaCount ?? null), {presence: 'optional', nullable: true}),
      field('nics', 'object_list', 'networks of the instance, as the request gave them (when given)', (f) => (f.nics?.length ? f.nics : undefined), {presence: 'optional'}),
    ],
    end: [field('instance_id', 'string', 'id of the created instance (one .end per replica made)', (f) => f.instanceId)],
    finisher: 'guest',
    checkedBeforeStart: [
      'the body (replica_of with flavor/datastore/volume/locality, replica_count > 1 without replica_of, locality): BadRequest',
      'the replica source exists and is not a replica; the datastore and version exist and are active; the flavor exists (Nova); volume size within max_accepted_volume_size; a backup to restore is COMPLETED and fits',
    ],
    notes: [
      'flavor_id, image_id, region_name and locality instead of flavor; backup_id instead of restore_point; no databases or users; volume_type and nics.',
      'The guest agent ends it, through the conductor (server_type guest), after the taskmanager built the server; the taskmanager sends trove.instance.create when the service is up.',
      'Quota exceeded is checked inside the block: start, then .error from the API.',
    ],
  }),
  instanceAction('instance_reboot', 'DBaaSInstanceReboot', 'instance_reboot', 'trove/extensions/mgmt/instances/service.py: _action_reboot', 'taskmanager',
    {quirks: ['worker-error-ends'], notes: ['Management API. A failed reboot is logged by the taskmanager, which still sends .end.']}),
  instanceAction('instance_restart', 'DBaaSInstanceRestart', 'instance_restart', 'trove/instance/service.py: _action_restart', 'taskmanager'),
  op<'instance_resize_volume'>({
    operation: 'instance_resize_volume', troveClass: 'DBaaSInstanceResizeVolume', eventAction: 'instance_resize_volume',
    source: 'trove/instance/service.py: _action_resize_volume',
    start: [instanceId(), field('new_size', 'integer', 'size to which the volume will be resized', (f) => f.newSize)],
    finisher: 'taskmanager', checkedBeforeStart: [LOAD_INSTANCE],
    notes: ['No trove.instance.modify_volume: Trove 18 has no such notification.'],
  }),
  op<'instance_resize_instance'>({
    operation: 'instance_resize_instance', troveClass: 'DBaaSInstanceResizeInstance', eventAction: 'instance_resize_instance',
    source: 'trove/instance/service.py: _action_resize_flavor',
    start: [instanceId(), field('new_flavor_id', 'string', 'id of the flavor to which the instance will be resized', (f) => f.newFlavorId)],
    finisher: 'taskmanager', quirks: ['classname-on-end'], checkedBeforeStart: [LOAD_INSTANCE],
    notes: ['.end carries notification_classname (trove.instance.modify_flavor is sent inside its block).'],
  }),
  instanceAction('instance_promote', 'DBaaSInstanceEject', 'instance_eject', 'trove/instance/service.py: _action_promote_to_replica_source', 'taskmanager',
    {notes: ['Sent as dbaas.instance_eject.*: the promote handler builds DBaaSInstanceEject.']}),
  instanceAction('instance_eject', 'DBaaSInstancePromote', 'instance_promote', 'trove/instance/service.py: _action_eject_replica_source', 'taskmanager',
    {notes: ['Sent as dbaas.instance_promote.*: the eject handler builds DBaaSInstancePromote.']}),
  instanceAction('instance_delete', 'DBaaSInstanceDelete', 'instance_delete', 'trove/instance/service.py: delete', 'taskmanager',
    {quirks: ['classname-on-end'], notes: ['.end carries notification_classname (trove.instance.delete is sent inside its block).']}),
  instanceAction('instance_reset_status', 'DBaaSInstanceResetStatus', 'instance_reset_status', 'trove/instance/service.py: _action_reset_status', 'api'),
  instanceAction('instance_detach', 'DBaaSInstanceDetach', 'instance_detach', 'trove/instance/service.py: _modify_instance (detach_replica)', 'taskmanager'),
  op<'instance_attach_configuration'>({
    operation: 'instance_attach_configuration', troveClass: 'DBaaSInstanceAttachConfiguration', eventAction: 'instance_attach_configuration',
    source: 'trove/instance/service.py: _modify_instance (configuration_id)',
    start: [instanceId(), field('configuration_id', 'string', 'id of the configuration to attach', (f) => f.configurationId)],
    finisher: 'api', checkedBeforeStart: [LOAD_INSTANCE],
  }),
  instanceAction('instance_detach_configuration', 'DBaaSInstanceDetachConfiguration', 'instance_detach_configuration', 'trove/instance/service.py: _modify_instance (configuration_id "")', 'api'),
  op<'upgrade'>({
    operation: 'upgrade', troveClass: 'DBaaSInstanceUpgrade', eventAction: 'upgrade',
    source: 'trove/instance/service.py: _modify_instance (datastore_version)',
    start: [instanceId(), field('datastore_version_id', 'string', 'id of the datastore version to upgrade to', (f) => f.datastoreVersionId)],
    finisher: 'none', checkedBeforeStart: [LOAD_INSTANCE, 'the datastore version exists (NotFound); the same version as now: no notification at all'],
    notes: ['Never ends: the taskmanager casts the upgrade to the guest (which clears the end notification) and catches every failure.'],
  }),
  op<'migrate'>({
    operation: 'migrate', troveClass: 'DBaaSInstanceMigrate', eventAction: 'migrate',
    source: 'trove/extensions/mgmt/instances/service.py: _action_migrate',
    start: [field('host', 'string', 'compute host to migrate to, null when not asked', (f) => f.host ?? null, {nullable: true})],
    finisher: 'taskmanager', checkedBeforeStart: [LOAD_INSTANCE],
    notes: ['Management API. Carries host only, not the instance id.'],
  }),
  op<'cluster_create'>({
    operation: 'cluster_create', troveClass: 'DBaaSClusterCreate', eventAction: 'cluster_create',
    source: 'trove/cluster/service.py: create',
    start: [
      field('name', 'string', 'name of the cluster', (f) => f.name),
      field('datastore', 'string', 'datastore of the cluster', (f) => f.datastore),
      field('datastore_version', 'string', 'datastore version of the cluster', (f) => f.datastoreVersion),
    ],
    end: [field('cluster_id', 'string', 'id of the new cluster', (f) => f.clusterId)],
    finisher: 'taskmanager',
    checkedBeforeStart: ['the datastore and version exist and support clusters (ClusterDatastoreNotSupported); locality is valid'],
  }),
  op<'cluster_delete'>({
    operation: 'cluster_delete', troveClass: 'DBaaSClusterDelete', eventAction: 'cluster_delete',
    source: 'trove/cluster/service.py: delete', start: [clusterId()], finisher: 'taskmanager',
    quirks: ['member-ends'], checkedBeforeStart: [LOAD_CLUSTER],
    notes: ['.end once per member (each member\'s delete ends the cluster\'s lifecycle, with notification_classname), then once for the cluster.'],
  }),
  op<'cluster_add_shard'>({
    operation: 'cluster_add_shard', troveClass: 'DBaaSClusterGrow', eventAction: 'cluster_grow',
    source: 'trove/common/strategies/cluster/experimental/mongodb/api.py: action (add_shard)', start: [clusterId()],
    finisher: 'none', checkedBeforeStart: [LOAD_CLUSTER],
    notes: ['Sent as dbaas.cluster_grow.* (DBaaSClusterAddShard is never used), and never ends: the MongoDB taskmanager has no end notification.'],
  }),
  op<'cluster_grow'>({
    operation: 'cluster_grow', troveClass: 'DBaaSClusterGrow', eventAction: 'cluster_grow',
    source: 'trove/cluster/models.py: action (grow)', start: [clusterId()],
    end: [field('instance_ids', 'string_list', 'ids of the instances added', (f) => f.instanceIds)],
    finisher: 'taskmanager', checkedBeforeStart: [LOAD_CLUSTER],
  }),
  op<'cluster_shrink'>({
    operation: 'cluster_shrink', troveClass: 'DBaaSClusterShrink', eventAction: 'cluster_shrink',
    source: 'trove/cluster/models.py: action (shrink)',
    start: [clusterId(), field('instance_ids', 'string_list', 'ids of the instances to remove', (f) => f.instanceIds)],
    finisher: 'taskmanager', checkedBeforeStart: [LOAD_CLUSTER],
  }),
  op<'cluster_restart'>({
    operation: 'cluster_restart', troveClass: 'DBaaSClusterRestart', eventAction: 'cluster_restart',
    source: 'trove/cluster/models.py: action (restart)', start: [clusterId()], finisher: 'none',
    quirks: ['rolling-restart'], checkedBeforeStart: [LOAD_CLUSTER],
    notes: ['Never ends; each member restarts as its own dbaas.instance_restart lifecycle from the taskmanager (.end twice each).'],
  }),
  op<'cluster_upgrade'>({
    operation: 'cluster_upgrade', troveClass: 'DBaaSClusterUpgrade', eventAction: 'cluster_upgrade',
    source: 'trove/cluster/models.py: action (upgrade)',
    start: [clusterId(), field('datastore_version', 'string', 'id (not name) of the datastore version to upgrade to', (f) => f.datastoreVersionId)],
    finisher: 'none', quirks: ['rolling-upgrade'], checkedBeforeStart: [LOAD_CLUSTER, 'the datastore version exists'],
    notes: ['Never ends; each member gets a dbaas.upgrade.start from the taskmanager, which never ends either.'],
  }),
  op<'cluster_reset_status'>({
    operation: 'cluster_reset_status', troveClass: 'DBaaSClusterResetStatus', eventAction: 'cluster_reset_status',
    source: 'trove/cluster/models.py: action (reset-status)', start: [clusterId()], finisher: 'api', checkedBeforeStart: [LOAD_CLUSTER],
  }),
  op<'cluster_attach_configuration'>({
    operation: 'cluster_attach_configuration', troveClass: 'DBaaSClusterAttachConfiguration', eventAction: 'cluster_attach_configuration',
    source: 'trove/cluster/models.py: action (configuration_attach)',
    start: [clusterId(), field('configuration_id', 'string', 'id of the configuration to attach', (f) => f.configurationId)],
    finisher: 'api', quirks: ['rolling-configuration'], checkedBeforeStart: [LOAD_CLUSTER],
    notes: ['Its own .end is never sent: each member gets a dbaas.instance_attach_configuration lifecycle (start, end, end), and the last member\'s ends a third time.'],
  }),
  op<'cluster_detach_configuration'>({
    operation: 'cluster_detach_configuration', troveClass: 'DBaaSClusterDetachConfiguration', eventAction: 'cluster_detach_configuration',
    source: 'trove/cluster/models.py: action (configuration_detach)', start: [clusterId()],
    finisher: 'api', quirks: ['rolling-configuration'], checkedBeforeStart: [LOAD_CLUSTER],
    notes: ['Its own .end is never sent: each member gets a dbaas.instance_detach_configuration lifecycle (start, end, end), and the last member\'s ends a third time.'],
  }),
  op<'backup_create'>({
    operation: 'backup_create', troveClass: 'DBaaSBackupCreate', eventAction: 'backup_create',
    source: 'trove/backup/service.py: create',
    start: [
      field('name', 'string', 'name of the backup', (f) => f.name),
      field('instance_id', 'string', 'id of the instance to back up', (f) => f.instanceId),
      field('description', 'string', 'description of the backup, null when none', (f) => f.description ?? null, {nullable: true}),
      field('parent_id', 'string', 'backup of which this is an incremental, null for a full backup', (f) => f.parentId ?? null, {nullable: true}),
    ],
    end: [field('backup_id', 'string', 'id of the new backup (set by the taskmanager)', (f) => f.backupId)],
    finisher: 'guest', checkedBeforeStart: ['the request names an instance (BackupCreationError)'],
  }),
  op<'backup_delete'>({
    operation: 'backup_delete', troveClass: 'DBaaSBackupDelete', eventAction: 'backup_delete', source: 'trove/backup/service.py: delete',
    start: [field('backup_id', 'string', 'id of the backup to delete', (f) => f.backupId)],
    finisher: 'taskmanager', checkedBeforeStart: ['the backup exists (Backup.get_by_id: NotFound)'],
  }),
  op<'database_create'>({
    operation: 'database_create', troveClass: 'DBaaSDatabaseCreate', eventAction: 'database_create', source: 'trove/extensions/mysql/service.py: SchemaController.create',
    start: [instanceId(), field('dbname', 'string', 'names of every database of the call, joined with "."', (f) => f.dbname)],
    finisher: 'guest', batch: {field: 'dbname', join: '.'},
    notes: ['One lifecycle per call (the spec: one per database), dbname joined with ".".'],
  }),
  op<'database_delete'>({
    operation: 'database_delete', troveClass: 'DBaaSDatabaseDelete', eventAction: 'database_delete', source: 'trove/extensions/mysql/service.py: SchemaController.delete',
    start: [instanceId(), field('dbname', 'string', 'name of the database to delete', (f) => f.dbname)], finisher: 'guest',
  }),
  op<'user_create'>({
    operation: 'user_create', troveClass: 'DBaaSUserCreate', eventAction: 'user_create', source: 'trove/extensions/mysql/service.py: UserController.create',
    start: [instanceId(), field('username', 'string', 'names of every user of the call, joined with ","', (f) => f.username)],
    finisher: 'guest', batch: {field: 'username', join: ','},
    notes: ['One lifecycle per call (the spec: one per user), username joined with ",".'],
  }),
  op<'user_delete'>({
    operation: 'user_delete', troveClass: 'DBaaSUserDelete', eventAction: 'user_delete', source: 'trove/extensions/mysql/service.py: UserController.delete; models.py: User.delete',
    start: [instanceId(), field('username', 'string_or_object', 'name of the user (in the second .start: the user as Trove serializes it)', (f) => f.username)],
    finisher: 'guest', quirks: ['second-start'],
    notes: ['Two .start: models.User.delete opens its own StartNotification, whose username is the MySQLUser as a dict ({"_name", "_password", "_host", "_databases", "_is_root"}).'],
  }),
  op<'user_update_attributes'>({
    operation: 'user_update_attributes', troveClass: 'DBaaSUserUpdateAttributes', eventAction: 'user_update_attributes', source: 'trove/extensions/mysql/service.py: UserController.update',
    start: [instanceId(), field('username', 'string', 'name of the user to update', (f) => f.username)], finisher: 'guest',
  }),
  op<'user_grant'>({
    operation: 'user_grant', troveClass: 'DBaaSUserGrant', eventAction: 'user_grant', source: 'trove/extensions/mysql/service.py: UserAccessController.update',
    start: [instanceId(), field('username', 'string', 'name of the user', (f) => f.username),
      field('database', 'string_list', 'every database of the call (a list)', (f) => [f.database])],
    finisher: 'api', batch: {field: 'database', join: 'list'},
    checkedBeforeStart: ['the user exists (UserNotFound)'],
    notes: ['One lifecycle per call, database a list of names.'],
  }),
  op<'user_revoke'>({
    operation: 'user_revoke', troveClass: 'DBaaSUserRevoke', eventAction: 'user_revoke', source: 'trove/extensions/mysql/service.py: UserAccessController.delete',
    start: [instanceId(), field('username', 'string', 'name of the user', (f) => f.username),
      field('database', 'string_list', 'every database the user could access (not the one revoked)', (f) => f.accessible)],
    finisher: 'api', checkedBeforeStart: ['the user exists (UserNotFound)'],
    notes: ['database is the list of every database the user could access, not the one revoked.'],
  }),
  op<'user_change_password'>({
    operation: 'user_change_password', troveClass: 'DBaaSUserChangePassword', eventAction: 'user_change_password', source: 'trove/extensions/mysql/service.py: UserController.update_all',
    start: [instanceId(), field('username', 'string', 'names of every user of the call, joined with ","', (f) => f.username)],
    finisher: 'guest', batch: {field: 'username', join: ','},
    notes: ['One lifecycle per call, username joined with ",".'],
  }),
  op<'configuration_create'>({
    operation: 'configuration_create', troveClass: 'DBaaSConfigurationCreate', eventAction: 'configuration_create', source: 'trove/configuration/service.py: create',
    start: [
      field('name', 'string', 'name of the configuration group', (f) => f.name),
      field('datastore', 'string', 'datastore of the group', (f) => f.datastore),
      field('datastore_version', 'string', 'datastore version of the group', (f) => f.datastoreVersion),
    ],
    end: [field('configuration_id', 'string', 'id of the new configuration group', (f) => f.configurationId)],
    finisher: 'api', quirks: ['double-end'],
    checkedBeforeStart: ['the datastore and version exist'],
    notes: ['.end twice (a nested EndNotification inside the StartNotification block).'],
  }),
  op<'configuration_delete'>({
    operation: 'configuration_delete', troveClass: 'DBaaSConfigurationDelete', eventAction: 'configuration_delete', source: 'trove/configuration/service.py: delete',
    start: [field('configuration_id', 'string', 'id of the configuration group to delete', (f) => f.configurationId)],
    finisher: 'api', checkedBeforeStart: ['the group exists (models.Configuration.load: NotFound)'],
  }),
  op<'configuration_update'>({
    operation: 'configuration_update', troveClass: 'DBaaSConfigurationUpdate', eventAction: 'configuration_update', source: 'trove/configuration/service.py: update',
    start: [
      field('configuration_id', 'string', 'id of the configuration group', (f) => f.configurationId),
      field('name', 'string', 'name of the group after the update (always sent)', (f) => f.name),
      field('description', 'string', 'description of the group after the update, null when none (always sent)', (f) => f.description, {nullable: true}),
    ],
    finisher: 'api', checkedBeforeStart: ['the group exists'],
  }),
  op<'configuration_edit'>({
    operation: 'configuration_edit', troveClass: 'DBaaSConfigurationEdit', eventAction: 'configuration_edit', source: 'trove/configuration/service.py: edit',
    start: [field('configuration_id', 'string', 'id of the configuration group', (f) => f.configurationId)],
    finisher: 'api', checkedBeforeStart: ['the group exists'],
  }),
] as readonly TroveOperation[]

const BY_OPERATION = new Map<string, TroveOperation>(TROVE18_OPERATIONS.map((o) => [o.operation, o]))

/** Trove 18's data for one of our operations. */
export function troveOperation<Op extends AnyOperationName>(operation: Op): TroveOperation<Op> {
  const found = BY_OPERATION.get(operation)
  if (!found) throw new Error(`bug: no Trove 18 data for operation ${operation}`)
  return found as unknown as TroveOperation<Op>
}

/** The base keys of every dbaas.* payload, in Trove's order (DBaaSAPINotification.__init__). */
export const TROVE18_BASE_FIELDS: ReadonlyArray<{readonly name: string, readonly type: FieldType, readonly description: string}> = [
  {name: 'request_id', type: 'request_id', description: 'the request context\'s request_id (correlates start with end and error)'},
  {name: 'server_type', type: 'trove_server_type', description: 'component that sent it: api, taskmanager, or guest (forwarded by the conductor)'},
  {name: 'client_ip', type: 'ip', description: 'request.remote_addr: the caller\'s address, without port'},
  {name: 'server_ip', type: 'ip_port', description: 'request.host: ip:port of the Trove API'},
  {name: 'tenant_id', type: 'string', description: 'the request context\'s project_id'},
]
