/**
 * Each declared operation's input (src/inputs) → its operation: the one
 * table commands and the simulator call through. An input that names
 * several resources (`instance delete a b`, `backup delete b1 b2`, several
 * databases or users) runs one lifecycle per resource, in order; a single
 * one is returned as is.
 */
import type {DeclaredOperation, Input} from '../inputs/index.js'
import {createBackup, deleteBackup} from './backup.js'
import {addShard, createCluster, deleteCluster, growCluster, shrinkCluster} from './cluster.js'
import {attachConfiguration, createConfiguration, deleteConfiguration, detachConfiguration, editConfiguration, updateConfiguration} from './configuration.js'
import type {OpContext, OperationResult} from './context.js'
import {attachClusterConfiguration, detachClusterConfiguration, resetClusterStatus, restartCluster, upgradeCluster} from './cluster-beyond.js'
import {createDatabases, deleteDatabase} from './database.js'
import {migrateInstance, rebootInstance, resetInstanceStatus, upgradeInstance} from './instance-beyond.js'
import {resizeInstance, resizeVolume, restartInstance} from './instance-actions.js'
import {createInstance, deleteInstance} from './instance.js'
import {detachReplica, ejectReplicaSource, promoteToReplicaSource} from './replication.js'
import {changePasswords, createUser, deleteUser, grantAccessAll, revokeAccess, updateUserAttributes} from './user.js'

export type Outcome = OperationResult | readonly OperationResult[]
export type Call<K extends DeclaredOperation> = (ctx: OpContext, input: Input<K>) => Promise<Outcome>

/** Several lifecycles of one request: a single one is returned as is. */
export function oneOrMany(results: readonly OperationResult[]): Outcome {
  return results.length === 1 ? results[0]! : results
}

/** One lifecycle per reference, in order. */
async function each(refs: readonly string[], run: (ref: string) => Promise<OperationResult>): Promise<Outcome> {
  const results: OperationResult[] = []
  for (const ref of refs) results.push(await run(ref))
  return oneOrMany(results)
}

/** Several lifecycles per reference (a force delete: reset status, then delete), in order. */
async function many(refs: readonly string[], steps: (ref: string) => ReadonlyArray<() => Promise<OperationResult>>): Promise<Outcome> {
  const results: OperationResult[] = []
  for (const ref of refs) for (const step of steps(ref)) results.push(await step())
  return oneOrMany(results)
}

export const CALLS: {readonly [K in DeclaredOperation]: Call<K>} = {
  instance_create: createInstance,
  instance_restart: (ctx, i) => restartInstance(ctx, i.instance),
  instance_resize_volume: (ctx, i) => resizeVolume(ctx, i.instance, i.size),
  instance_resize_instance: (ctx, i) => resizeInstance(ctx, i.instance, i.flavor),
  instance_promote: (ctx, i) => promoteToReplicaSource(ctx, i.instance),
  instance_eject: (ctx, i) => ejectReplicaSource(ctx, i.instance),
  // force: reset the status first, then delete (troveclient's force-delete: two lifecycles)
  instance_delete: (ctx, i) => (i.force ? many(i.instances, (ref) => [() => resetInstanceStatus(ctx, ref), () => deleteInstance(ctx, ref)])
    : each(i.instances, (ref) => deleteInstance(ctx, ref))),
  instance_detach: (ctx, i) => detachReplica(ctx, i.instance),
  instance_attach_configuration: (ctx, i) => attachConfiguration(ctx, i.instance, i.configuration),
  instance_detach_configuration: (ctx, i) => detachConfiguration(ctx, i.instance),
  cluster_create: createCluster,
  cluster_delete: (ctx, i) => (i.force ? many(i.clusters, (ref) => [() => resetClusterStatus(ctx, ref), () => deleteCluster(ctx, ref)])
    : each(i.clusters, (ref) => deleteCluster(ctx, ref))),
  cluster_add_shard: (ctx, i) => addShard(ctx, i.cluster),
  cluster_grow: (ctx, i) => growCluster(ctx, i.cluster, i.instances),
  cluster_shrink: (ctx, i) => shrinkCluster(ctx, i.cluster, i.instances),
  backup_create: createBackup,
  backup_delete: (ctx, i) => each(i.backups, (ref) => deleteBackup(ctx, ref)),
  database_create: async (ctx, i) => oneOrMany(await createDatabases(ctx, i)),
  database_delete: (ctx, i) => deleteDatabase(ctx, i.instance, i.database),
  user_create: createUser,
  user_delete: deleteUser,
  user_update_attributes: updateUserAttributes,
  user_grant: async (ctx, i) => oneOrMany(await grantAccessAll(ctx, i)),
  user_revoke: revokeAccess,
  user_change_password: async (ctx, i) => oneOrMany(await changePasswords(ctx, i.instance, i.users.map((u) => ({...u, host: u.host ?? i.host})))),
  configuration_create: createConfiguration,
  configuration_delete: (ctx, i) => deleteConfiguration(ctx, i.configuration),
  configuration_update: updateConfiguration,
  configuration_edit: (ctx, i) => editConfiguration(ctx, i.configuration, i.values),
  // beyond the spec: Trove 18's own operations
  instance_reboot: (ctx, i) => rebootInstance(ctx, i.instance),
  instance_reset_status: (ctx, i) => resetInstanceStatus(ctx, i.instance),
  upgrade: (ctx, i) => upgradeInstance(ctx, i.instance, i.datastoreVersion),
  migrate: (ctx, i) => migrateInstance(ctx, i.instance, i.host),
  cluster_restart: (ctx, i) => restartCluster(ctx, i.cluster),
  cluster_upgrade: (ctx, i) => upgradeCluster(ctx, i.cluster, i.datastoreVersion),
  cluster_reset_status: (ctx, i) => resetClusterStatus(ctx, i.cluster),
  cluster_attach_configuration: (ctx, i) => attachClusterConfiguration(ctx, i.cluster, i.configuration),
  cluster_detach_configuration: (ctx, i) => detachClusterConfiguration(ctx, i.cluster),
}

/** Run a declared operation with an input already checked against its declaration. */
export function call(operation: DeclaredOperation, ctx: OpContext, input: Readonly<Record<string, unknown>>): Promise<Outcome> {
  return (CALLS[operation] as (ctx: OpContext, input: unknown) => Promise<Outcome>)(ctx, input)
}
