/**
 * Every operation's input declaration, by catalog operation name. The
 * commands, the simulator and the operations' input types all read these;
 * an operation's input is written here and nowhere else.
 */
import {BACKUP_CREATE, BACKUP_DELETE} from './backup.js'
import {
  CLUSTER_ADD_SHARD, CLUSTER_ATTACH_CONFIGURATION, CLUSTER_CREATE, CLUSTER_DELETE, CLUSTER_DETACH_CONFIGURATION, CLUSTER_GROW,
  CLUSTER_RESET_STATUS, CLUSTER_RESTART, CLUSTER_SHRINK, CLUSTER_UPGRADE,
} from './cluster.js'
import {CONFIGURATION_CREATE, CONFIGURATION_DELETE, CONFIGURATION_EDIT, CONFIGURATION_UPDATE} from './configuration.js'
import {
  DATABASE_CREATE, DATABASE_DELETE, USER_CHANGE_PASSWORD, USER_CREATE, USER_DELETE, USER_GRANT, USER_REVOKE, USER_UPDATE_ATTRIBUTES,
} from './database.js'
import {
  INSTANCE_ATTACH_CONFIGURATION, INSTANCE_CREATE, INSTANCE_DELETE, INSTANCE_DETACH, INSTANCE_DETACH_CONFIGURATION, INSTANCE_EJECT,
  INSTANCE_PROMOTE, INSTANCE_REBOOT, INSTANCE_RESET_STATUS, INSTANCE_RESIZE_INSTANCE, INSTANCE_RESIZE_VOLUME, INSTANCE_RESTART, MIGRATE, UPGRADE,
} from './instance.js'
import type {Declaration, InputOf} from './schema.js'

export const DECLARATIONS = {
  instance_create: INSTANCE_CREATE,
  instance_restart: INSTANCE_RESTART,
  instance_resize_volume: INSTANCE_RESIZE_VOLUME,
  instance_resize_instance: INSTANCE_RESIZE_INSTANCE,
  instance_promote: INSTANCE_PROMOTE,
  instance_eject: INSTANCE_EJECT,
  instance_delete: INSTANCE_DELETE,
  instance_detach: INSTANCE_DETACH,
  instance_attach_configuration: INSTANCE_ATTACH_CONFIGURATION,
  instance_detach_configuration: INSTANCE_DETACH_CONFIGURATION,
  cluster_create: CLUSTER_CREATE,
  cluster_delete: CLUSTER_DELETE,
  cluster_add_shard: CLUSTER_ADD_SHARD,
  cluster_grow: CLUSTER_GROW,
  cluster_shrink: CLUSTER_SHRINK,
  backup_create: BACKUP_CREATE,
  backup_delete: BACKUP_DELETE,
  database_create: DATABASE_CREATE,
  database_delete: DATABASE_DELETE,
  user_create: USER_CREATE,
  user_delete: USER_DELETE,
  user_update_attributes: USER_UPDATE_ATTRIBUTES,
  user_grant: USER_GRANT,
  user_revoke: USER_REVOKE,
  user_change_password: USER_CHANGE_PASSWORD,
  configuration_create: CONFIGURATION_CREATE,
  configuration_delete: CONFIGURATION_DELETE,
  configuration_update: CONFIGURATION_UPDATE,
  configuration_edit: CONFIGURATION_EDIT,
  // beyond the spec: Trove 18's own operations
  instance_reboot: INSTANCE_REBOOT,
  instance_reset_status: INSTANCE_RESET_STATUS,
  upgrade: UPGRADE,
  migrate: MIGRATE,
  cluster_restart: CLUSTER_RESTART,
  cluster_upgrade: CLUSTER_UPGRADE,
  cluster_reset_status: CLUSTER_RESET_STATUS,
  cluster_attach_configuration: CLUSTER_ATTACH_CONFIGURATION,
  cluster_detach_configuration: CLUSTER_DETACH_CONFIGURATION,
} as const

export type DeclaredOperation = keyof typeof DECLARATIONS
/** The input of a declared operation. */
export type Input<K extends DeclaredOperation> = InputOf<typeof DECLARATIONS[K]>

export function declarationOf(operation: string): Declaration | undefined {
  return (DECLARATIONS as Readonly<Record<string, Declaration>>)[operation]
}

export {type Declaration, type InputOf} from './schema.js'
export type {MemberSpec, Nic, UserSpec} from './codecs.js'
