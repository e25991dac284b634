/**
 * The inputs of the backup operations. `backup create` takes both
 * troveclient shapes: `trove backup-create INSTANCE NAME` and
 * `openstack database backup create NAME -i INSTANCE`.
 */
import {container, decimal, flag, ref, troveText} from './codecs.js'
import {uuid} from './rules.js'
import {declare, field} from './schema.js'

export const BACKUP_CREATE = declare({
  operation: 'backup_create',
  example: 'trove-notify backup create db1 nightly',
  fields: {
    instance: field(ref('INSTANCE'), {
      required: true,
      summary: 'Instance id or name to back up: the first argument, or -i/--instance (then NAME is the only argument).',
      cli: {positional: 'lead', flag: 'instance', char: 'i', ask: 'Instance to back up', value: 'INSTANCE', unless: 'restoreFrom'},
    }),
    name: field(troveText('NAME'), {required: true, summary: 'Name of the new backup.', cli: {positional: true, ask: 'Name of the backup'}}),
    description: field(troveText('TEXT'), {summary: 'Description of the backup.', cli: {value: 'TEXT'}}),
    parent: field(ref('BACKUP'), {summary: 'Backup id or name to take an incremental backup of (COMPLETED, same instance).', cli: {value: 'BACKUP'}}),
    incremental: field(flag, {summary: "Incremental, based on the instance's last completed backup (a full backup when it has none), as Trove does.", cli: {}}),
    swiftContainer: field(container, {summary: 'Swift container for the backup data.', cli: {flag: 'swift-container', value: 'CONTAINER'}}),
    // Not scenario arguments while the simulator cannot register such a backup (see `unsupported`).
    restoreFrom: field(troveText('URL'), {
      summary: "Register a backup from another region's data location (a Swift object URL) instead of backing up an instance.",
      cli: {flag: 'restore-from', value: 'URL'}, scenario: false,
    }),
    restoreDatastoreVersion: field(troveText('VERSION_ID'), {
      summary: 'With --restore-from: id of the local datastore version of the original backup.', cli: {flag: 'restore-datastore-version', value: 'VERSION_ID'}, scenario: false,
    }),
    restoreSize: field(decimal({above: 0}), {summary: 'With --restore-from: the size of the original backup (GB).', cli: {flag: 'restore-size', value: 'GB'}, scenario: false}),
  },
  check(input) {
    // Trove's schema: restore_from needs remote_location, local_datastore_version_id (a UUID) and size.
    if (input.restoreFrom === undefined) {
      if (input.restoreDatastoreVersion !== undefined || input.restoreSize !== undefined) return '--restore-datastore-version and --restore-size go with --restore-from'
      return undefined
    }
    if (input.restoreDatastoreVersion === undefined || input.restoreSize === undefined) return '--restore-from needs --restore-datastore-version and --restore-size (Trove\'s API schema)'
    const p = uuid(input.restoreDatastoreVersion)
    return p ? `--restore-datastore-version: ${p.replace(/\(.*\)/, '(a datastore version id)')}` : undefined
  },
  unsupported: (input) => (input.restoreFrom !== undefined
    ? 'registering a backup from another region (--restore-from) is not simulated yet: the world has no backups without an instance'
    : undefined),
})

export const BACKUP_DELETE = declare({
  operation: 'backup_delete',
  example: 'trove-notify backup delete nightly',
  fields: {
    backups: field(ref('BACKUP'), {
      required: true, many: true, summary: 'Backup id or name; several: one lifecycle each.', scenario: 'backup',
      cli: {positional: true, ask: 'Backup to delete', value: 'BACKUP'},
    }),
  },
})
