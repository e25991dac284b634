/**
 * The inputs of the instance operations: create (and replicas), restart,
 * resize volume and flavor, delete, the replication actions, attaching and
 * detaching configuration groups. Spellings are troveclient 8's: the legacy
 * `trove` shell's underscore flags and positional FLAVOR, and
 * `openstack database instance …`'s dashed flags and `--flavor`.
 */
import {
  allowedCidr, choice, flag, integer, mysqlDatabaseName, nic, ref, text, troveText, userSpec,
} from './codecs.js'
import {troveString} from './rules.js'
import {declare, field} from './schema.js'

/** The instance an action applies to: the first positional argument. */
export const instanceArg = (summary = 'Instance id or name.', ask = 'Instance') =>
  field(ref('INSTANCE'), {required: true, summary, cli: {positional: true, ask}})

const instanceOnly = (operation: 'instance_restart' | 'instance_promote' | 'instance_eject' | 'instance_detach' | 'instance_detach_configuration', example: string, ask: string) =>
  declare({operation, example, fields: {instance: instanceArg(undefined, ask)}})

export const INSTANCE_CREATE = declare({
  operation: 'instance_create',
  example: 'trove-notify instance create db1 2 --size 2',
  fields: {
    name: field(troveText('NAME'), {required: true, summary: 'Name of the new instance.', cli: {positional: true, ask: 'Name of the new instance'}}),
    flavor: field(troveText('FLAVOR'), {
      summary: 'Flavor id or name (see `flavor list`); a replica takes its source\'s.',
      cli: {positional: true, flag: 'flavor', ask: 'Flavor', value: 'FLAVOR', unless: 'replicaOf'},
    }),
    size: field(integer({min: 1, why: "Trove's API schema: volume size"}), {summary: 'Volume size in GB (default 1; a replica: its source\'s).', cli: {value: 'GB'}}),
    volumeType: field(troveText('TYPE'), {summary: 'Volume type.', cli: {flag: 'volume-type', aliases: ['volume_type'], value: 'TYPE'}}),
    datastore: field(troveText('DATASTORE'), {summary: 'Datastore (see `datastore list`).', cli: {defaultHelp: 'mysql', value: 'DATASTORE'}}),
    datastoreVersion: field(troveText('VERSION'), {
      summary: "Datastore version; default the datastore's default version.", cli: {flag: 'datastore-version', aliases: ['datastore_version'], value: 'VERSION'},
    }),
    datastoreVersionNumber: field(troveText('NUMBER'), {
      summary: 'Version number, for datastore versions of the same name (openstack database instance create).', cli: {flag: 'datastore-version-number', value: 'NUMBER'},
    }),
    databases: field(mysqlDatabaseName, {
      many: true, summary: 'Databases to create on the instance.', cli: {comma: true, value: 'DATABASE'},
    }),
    users: field(userSpec({mysqlRules: true}), {
      many: true,
      summary: 'Users to create, NAME:PASSWORD (passwords are never published). NAME alone or NAME:- takes the password from TROVE_NOTIFY_PASSWORD, stdin or a prompt.',
      cli: {comma: true, value: 'NAME:PASSWORD'},
    }),
    backup: field(ref('BACKUP'), {summary: 'Backup id or name to restore the instance from.', cli: {value: 'BACKUP'}}),
    availabilityZone: field(troveText('ZONE'), {summary: 'Availability zone.', cli: {flag: 'availability-zone', aliases: ['availability_zone'], defaultHelp: 'nova', value: 'ZONE'}}),
    replicaOf: field(ref('INSTANCE'), {summary: 'Create a replica of this instance (id or name).', cli: {flag: 'replica-of', aliases: ['replica_of'], value: 'INSTANCE'}}),
    replicaCount: field(integer({min: 1, max: 3, why: "Trove's API schema"}), {
      summary: 'Number of replicas to create (with --replica-of; default 1).', cli: {flag: 'replica-count', aliases: ['replica_count'], value: 'N'},
    }),
    configuration: field(ref('CONFIGURATION'), {summary: 'Configuration group id or name to attach.', cli: {value: 'CONFIGURATION'}}),
    nics: field(nic, {
      many: true,
      summary: 'Network of the instance: net-id=UUID[,subnet-id=UUID][,ip-address=IP], or the legacy port-id=UUID / v4-fixed-ip=IP. Trove 18 takes one.',
      cli: {flag: 'nic', repeat: true, value: 'NIC'},
    }),
    modules: field(ref('MODULE'), {many: true, summary: 'Module id or name to apply.', cli: {flag: 'module', repeat: true, value: 'MODULE'}}),
    locality: field(choice(['affinity', 'anti-affinity']), {summary: 'Server-group policy for the replicas created with this instance.', cli: {}}),
    region: field(troveText('REGION'), {summary: 'Region of the instance.', cli: {shared: true}}),
    isPublic: field(flag, {summary: 'Make the instance reachable from outside its network (openstack database instance create).', cli: {flag: 'is-public'}}),
    allowedCidrs: field(allowedCidr, {
      many: true, summary: 'IPv4 CIDR allowed to reach the database.', cli: {flag: 'allowed-cidr', repeat: true, value: 'CIDR'},
    }),
  },
  check(input) {
    // troveclient refuses these before sending anything.
    if (input.locality && input.replicaOf) return '--locality: cannot specify locality when adding replicas to an existing source (--replica-of)'
    if ((input.nics?.length ?? 0) > 1) return "--nic: Trove 18 takes one network per instance (its API schema's maxItems 1)"
    return undefined
  },
})

export const INSTANCE_RESTART = instanceOnly('instance_restart', 'trove-notify instance restart db1', 'Instance to restart')

export const INSTANCE_RESIZE_VOLUME = declare({
  operation: 'instance_resize_volume',
  example: 'trove-notify instance resize-volume db1 4',
  fields: {
    instance: instanceArg(undefined, 'Instance to resize'),
    size: field(integer({min: 1, why: "Trove's API schema: volume size"}), {required: true, summary: 'New volume size in GB (larger than the current one).', cli: {positional: true, ask: 'New volume size (GB)'}}),
  },
})

export const INSTANCE_RESIZE_INSTANCE = declare({
  operation: 'instance_resize_instance',
  example: 'trove-notify instance resize-instance db1 3',
  fields: {
    instance: instanceArg(undefined, 'Instance to resize'),
    flavor: field(text((v) => troveString(v), 'FLAVOR'), {required: true, summary: 'New flavor id or name.', cli: {positional: true, ask: 'New flavor'}}),
  },
})

export const INSTANCE_PROMOTE = instanceOnly('instance_promote', 'trove-notify instance promote db1-replica', 'Replica to promote')
export const INSTANCE_EJECT = instanceOnly('instance_eject', 'trove-notify instance eject db1', 'Replication source to eject')
export const INSTANCE_DETACH = instanceOnly('instance_detach', 'trove-notify instance detach db1-replica', 'Replica to detach')

export const INSTANCE_DELETE = declare({
  operation: 'instance_delete',
  example: 'trove-notify instance delete db1',
  fields: {
    instances: field(ref('INSTANCE'), {
      required: true, many: true, summary: 'Instance id or name; several: one lifecycle each.', scenario: 'instance',
      cli: {positional: true, ask: 'Instance to delete', value: 'INSTANCE'},
    }),
    force: field(flag, {summary: 'Force delete: reset the instance status first, so one that is building or busy is deleted too (openstack database instance delete --force).', cli: {}}),
  },
})

export const INSTANCE_ATTACH_CONFIGURATION = declare({
  operation: 'instance_attach_configuration',
  example: 'trove-notify instance attach-configuration db1 tuned',
  fields: {
    instance: instanceArg(),
    configuration: field(ref('CONFIGURATION'), {required: true, summary: 'Configuration group id or name.', cli: {positional: true, ask: 'Configuration group'}}),
  },
})

export const INSTANCE_DETACH_CONFIGURATION = instanceOnly('instance_detach_configuration', 'trove-notify instance detach-configuration db1', 'Instance')

// ---- beyond the spec: Trove 18's own instance operations (issue 12) -------

/** `openstack database instance reboot INSTANCE` (the management API's reboot of the Nova server). */
export const INSTANCE_REBOOT = declare({
  operation: 'instance_reboot',
  example: 'trove-notify instance reboot db1',
  fields: {instance: instanceArg(undefined, 'Instance to reboot')},
})

/** `trove reset-status INSTANCE`, `openstack database instance reset status INSTANCE`. */
export const INSTANCE_RESET_STATUS = declare({
  operation: 'instance_reset_status',
  example: 'trove-notify instance reset-status db1',
  fields: {instance: instanceArg(undefined, 'Instance whose status to reset')},
})

/** `trove upgrade INSTANCE DATASTORE_VERSION`, `openstack database instance upgrade INSTANCE DATASTORE_VERSION`. */
export const UPGRADE = declare({
  operation: 'upgrade',
  example: 'trove-notify instance upgrade db1 8.0',
  fields: {
    instance: instanceArg(undefined, 'Instance to upgrade'),
    datastoreVersion: field(troveText('DATASTORE_VERSION'), {
      required: true, summary: 'Datastore version to upgrade to (of the instance\'s datastore; see `datastore list`).', cli: {positional: true, ask: 'Datastore version'},
    }),
  },
})

/** The management API's migrate (troveclient: `management.migrate(instance, host)`; no shell command). */
export const MIGRATE = declare({
  operation: 'migrate',
  example: 'trove-notify instance migrate db1 --host compute-2',
  fields: {
    instance: instanceArg(undefined, 'Instance to migrate'),
    host: field(troveText('HOST'), {summary: 'Compute host to migrate to (default: the scheduler picks one).', cli: {value: 'HOST'}}),
  },
})
