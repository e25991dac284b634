/**
 * The state store's schema as numbered migrations (PRAGMA user_version), and
 * the seed catalogue of flavors and datastores. Append a migration to change
 * the schema; never edit one that has shipped.
 */

export const MIGRATIONS: readonly string[] = [
  // 1: the simulated Trove world.
  `
  CREATE TABLE flavors (
    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
    ram INTEGER NOT NULL, vcpus INTEGER NOT NULL, disk INTEGER NOT NULL
  );
  CREATE TABLE datastores (
    name TEXT PRIMARY KEY, manager TEXT NOT NULL, default_version TEXT NOT NULL,
    supports_clusters INTEGER NOT NULL DEFAULT 0, supports_users INTEGER NOT NULL DEFAULT 0,
    supports_shards INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE datastore_versions (
    datastore TEXT NOT NULL REFERENCES datastores(name), name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (datastore, name)
  );
  CREATE TABLE instances (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, tenant_id TEXT NOT NULL, user_id TEXT NOT NULL,
    flavor_id TEXT NOT NULL, datastore TEXT NOT NULL, datastore_version TEXT NOT NULL,
    volume_size INTEGER, volume_type TEXT, availability_zone TEXT NOT NULL, region TEXT NOT NULL,
    status TEXT NOT NULL, task TEXT, nova_instance_id TEXT NOT NULL, nova_volume_id TEXT,
    cluster_id TEXT, shard_id TEXT, replica_of TEXT, configuration_id TEXT,
    restart_required INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, launched_at TEXT, updated_at TEXT NOT NULL, deleted_at TEXT
  );
  CREATE INDEX instances_tenant ON instances (tenant_id, deleted_at);
  CREATE INDEX instances_name ON instances (name);
  CREATE TABLE clusters (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, tenant_id TEXT NOT NULL,
    datastore TEXT NOT NULL, datastore_version TEXT NOT NULL, task TEXT,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT
  );
  CREATE TABLE backups (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, tenant_id TEXT NOT NULL, instance_id TEXT NOT NULL,
    parent_id TEXT, description TEXT, status TEXT NOT NULL, size REAL,
    datastore TEXT NOT NULL, datastore_version TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT
  );
  CREATE TABLE databases (
    instance_id TEXT NOT NULL, name TEXT NOT NULL, character_set TEXT, collation TEXT,
    created_at TEXT NOT NULL, PRIMARY KEY (instance_id, name)
  );
  CREATE TABLE users (
    instance_id TEXT NOT NULL, name TEXT NOT NULL, host TEXT NOT NULL DEFAULT '%',
    password_hash TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (instance_id, name, host)
  );
  CREATE TABLE user_access (
    instance_id TEXT NOT NULL, user_name TEXT NOT NULL, host TEXT NOT NULL, database TEXT NOT NULL,
    PRIMARY KEY (instance_id, user_name, host, database)
  );
  CREATE TABLE configurations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, tenant_id TEXT NOT NULL, datastore TEXT NOT NULL,
    datastore_version TEXT NOT NULL, description TEXT, values_json TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL, deleted_at TEXT
  );
  CREATE TABLE quotas (
    tenant_id TEXT NOT NULL, resource TEXT NOT NULL, hard_limit INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, resource)
  );
  CREATE TABLE quota_usages (
    tenant_id TEXT NOT NULL, resource TEXT NOT NULL,
    in_use INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0, updated_at TEXT,
    PRIMARY KEY (tenant_id, resource)
  );
  CREATE TABLE exists_audit (
    instance_id TEXT PRIMARY KEY, period_ending TEXT NOT NULL
  );
  `,
  // 2: indexes for the lookups operations make on every request (replicas of
  // an instance, cluster members, an instance's backups, a tenant's backups,
  // configurations and clusters); without them those are table scans that
  // grow with the world (simulate's hot path).
  `
  CREATE INDEX instances_replica_of ON instances (replica_of);
  CREATE INDEX instances_cluster ON instances (cluster_id);
  CREATE INDEX backups_instance ON backups (instance_id);
  CREATE INDEX backups_tenant ON backups (tenant_id, deleted_at);
  CREATE INDEX configurations_tenant ON configurations (tenant_id, deleted_at);
  CREATE INDEX clusters_tenant ON clusters (tenant_id, deleted_at);
  `,
  // 3: two more per-request lookups that were table scans: a backup's
  // incremental children (deleting a backup deletes its descendants) and the
  // instances a configuration is attached to.
  `
  CREATE INDEX backups_parent ON backups (parent_id);
  CREATE INDEX instances_configuration ON instances (configuration_id);
  `,
  // 4: what survives a process (issue 15): the transactional outbox (each
  // message's final bytes per routing key, until the broker confirmed it)
  // and the operations in flight (owner, deadline, and how to end it).
  `
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, routing_key TEXT NOT NULL,
    exchange TEXT NOT NULL, body BLOB NOT NULL, owner TEXT NOT NULL, created_at TEXT NOT NULL
  );
  CREATE INDEX outbox_owner ON outbox (owner, exchange);
  CREATE TABLE operations_in_flight (
    request_id TEXT PRIMARY KEY, operation TEXT NOT NULL, owner_host TEXT NOT NULL, owner_pid INTEGER NOT NULL,
    started_at TEXT NOT NULL, deadline TEXT NOT NULL, record TEXT NOT NULL
  );
  `,
]

/** devstack's flavors: id, name, RAM (MB), vCPUs, disk (GB). */
export const SEED_FLAVORS: ReadonlyArray<readonly [string, string, number, number, number]> = [
  ['1', 'm1.tiny', 512, 1, 1],
  ['2', 'm1.small', 2048, 1, 20],
  ['3', 'm1.medium', 4096, 2, 40],
  ['4', 'm1.large', 8192, 4, 80],
  ['5', 'm1.xlarge', 16384, 8, 160],
]

export interface SeedDatastore {
  readonly name: string
  readonly versions: readonly string[]
  readonly defaultVersion: string
  readonly clusters: boolean
  /** MySQL family: databases and users through the guest agent. */
  readonly users: boolean
  /** Supports cluster add-shard (MongoDB). */
  readonly shards: boolean
}

export const SEED_DATASTORES: readonly SeedDatastore[] = [
  {name: 'mysql', versions: ['5.7.29', '8.0'], defaultVersion: '8.0', clusters: false, users: true, shards: false},
  {name: 'mariadb', versions: ['10.4', '10.11'], defaultVersion: '10.11', clusters: true, users: true, shards: false},
  {name: 'percona', versions: ['5.7', '8.0'], defaultVersion: '8.0', clusters: false, users: true, shards: false},
  {name: 'pxc', versions: ['5.7', '8.0'], defaultVersion: '8.0', clusters: true, users: true, shards: false},
  {name: 'postgresql', versions: ['12', '13', '16'], defaultVersion: '16', clusters: false, users: false, shards: false},
  {name: 'mongodb', versions: ['4.4', '5.0'], defaultVersion: '5.0', clusters: true, users: false, shards: true},
  {name: 'redis', versions: ['6.2', '7.0'], defaultVersion: '7.0', clusters: true, users: false, shards: false},
  {name: 'cassandra', versions: ['3.11', '4.0'], defaultVersion: '4.0', clusters: true, users: false, shards: false},
]
