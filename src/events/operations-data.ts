/**
 * The spec's appendix (1.10.2 – 1.10.88) as data: one entry per operation,
 * from which catalog.ts derives its `.start`, `.end` and `.error` event types.
 * Field names and descriptions are the spec's, word for word; a contract test
 * (test/contract/catalog-spec.test.js) parses the spec and compares.
 *
 * `optional` marks the fields the spec says are sent only "if specified";
 * every other field is always present. `nullable` marks those that can lack
 * a value and are then sent as null (as Trove 18's required traits are):
 * backup_create's description and parent_id (a full backup without a
 * description) and instance_create.error's instance_id (the request failed
 * before an id was assigned).
 */
import type {OperationSpec} from './types.js'

export const OPERATIONS = [
  {
    name: 'instance_create',
    section: 2,
    summary: 'Create a database instance (or replicas of one).',
    pythonApi: 'instances.create(name, flavor_id, volume=None, databases=None, users=None, restorePoint=None, availability_zone=None, datastore=None, datastore_version=None, nics=None, configuration=None, replica_of=None, slave_of=None, replica_count=None)',
    restApi: 'POST v1/{tenant_id}/instances/create',
    finishedBy: 'task',
    start: [
      ['name', 'Name of new instance'],
      ['flavor', 'Flavor id of instance'],
      ['datastore', 'Datastore of instance'],
      ['datastore_version', 'Datastore_version of instance'],
      ['databases', 'Comma separated list of databases to create (if specified)', 'optional'],
      ['users', 'Comma separated list of users to create (if specified)', 'optional'],
      ['volume_size', 'Size of volume to create (if specified)', 'optional'],
      ['restore_point', 'Reference to backup to use to initialize instance (if specified)', 'optional'],
      ['availability_zone', 'AZ of instance (if specified)', 'optional'],
      ['replica_of', 'Master instance from which to create replica (if specified)', 'optional'],
      ['replica_count', 'Number of replicas to create (if specified)', 'optional'],
    ],
    end: [
      ['instance_id', 'id of created instance'],
    ],
    error: [
      ['instance_id', 'id of instance', 'nullable'],
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_restart',
    section: 5,
    summary: 'Restart the database service of an instance.',
    pythonApi: 'instances.restart(instance)',
    restApi: 'POST v1/{tenant_id}/instances/{id}/action',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to restart'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_resize_volume',
    section: 8,
    summary: 'Grow the data volume of an instance.',
    pythonApi: 'instances.resize_volume(instance, volume_size)',
    restApi: 'POST v1/{tenant_id}/instances/{id}/action',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to resize_volume'],
      ['new_size', 'size to which volume will be resized'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_resize_instance',
    section: 11,
    summary: 'Move an instance to another flavor.',
    pythonApi: 'instances.resize_instance(instance, flavor_id)',
    restApi: 'POST v1/{tenant_id}/instances/{id}/action',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to resize_instance'],
      ['new_flavor_id', 'id of flavor to which instance will be resized'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_promote',
    section: 14,
    summary: 'Promote a replica to be the replication source.',
    pythonApi: 'instances.promote_to_replica_source(instance)',
    restApi: 'POST v1/{tenant_id}/instances/{id}/action',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to promote'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_eject',
    section: 17,
    summary: 'Eject an unreachable replication source and elect a new one.',
    pythonApi: 'instances.eject_replica_source(instance)',
    restApi: 'POST v1/{tenant_id}/instances/{id}/action',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to eject'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_delete',
    section: 20,
    summary: 'Delete an instance.',
    pythonApi: 'instances.delete(instance)',
    restApi: 'DELETE v1/{tenant_id}/instances/{id}',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to delete'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_detach',
    section: 23,
    summary: 'Detach a replica from its replication source.',
    pythonApi: 'instances.edit(detach_replica_source=True)',
    restApi: 'PATCH v1/{tenant_id}/instances/{id}',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to detach'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_attach_configuration',
    section: 26,
    summary: 'Attach a configuration group to an instance.',
    pythonApi: 'instances.modify(instance, configuration)',
    restApi: 'PATCH v1/{tenant_id}/instances/{id}',
    finishedBy: 'api',
    start: [
      ['instance_id', 'id of instance to attach_configuration'],
      ['configuration_id', 'id of configuration to attach'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'instance_detach_configuration',
    section: 29,
    summary: 'Detach the configuration group of an instance.',
    pythonApi: 'instances.edit(instance, configuration, remove_configuration=True)',
    restApi: 'PATCH v1/{tenant_id}/instances/{id}',
    finishedBy: 'api',
    start: [
      ['instance_id', 'id of instance to detach_configuration'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'cluster_create',
    section: 32,
    summary: 'Create a cluster and its member instances.',
    pythonApi: 'clusters.create(name, datastore, datastore_version, instances=None)',
    restApi: 'POST v1/{tenant_id}/clusters',
    finishedBy: 'task',
    start: [
      ['name', 'name of cluster'],
      ['datastore', 'datastore of cluster'],
      ['datastore_version', 'datastore_version of cluster'],
    ],
    end: [
      ['cluster_id', 'id of newly created cluster'],
    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'cluster_delete',
    section: 35,
    summary: 'Delete a cluster and its member instances.',
    pythonApi: 'clusters.delete(cluster)',
    restApi: 'DELETE v1/{tenant_id}/clusters/{id}',
    finishedBy: 'task',
    start: [
      ['cluster_id', 'id of cluster to delete'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'cluster_add_shard',
    section: 38,
    summary: 'Add a shard to a (MongoDB) cluster.',
    pythonApi: 'clusters.add_shard(cluster)',
    restApi: 'POST v1/{tenant_id}/clusters/{id}',
    finishedBy: 'api',
    start: [
      ['cluster_id', 'id of cluster to which to add a shard'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'cluster_grow',
    section: 41,
    summary: 'Add instances to a cluster.',
    pythonApi: 'clusters.grow(cluster, instances)',
    restApi: 'POST v1/{tenant_id}/clusters/{id}',
    finishedBy: 'task',
    start: [
      ['cluster_id', 'id of cluster to which to add a shard'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'cluster_shrink',
    section: 44,
    summary: 'Remove instances from a cluster.',
    pythonApi: 'clusters.shrink(cluster, instances)',
    restApi: 'POST v1/{tenant_id}/clusters/{id}',
    finishedBy: 'task',
    start: [
      ['cluster_id', 'id of cluster to which to add a shard'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'backup_create',
    section: 47,
    summary: 'Back up an instance (full or incremental).',
    pythonApi: 'backups.create(name, instance=None, description=None, parent_id=None, backup=None)',
    restApi: 'POST v1/{tenant_id}/backups',
    finishedBy: 'conductor',
    start: [
      ['name', 'name of backup'],
      ['instance_id', 'id of instance of which to create backup'],
      ['description', 'description of backup', 'nullable'],
      ['parent_id', 'id of backup of which to take incremental backup', 'nullable'],
    ],
    end: [
      ['backup_id', 'id of newly created backup'],
    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'backup_delete',
    section: 50,
    summary: 'Delete a backup (and its incremental children).',
    pythonApi: 'backups.delete(backup_id)',
    restApi: 'DELETE v1/{tenant_id}/backups/{id}',
    finishedBy: 'task',
    start: [
      ['backup_id', 'id of backup to delete'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'database_create',
    note: 'Note that a single call to databases.create would generate a separate notification for each database to be created.',
    section: 53,
    summary: 'Create a database on an instance (one lifecycle per database).',
    pythonApi: 'databases.create(instance, databases)',
    restApi: 'POST v1/{tenant_id}/databases',
    finishedBy: 'conductor',
    start: [
      ['instance_id', 'id of instance of which to create database'],
      ['dbname', 'name of database to be created'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'database_delete',
    section: 56,
    summary: 'Delete a database from an instance.',
    pythonApi: 'databases.delete(database_id)',
    restApi: 'DELETE v1/{tenant_id}/databases/{id}',
    finishedBy: 'conductor',
    start: [
      ['instance_id', 'id of instance from which to delete database'],
      ['dbname', 'name of database to delete'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'user_create',
    note: 'Note that a single call to users.create would generate a separate notification for each user to be created.',
    section: 59,
    summary: 'Create a database user (one lifecycle per user).',
    pythonApi: 'users.create(instance, users)',
    restApi: 'POST v1/{tenant_id}/instances/{instance}/users',
    finishedBy: 'conductor',
    start: [
      ['instance_id', 'id of instance for which to create user'],
      ['username', 'name of user to be created'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'user_delete',
    section: 62,
    summary: 'Delete a database user.',
    pythonApi: 'users.delete(instance, username, hostname)',
    restApi: 'DELETE v1/{tenant_id}/instances/{instance}/users/{id}',
    finishedBy: 'conductor',
    start: [
      ['instance_id', 'id of instance from which to delete user'],
      ['username', 'name of user to delete'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'user_update_attributes',
    section: 65,
    summary: 'Rename a user or change its password or host.',
    pythonApi: 'users.update_attributes(self, instance, username, newuserattr=None, hostname=None)',
    restApi: 'PUT v1/{tenant_id}/instances/{instance}/users/{id}',
    finishedBy: 'conductor',
    start: [
      ['instance_id', 'id of instance for which to update attributes'],
      ['username', 'name of user for whom to update attributes'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'user_grant',
    note: 'Note that a single call to users.grant would generate a set of notifications for each database to which the user is granted access.',
    section: 68,
    summary: 'Grant a user access to databases (one lifecycle per database).',
    pythonApi: 'users.grant(instance, username, databases, hostname=None)',
    restApi: 'PUT v1/{tenant_id}/instances/{instance}/users/{id}/databases',
    finishedBy: 'api',
    start: [
      ['instance_id', 'id of instance from which to grant user'],
      ['username', 'name of user to grant access to database'],
      ['database', 'name of database to which access will be granted'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'user_revoke',
    section: 71,
    summary: 'Revoke a user\'s access to a database.',
    pythonApi: 'users.revoke(instance, username, database, hostname=None)',
    restApi: 'PUT v1/{tenant_id}/instances/{instance}/users/{id}/databases/{database}',
    finishedBy: 'api',
    start: [
      ['instance_id', 'id of instance from which to revoke user'],
      ['username', 'name of user to revoke access to database'],
      ['database', 'name of database to which access will be revoked'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'user_change_password',
    note: 'Note that a single call to users.change_password would result in a separate notification event for each changed user.',
    section: 74,
    summary: 'Change users\' passwords (one lifecycle per user).',
    pythonApi: 'users.change_password(instance, users)',
    restApi: 'PUT v1/{tenant_id}/instances/{instance}/users',
    finishedBy: 'conductor',
    start: [
      ['instance_id', 'id of instance from which to change_password user'],
      ['username', 'name of user for which password changed'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'configuration_create',
    section: 77,
    summary: 'Create a configuration group.',
    pythonApi: 'configurations.create(name, values, description=None, datastore=None, datastore_version=None)',
    restApi: 'POST v1/{tenant_id}/configurations',
    finishedBy: 'api',
    start: [
      ['name', 'name of configuration to create'],
      ['datastore', 'datastore of configuration'],
      ['datastore_version', 'datastore_version of configuration'],
    ],
    end: [
      ['configuration_id', 'id of newly created configuration'],
    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'configuration_delete',
    section: 80,
    summary: 'Delete a configuration group.',
    pythonApi: 'configurations.delete(configuration_id)',
    restApi: 'DELETE v1/{tenant_id}/configurations/{id}',
    finishedBy: 'api',
    start: [
      ['configuration_id', 'id of configuration to delete'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'configuration_update',
    section: 83,
    summary: 'Replace the values (and name, description) of a configuration group.',
    pythonApi: 'configurations.update(configuration_id, values, name=None, description=None)',
    restApi: 'PUT v1/{tenant_id}/configurations/{id}',
    finishedBy: 'api',
    start: [
      ['configuration_id', 'id of configuration to update'],
      ['name', 'new group name (if specified)', 'optional'],
      ['description', 'new group description (if specified)', 'optional'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
  {
    name: 'configuration_edit',
    section: 86,
    summary: 'Merge values into a configuration group.',
    pythonApi: 'configurations.edit(configuration_id, values)',
    restApi: 'PATCH v1/{tenant_id}/configurations/{id}',
    finishedBy: 'api',
    start: [
      ['configuration_id', 'id of configuration to edit'],
    ],
    end: [

    ],
    error: [
      ['message', 'message of exception (duplicated from stack trace)'],
      ['exception', 'stack trace of exception'],
    ],
  },
] as const satisfies readonly OperationSpec[]
