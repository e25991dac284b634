/**
 * Settings and their precedence: flag > environment > config file (INI with
 * trove.conf names) > built-in default. Commands pass what the user typed
 * (undefined when not typed); this module knows every source and default.
 */
import {existsSync, readFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {DEFAULT_TOPIC, DIALECT_NAMES, isDialectName} from '../events/catalogs.js'
import type {DialectName} from '../events/types.js'
import {DRIVER_NAMES, type DriverName} from '../messaging/notifier.js'
import {parseTransportUrl, TransportUrlError} from '../messaging/transport-url.js'
import {UsageError} from '../util/errors.js'
import {type Ini, IniError, parseIni} from './ini.js'

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

export const DEFAULTS = {
  url: 'amqp://guest:guest@127.0.0.1:5672/',
  exchange: 'trove',
  topics: ['notification'],
  driver: 'messagingv2' as DriverName,
  tenant: 'f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d',
  user: 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d',
  region: 'LOCAL_DEV',
  existsInterval: 3600,
  maxInstances: 10,
  maxVolumes: 40,
  maxBackups: 50,
  maxAcceptedVolumeSize: 10,
  delay: 0,
  clientIp: '127.0.0.1',
  serverIp: '127.0.0.1:8779',
} as const

export interface Limits {
  readonly instances: number
  readonly volumes: number
  readonly backups: number
  readonly maxAcceptedVolumeSize: number
}

export interface Settings {
  /** The wire shape: `spec` or `trove-18` (what Trove 18 sends); the world and the rules are the same. */
  readonly dialect: DialectName
  readonly url: string
  readonly exchange: string
  readonly topics: readonly string[]
  readonly driver: DriverName
  readonly durable: boolean
  readonly tenant: string
  readonly user: string
  readonly region: string
  /** Host part of publisher_id (`api.<host>`) and of the simulated services. */
  readonly host: string
  readonly statePath: string
  readonly configFile?: string
  readonly logFile?: string
  /** Seconds the simulated taskmanager/guest takes before its end notification. */
  readonly delay: number
  /** quota_notification_interval; undefined when set nowhere. */
  readonly quotaInterval?: number
  readonly existsInterval: number
  readonly existsTransformer?: string
  readonly serviceIds: Readonly<Record<string, string>>
  readonly limits: Limits
  /** `ip` of the simulated client (the port is an ephemeral one per request). */
  readonly clientIp: string
  /** `ip:port` of the simulated Trove API. */
  readonly serverIp: string
}

/** What the user typed on the command line (undefined = not typed). */
export interface FlagInput {
  dialect?: string
  url?: string
  exchange?: string
  topics?: string
  driver?: string
  durable?: boolean
  tenant?: string
  user?: string
  region?: string
  state?: string
  'config-file'?: string
  'log-file'?: string
  delay?: number
}

export interface ResolveOptions {
  readonly flags: FlagInput
  readonly env: NodeJS.ProcessEnv
  /** oclif's config dir and data dir, for the default config file and state file. */
  readonly configDir: string
  readonly dataDir: string
}

function readConfig(path: string, explicit: boolean): Ini {
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`config file ${path} does not exist`, 'create it, or drop --config-file / TROVE_NOTIFY_CONFIG')
    return {DEFAULT: {}}
  }
  try {
    return parseIni(readFileSync(path, 'utf8'))
  } catch (err) {
    if (err instanceof IniError) throw new UsageError(`config file ${path}, ${err.message}`, 'fix that line (INI: [section] and key = value)')
    throw new UsageError(`cannot read config file ${path}: ${(err as Error).message}`)
  }
}

function num(value: string | undefined, what: string, where: string): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isFinite(n)) throw new UsageError(`${what} must be a number, got "${value}" (${where})`, `set ${what} to a number`)
  return n
}

function bool(value: string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined
  return /^(1|true|yes|on)$/i.test(value)
}

/** oslo's dict option format: `mysql:uuid, redis:uuid`. */
function parseServiceIds(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (value ?? '').split(/[,\n]/)) {
    const [k, v] = part.split(':').map((s) => s.trim())
    if (k && v) out[k] = v
  }
  return out
}

/** Check a transport URL early, so a malformed one is a usage error (exit 2). */
function checkUrl(url: string): string {
  try {
    parseTransportUrl(url)
  } catch (err) {
    if (err instanceof TransportUrlError) throw new UsageError(err.message, 'e.g. --url amqp://guest:guest@127.0.0.1:5672/')
    throw err
  }
  return url
}

function checkDriver(driver: string): DriverName {
  if (!(DRIVER_NAMES as readonly string[]).includes(driver)) {
    throw new UsageError(`unknown driver "${driver}"`, `use one of ${DRIVER_NAMES.join(', ')}`)
  }
  return driver as DriverName
}

/** `--dialect` / TROVE_NOTIFY_DIALECT / [trove_notify] dialect: spec or trove-18. */
function checkDialect(value: string, where: string): DialectName {
  if (!isDialectName(value)) throw new UsageError(`unknown dialect "${value}" (${where})`, `use one of ${DIALECT_NAMES.join(', ')}, e.g. --dialect trove-18`)
  return value
}

function topicList(value: string): string[] {
  const topics = value.split(',').map((t) => t.trim()).filter(Boolean)
  if (topics.length === 0) throw new UsageError('no topic given', 'e.g. --topics notification or --topics notification,notifications')
  return topics
}

/** Resolve every setting with flag > environment > config file > default. */
export function resolveSettings(o: ResolveOptions): Settings {
  const {flags, env} = o
  const configPath = flags['config-file'] ?? env.TROVE_NOTIFY_CONFIG ?? join(o.configDir, 'trove-notify.conf')
  const ini = readConfig(configPath, flags['config-file'] !== undefined || env.TROVE_NOTIFY_CONFIG !== undefined)
  const d = ini.DEFAULT ?? {}
  const n = ini.oslo_messaging_notifications ?? {}
  const r = ini.oslo_messaging_rabbit ?? {}
  const t = ini.trove_notify ?? {}
  const where = `config file ${configPath}`
  const dialect = flags.dialect !== undefined ? checkDialect(flags.dialect, '--dialect')
    : env.TROVE_NOTIFY_DIALECT ? checkDialect(env.TROVE_NOTIFY_DIALECT, 'TROVE_NOTIFY_DIALECT')
      : t.dialect ? checkDialect(t.dialect, where) : 'spec'

  return {
    dialect,
    url: checkUrl(flags.url ?? env.TROVE_NOTIFY_URL ?? n.transport_url ?? d.transport_url ?? DEFAULTS.url),
    exchange: flags.exchange ?? d.control_exchange ?? DEFAULTS.exchange,
    // a Trove 18 deployment keeps oslo's default topic, `notifications`
    topics: topicList(flags.topics ?? n.topics ?? DEFAULT_TOPIC[dialect]),
    driver: checkDriver(flags.driver ?? n.driver ?? DEFAULTS.driver),
    durable: flags.durable ?? bool(env.TROVE_NOTIFY_DURABLE) ?? bool(r.amqp_durable_queues) ?? false,
    tenant: flags.tenant ?? env.OS_PROJECT_ID ?? t.tenant_id ?? DEFAULTS.tenant,
    user: flags.user ?? env.OS_USER_ID ?? env.OS_USERNAME ?? t.user_id ?? DEFAULTS.user,
    region: flags.region ?? env.OS_REGION_NAME ?? d.region ?? DEFAULTS.region,
    host: d.host ?? hostname(),
    statePath: flags.state ?? env.TROVE_NOTIFY_STATE ?? t.state ?? join(o.dataDir, 'state.db'),
    configFile: existsSync(configPath) ? configPath : undefined,
    logFile: flags['log-file'] ?? t.log_file,
    delay: flags.delay ?? num(env.TROVE_NOTIFY_DELAY, 'TROVE_NOTIFY_DELAY', 'environment') ?? num(t.delay, 'delay', where) ?? DEFAULTS.delay,
    quotaInterval: num(d.quota_notification_interval, 'quota_notification_interval', where),
    existsInterval: num(d.exists_notification_interval, 'exists_notification_interval', where) ?? DEFAULTS.existsInterval,
    existsTransformer: d.exists_notification_transformer || undefined,
    serviceIds: {...DEFAULT_SERVICE_IDS, ...parseServiceIds(d.notification_service_id)},
    limits: {
      instances: num(d.max_instances_per_tenant, 'max_instances_per_tenant', where) ?? DEFAULTS.maxInstances,
      volumes: num(d.max_volumes_per_tenant, 'max_volumes_per_tenant', where) ?? DEFAULTS.maxVolumes,
      backups: num(d.max_backups_per_tenant, 'max_backups_per_tenant', where) ?? DEFAULTS.maxBackups,
      maxAcceptedVolumeSize: num(d.max_accepted_volume_size, 'max_accepted_volume_size', where) ?? DEFAULTS.maxAcceptedVolumeSize,
    },
    clientIp: t.client_ip ?? DEFAULTS.clientIp,
    serverIp: t.server_ip ?? DEFAULTS.serverIp,
  }
}
