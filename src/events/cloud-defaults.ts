/**
 * Who the simulated cloud is when nothing is configured: its tenant, user,
 * region, control exchange and Trove's notification_service_id per
 * datastore manager (WIRE.md). The settings fall back to these
 * (settings/settings.ts DEFAULTS), and the catalog's example messages
 * (export/example.ts) show them, so both say the same.
 */

export const CLOUD_DEFAULTS = {
  tenant: 'f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d',
  user: 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d',
  region: 'LOCAL_DEV',
  exchange: 'trove',
} as const

/** Trove's notification_service_id defaults, per datastore manager (WIRE.md). */
export const DEFAULT_SERVICE_IDS: Readonly<Record<string, string>> = {
  mysql: '2f3ff068-2bfb-4f70-9a9d-a6bb65bc084b',
  mariadb: '7a4f82cc-10d2-4bc6-aadc-d9aacc2a3cb5',
  postgresql: 'ac277e0d-4f21-40aa-b347-1ea31e571720',
  mongodb: 'c8c907af-7375-456f-b929-b637ff9209ee',
  redis: 'b216ffc5-1947-456c-a4cf-70f94c05f7d0',
  cassandra: '459a230d-4e97-4344-9067-2a54a310b0ed',
  percona: 'fd1723f5-68d2-409c-994f-a4a197892a17',
  pxc: '75a628c3-f81b-4ffb-b10a-4087c26bc854',
  couchbase: 'fa62fe68-74d9-4779-a24e-36f19602c415',
  couchdb: 'f0a9ab7b-66f7-4352-93d7-071521d44c7c',
  db2: 'e040cd37-263d-4869-aaa6-c62aa97523b5',
}
