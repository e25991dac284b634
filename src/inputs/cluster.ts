/**
 * The inputs of the cluster operations: create, delete, grow, shrink, add a
 * shard. Members are troveclient's `--instance flavor=F,volume=GB,…`, one
 * per use of the flag.
 */
import {choice, extendedProperties, flag, member, ref, troveText} from './codecs.js'
import {declare, field} from './schema.js'

const clusterArg = (ask: string) => field(ref('CLUSTER'), {required: true, summary: 'Cluster id or name.', cli: {positional: true, ask}})

const members = (grow: boolean, summary: string) => field(member({grow}), {
  required: true, many: true, summary, cli: {flag: 'instance', repeat: true, value: member({grow}).shape},
})

/** troveclient refuses a cluster request without members. */
const needsMembers = (input: {instances?: readonly unknown[]}): string | undefined =>
  (input.instances?.length ?? 0) === 0 ? 'missing --instance: give at least one member (repeat the flag for each)' : undefined

const CREATE_EXAMPLE = 'trove-notify cluster create shop mongodb 5.0 --instance flavor=2,volume=2'

export const CLUSTER_CREATE = declare({
  operation: 'cluster_create',
  example: CREATE_EXAMPLE,
  fields: {
    name: field(troveText('NAME'), {required: true, summary: 'Name of the new cluster.', cli: {positional: true, ask: 'Name of the new cluster'}}),
    datastore: field(troveText('DATASTORE'), {
      required: true, summary: 'Datastore that supports clusters: mongodb, cassandra, redis, mariadb, pxc.', cli: {positional: true, ask: 'Datastore'},
    }),
    datastoreVersion: field(troveText('DATASTORE_VERSION'), {
      summary: 'Datastore version (see `datastore list`); a scenario may leave it out for the default.', cli: {positional: true, ask: 'Datastore version'},
    }),
    instances: members(false, 'One member instance; repeat the flag for each member.'),
    locality: field(choice(['affinity', 'anti-affinity']), {summary: 'Server-group policy of the members.', cli: {}}),
    extendedProperties: field(extendedProperties, {
      summary: 'Datastore-specific properties, e.g. num_configsvr=1,num_mongos=2 (MongoDB).',
      cli: {flag: 'extended-properties', aliases: ['extended_properties'], value: 'KEY=VALUE,…'},
    }),
    configuration: field(ref('CONFIGURATION'), {summary: 'Configuration group id or name to attach to the cluster.', cli: {value: 'CONFIGURATION'}}),
  },
  check: needsMembers,
})

export const CLUSTER_DELETE = declare({
  operation: 'cluster_delete',
  example: 'trove-notify cluster delete shop',
  fields: {
    clusters: field(ref('CLUSTER'), {
      required: true, many: true, summary: 'Cluster id or name; several: one lifecycle each.', scenario: 'cluster',
      cli: {positional: true, ask: 'Cluster to delete', value: 'CLUSTER'},
    }),
    /** Set by `cluster force delete` (troveclient's cluster-force-delete): reset the cluster's task first. */
    force: field(flag, {summary: 'Reset the cluster status first, so a cluster with a task running is deleted too.', cli: false}),
  },
})

export const CLUSTER_ADD_SHARD = declare({
  operation: 'cluster_add_shard',
  example: 'trove-notify cluster add-shard shop',
  fields: {cluster: field(ref('CLUSTER'), {required: true, summary: 'Cluster id or name (a MongoDB cluster).', cli: {positional: true, ask: 'Cluster'}})},
})

const GROW_EXAMPLE = 'trove-notify cluster grow shop --instance flavor=2,volume=2'

export const CLUSTER_GROW = declare({
  operation: 'cluster_grow',
  example: GROW_EXAMPLE,
  fields: {
    cluster: clusterArg('Cluster to grow'),
    instances: members(true, 'One new member instance; repeat the flag for each member.'),
  },
  check: needsMembers,
})

export const CLUSTER_SHRINK = declare({
  operation: 'cluster_shrink',
  example: 'trove-notify cluster shrink shop shop-member-3',
  fields: {
    cluster: clusterArg('Cluster to shrink'),
    instances: field(ref('INSTANCE'), {
      required: true, many: true, summary: 'Member instance id or name to remove (several allowed).', cli: {positional: true, ask: 'Member instance to remove', value: 'INSTANCE'},
    }),
  },
})

// ---- beyond the spec: Trove 18's own cluster operations (issue 12) --------

/** POST clusters/{id} {"restart": {}} (no troveclient command). */
export const CLUSTER_RESTART = declare({
  operation: 'cluster_restart',
  example: 'trove-notify cluster restart galera1',
  fields: {cluster: clusterArg('Cluster to restart')},
})

/** `trove cluster-upgrade CLUSTER DATASTORE_VERSION`, `openstack database cluster upgrade CLUSTER DATASTORE_VERSION`. */
export const CLUSTER_UPGRADE = declare({
  operation: 'cluster_upgrade',
  example: 'trove-notify cluster upgrade galera1 10.6',
  fields: {
    cluster: clusterArg('Cluster to upgrade'),
    datastoreVersion: field(troveText('DATASTORE_VERSION'), {
      required: true, summary: 'Datastore version to upgrade to (of the cluster\'s datastore).', cli: {positional: true, ask: 'Datastore version'},
    }),
  },
})

/** `trove cluster-reset-status CLUSTER`, `openstack database cluster reset status CLUSTER`. */
export const CLUSTER_RESET_STATUS = declare({
  operation: 'cluster_reset_status',
  example: 'trove-notify cluster reset-status galera1',
  fields: {cluster: clusterArg('Cluster whose status to reset')},
})

/** POST clusters/{id} {"configuration_attach": {...}} (no troveclient command). */
export const CLUSTER_ATTACH_CONFIGURATION = declare({
  operation: 'cluster_attach_configuration',
  example: 'trove-notify cluster attach-configuration galera1 tuned',
  fields: {
    cluster: clusterArg('Cluster'),
    configuration: field(ref('CONFIGURATION'), {required: true, summary: 'Configuration group id or name.', cli: {positional: true, ask: 'Configuration group'}}),
  },
})

/** POST clusters/{id} {"configuration_detach": {}} (no troveclient command). */
export const CLUSTER_DETACH_CONFIGURATION = declare({
  operation: 'cluster_detach_configuration',
  example: 'trove-notify cluster detach-configuration galera1',
  fields: {cluster: clusterArg('Cluster')},
})
