/**
 * The rows of the simulated Trove world, as both backends hold them (the
 * SQLite tables of schema.ts; the memory backend's maps). Times are ISO 8601
 * strings with Z; booleans are 0/1, as SQLite keeps them. Rows are read-only:
 * a repository hands out snapshots, and a change goes through its
 * `update()`.
 */

export interface InstanceRow {
  readonly id: string
  readonly name: string
  readonly tenant_id: string
  readonly user_id: string
  readonly flavor_id: string
  readonly datastore: string
  readonly datastore_version: string
  readonly volume_size: number | null
  readonly volume_type: string | null
  readonly availability_zone: string
  readonly region: string
  readonly status: string
  readonly task: string | null
  readonly nova_instance_id: string
  readonly nova_volume_id: string | null
  readonly cluster_id: string | null
  readonly shard_id: string | null
  readonly replica_of: string | null
  readonly configuration_id: string | null
  readonly restart_required: number
  readonly created_at: string
  readonly launched_at: string | null
  readonly updated_at: string
  readonly deleted_at: string | null
}

export interface FlavorRow {
  readonly id: string
  readonly name: string
  readonly ram: number
  readonly vcpus: number
  readonly disk: number
}

export interface DatastoreRow {
  readonly name: string
  readonly manager: string
  readonly default_version: string
  readonly supports_clusters: number
  readonly supports_users: number
  readonly supports_shards: number
}

export interface ClusterRow {
  readonly id: string
  readonly name: string
  readonly tenant_id: string
  readonly datastore: string
  readonly datastore_version: string
  readonly task: string | null
  readonly created_at: string
  readonly updated_at: string
  readonly deleted_at: string | null
}

export interface BackupRow {
  readonly id: string
  readonly name: string
  readonly tenant_id: string
  readonly instance_id: string
  readonly parent_id: string | null
  readonly description: string | null
  readonly status: string
  readonly size: number | null
  readonly datastore: string
  readonly datastore_version: string
  readonly created_at: string
  readonly updated_at: string
  readonly deleted_at: string | null
}

export interface ConfigurationRow {
  readonly id: string
  readonly name: string
  readonly tenant_id: string
  readonly datastore: string
  readonly datastore_version: string
  readonly description: string | null
  readonly values_json: string
  readonly created_at: string
  readonly updated_at: string
  readonly deleted_at: string | null
}

/** A database on an instance's guest. */
export interface DatabaseRow {
  readonly instance_id: string
  readonly name: string
  readonly character_set: string | null
  readonly collation: string | null
  readonly created_at: string
}

/** A database user on an instance's guest; the password only as a salted hash. */
export interface UserRow {
  readonly instance_id: string
  readonly name: string
  readonly host: string
  readonly password_hash: string
  readonly created_at: string
}

/** A user's access to one database. */
export interface GrantRow {
  readonly instance_id: string
  readonly user_name: string
  readonly host: string
  readonly database: string
}

export interface QuotaUsageRow {
  readonly tenant_id: string
  readonly resource: string
  readonly in_use: number
  readonly reserved: number
  readonly updated_at: string | null
}

/** Rows with an id, created at a time: the resources Trove lists oldest first. */
export interface Resource {
  readonly id: string
  readonly created_at: string
  readonly deleted_at: string | null
}

/** An update of some columns (never the id). */
export type Changes<R> = Partial<Omit<R, 'id'>>

/** What every repository of resources does by id: read a row (live or deleted), add one, change some columns, remove the row itself. */
export interface ResourceRepository<R> {
  get(id: string): R | undefined
  insert(row: R): void
  update(id: string, changes: Changes<R>): void
  /** Remove the row itself (undoing a create); a deleted resource keeps its row with deleted_at. */
  remove(id: string): void
}
