/**
 * The nine operations Trove 18 notifies and the spec lacks, as catalog data
 * marked *beyond the spec (Trove 18)*. Their `spec`-dialect shapes follow the
 * spec's conventions (start/end/error, the base fields, the operation's ids
 * in `.start`, `message` and `exception` in `.error` on notification.error);
 * their field names are Trove 18's required traits (trove/common/notification.py).
 * `troveRules` is what Trove 18's code does for each, read from
 * trove/instance/{service,models}.py, trove/extensions/mgmt/instances/service.py,
 * trove/cluster/models.py and trove/taskmanager/{manager,models}.py; the
 * commands that run them are src/operations/instance-beyond.ts and cluster-beyond.ts.
 */
import type {OperationSpec} from './types.js'

const ERROR = [
  ['message', 'message of exception (duplicated from stack trace)'],
  ['exception', 'stack trace of exception'],
] as const

export const BEYOND_SPEC_OPERATIONS = [
  {
    name: 'instance_reboot',
    summary: 'Reboot the server of an instance (management API).',
    pythonApi: 'management.reboot(instance_id)',
    restApi: 'POST v1/{tenant_id}/mgmt/instances/{id}/action {"reboot": {}}',
    finishedBy: 'task',
    start: [['instance_id', 'id of instance to reboot']],
    end: [],
    error: ERROR,
    troveRules: [
      'Admin only (mgmt API); a cluster member only for an admin context (ClusterInstanceOperationNotSupported).',
      'The API sets task REBOOTING and status REBOOT, then casts to the taskmanager, which stops the database, reboots the server, waits for ACTIVE and restarts the database.',
      'The taskmanager ends it (.end, server_type taskmanager); a failure of the reboot is logged and the task reset, so Trove 18 sends .end, never a taskmanager .error.',
      'World: the instance goes REBOOT → ACTIVE; nothing else changes.',
    ],
  },
  {
    name: 'instance_reset_status',
    summary: 'Reset the task and datastore status of an instance stuck in a task.',
    pythonApi: 'instances.reset_status(instance)',
    restApi: 'POST v1/{tenant_id}/instances/{id}/action {"reset_status": {}}',
    finishedBy: 'api',
    start: [['instance_id', 'id of instance whose status to reset']],
    end: [],
    error: ERROR,
    troveRules: [
      'Allowed in any state (the instance is loaded without its server); policy reset_status (force_delete when the body says so).',
      'Finished in the API: task reset to NONE, datastore status UNKNOWN, every running backup of the instance marked FAILED.',
      '.end from the API (server_type api).',
    ],
  },
  {
    name: 'upgrade',
    summary: 'Upgrade an instance to another version of its datastore.',
    pythonApi: 'instances.upgrade(instance, datastore_version)',
    restApi: 'PATCH v1/{tenant_id}/instances/{id} {"instance": {"datastore_version": VERSION}}',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to upgrade'],
      ['datastore_version_id', 'id of datastore version to upgrade to'],
    ],
    end: [],
    error: ERROR,
    troveRules: [
      'The version must exist for the instance\'s datastore; the same version as now is ignored without a notification (a warning only).',
      'The API records the new version and task UPGRADING, then casts to the taskmanager, which sets status UPGRADE, asks the guest (pre_upgrade, then upgrade as a cast) and waits up to 600 s for a healthy service.',
      'Trove 18 never sends dbaas.upgrade.end: the cast to the guest clears the end notification and the guest\'s upgrade has none; a failure in the taskmanager is caught (task BUILDING_ERROR_SERVER), so no taskmanager .error either. Only an API-side failure sends .error.',
      'World: datastore_version changes at once; the instance goes UPGRADE → ACTIVE.',
    ],
  },
  {
    name: 'migrate',
    summary: 'Migrate the server of an instance to another compute host (management API).',
    pythonApi: 'management.migrate(instance_id, host=None)',
    restApi: 'POST v1/{tenant_id}/mgmt/instances/{id}/action {"migrate": {"host": HOST}}',
    finishedBy: 'task',
    start: [
      ['instance_id', 'id of instance to migrate'],
      ['host', 'compute host to migrate to (if specified)', 'optional'],
    ],
    end: [],
    error: ERROR,
    troveRules: [
      'Admin only (mgmt API); the instance must allow an action (validate_can_perform_action: ACTIVE, no task, no running backup).',
      'The API sets task MIGRATING and casts to the taskmanager, which resizes the server onto the host (a Nova migrate) and confirms it.',
      '.end from the taskmanager. Trove 18\'s DBaaSInstanceMigrate carries only `host`, not the instance id.',
      'World: the instance goes MIGRATE → ACTIVE on its new host.',
    ],
  },
  {
    name: 'cluster_restart',
    summary: 'Restart every member of a cluster, one after another.',
    pythonApi: 'POST clusters/{id} {"restart": {}} (no troveclient call)',
    restApi: 'POST v1/{tenant_id}/clusters/{id} {"restart": {}}',
    finishedBy: 'task',
    start: [['cluster_id', 'id of cluster to restart']],
    end: [],
    error: ERROR,
    troveRules: [
      'Galera (mariadb, pxc) and Cassandra clusters; others answer BadRequest "Action \'restart\' not supported" (sent as .error from the API).',
      'The cluster must have no task (UnprocessableEntity otherwise); the API sets RESTARTING_CLUSTER and casts to the taskmanager.',
      'The taskmanager restarts the members one by one, each as its own dbaas.instance_restart lifecycle (server_type taskmanager) — and each of those sends .end twice (nested Start/EndNotification). Trove 18 never sends dbaas.cluster_restart.end.',
      'World: each member goes REBOOT → ACTIVE in turn; the cluster task returns to NONE.',
    ],
  },
  {
    name: 'cluster_upgrade',
    summary: 'Upgrade every member of a cluster to another datastore version, one after another.',
    pythonApi: 'clusters.upgrade(cluster, datastore_version)',
    restApi: 'POST v1/{tenant_id}/clusters/{id} {"upgrade": {"datastore_version": VERSION}}',
    finishedBy: 'task',
    start: [
      ['cluster_id', 'id of cluster to upgrade'],
      ['datastore_version', 'id of datastore version to upgrade to'],
    ],
    end: [],
    error: ERROR,
    troveRules: [
      'Galera, Redis and Cassandra clusters; the cluster must have no task; the API sets UPGRADING_CLUSTER, casts to the taskmanager, and records the new version.',
      'The taskmanager upgrades the members one by one, each as a dbaas.upgrade lifecycle that, as for a single instance, never ends (.start only). Trove 18 never sends dbaas.cluster_upgrade.end.',
      'World: datastore_version of the cluster and each member changes; members go UPGRADE → ACTIVE.',
    ],
  },
  {
    name: 'cluster_reset_status',
    summary: 'Reset the task of a cluster and the status of its members.',
    pythonApi: 'clusters.reset_status(cluster)',
    restApi: 'POST v1/{tenant_id}/clusters/{id} {"reset-status": {}}',
    finishedBy: 'api',
    start: [['cluster_id', 'id of cluster whose status to reset']],
    end: [],
    error: ERROR,
    troveRules: [
      'Allowed in any cluster task. Finished in the API: cluster task NONE, and every member reset as instance_reset_status does (without its own notifications).',
      '.end from the API.',
    ],
  },
  {
    name: 'cluster_attach_configuration',
    summary: 'Attach a configuration group to every member of a cluster.',
    pythonApi: 'POST clusters/{id} {"configuration_attach": {...}} (no troveclient call)',
    restApi: 'POST v1/{tenant_id}/clusters/{id} {"configuration_attach": {"configuration_id": ID}}',
    finishedBy: 'api',
    start: [
      ['cluster_id', 'id of cluster to attach_configuration'],
      ['configuration_id', 'id of configuration to attach'],
    ],
    end: [],
    error: ERROR,
    troveRules: [
      'Galera and Cassandra clusters (others: BadRequest "Action \'configuration_attach\' not supported"); the cluster must have no task; the group must exist for the cluster\'s datastore version.',
      'Done in the API (rolling_configuration_update): each member without another group gets its own dbaas.instance_attach_configuration lifecycle (start, then .end twice); Trove replaces the request\'s notification with the members\' and does not restore it, so the cluster\'s own .end is never sent — a third .end of the last member\'s lifecycle goes out instead.',
      'World: every member and the cluster carry the group; Galera applies it on all members, Cassandra on the first and marks the others RESTART_REQUIRED.',
    ],
  },
  {
    name: 'cluster_detach_configuration',
    summary: 'Detach the configuration group of a cluster from every member.',
    pythonApi: 'POST clusters/{id} {"configuration_detach": {}} (no troveclient call)',
    restApi: 'POST v1/{tenant_id}/clusters/{id} {"configuration_detach": {}}',
    finishedBy: 'api',
    start: [['cluster_id', 'id of cluster to detach_configuration']],
    end: [],
    error: ERROR,
    troveRules: [
      'Galera and Cassandra clusters; the cluster must have no task.',
      'Done in the API (rolling_configuration_remove): each member with a group gets its own dbaas.instance_detach_configuration lifecycle (start, .end twice); as for attach, the cluster\'s .end is replaced by a third .end of the last member\'s lifecycle.',
      'World: the group is removed from every member and the cluster; members need a restart.',
    ],
  },
] as const satisfies readonly OperationSpec[]
