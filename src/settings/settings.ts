/**
 * Settings and their precedence: flag > environment > transport URL query
 * (oslo's `?ssl=1&…`, for [oslo_messaging_rabbit] options) > config file
 * (INI with trove.conf names) > built-in default. Commands pass what the
 * user typed (undefined when not typed); this module knows every source and
 * default, and refuses a malformed value with the file, line and key named.
 */
import {existsSync, readFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {DEFAULT_TOPIC, DIALECT_NAMES, isDialectName} from '../events/catalogs.js'
import {CLOUD_DEFAULTS, DEFAULT_SERVICE_IDS} from '../events/cloud-defaults.js'
import type {DialectName} from '../events/types.js'
import {DRIVER_NAMES, type DriverName} from '../messaging/notifier.js'
import {parseTransportUrl, TransportUrlError} from '../messaging/transport-url.js'
import {UsageError} from '../util/errors.js'
import {parseNumber} from '../util/numbers.js'
import {type Ini, type IniEntry, IniError, parseIni} from './ini.js'
import {
  checkRabbitOptions, MISSPELLED, OptionValueError, parseInteger, parseOptionValue,
  RABBIT_OPTIONS, type RabbitOptions,
} from '../messaging/rabbit-options.js'

export {DEFAULT_SERVICE_IDS} from '../events/cloud-defaults.js'

export const DEFAULTS = {
  url: 'amqp://guest:guest@127.0.0.1:5672/',
  exchange: CLOUD_DEFAULTS.exchange,
  topics: ['notification'],
  driver: 'messagingv2' as DriverName,
  tenant: CLOUD_DEFAULTS.tenant,
  user: CLOUD_DEFAULTS.user,
  region: CLOUD_DEFAULTS.region,
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
  /** The [oslo_messaging_rabbit] options (declarations, TLS, heartbeat, reconnects, login). */
  readonly rabbit: RabbitOptions
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
  /**
   * trove.conf [service_credentials]: Trove's service user and project (the
   * taskmanager's admin context in Trove 18's periodic notifications) and the
   * region Trove 18 names when a create request gives none.
   */
  readonly serviceCredentials: ServiceCredentials
  /** Things worth a notice that are not errors (an option oslo would ignore). */
  readonly warnings: readonly string[]
}

export interface ServiceCredentials {
  readonly username: string
  readonly projectId: string
  readonly regionName: string
}

/** What the user typed on the command line (undefined = not typed); rabbit options by their flag names. */
export interface FlagInput {
  readonly [flag: string]: unknown
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

/** The config file, read: typed getters that name the file, line and key of a bad value. */
class ConfigFile {
  constructor(readonly path: string, private readonly ini: Ini) {}

  entry(section: string, key: string): IniEntry | undefined {
    return this.ini[section]?.[key]
  }

  has(section: string, key: string): boolean {
    return this.entry(section, key) !== undefined
  }

  /** Parse a value (undefined when absent or empty); a bad one is a usage error naming where it is. */
  read<T>(section: string, key: string, parse: (raw: string) => T): T | undefined {
    const e = this.entry(section, key)
    if (e === undefined || e.value === '') return undefined
    try {
      return parse(e.value)
    } catch (err) {
      if (!(err instanceof OptionValueError)) throw err
      throw new UsageError(`config file ${this.path}, line ${e.line}: ${key} = ${e.value}: ${err.message}`, `[${section}] ${key}: ${err.fix}`)
    }
  }

  str(section: string, key: string): string | undefined {
    return this.entry(section, key)?.value
  }

  int(section: string, key: string, min?: number): number | undefined {
    return this.read(section, key, (v) => parseInteger(v, min))
  }

  /** Seconds: fractions and negative values allowed (our intervals accept them, for fast tests). */
  seconds(section: string, key: string): number | undefined {
    return this.read(section, key, parseSeconds)
  }
}

function parseSeconds(raw: string): number {
  try {
    return parseNumber(raw, {unit: 'seconds'})
  } catch (err) {
    throw new OptionValueError((err as Error).message, 'use a number, e.g. 60 or 0.5')
  }
}

function readConfig(path: string, explicit: boolean): ConfigFile {
  if (!existsSync(path)) {
    if (explicit) throw new UsageError(`config file ${path} does not exist`, 'create it, or drop --config-file / TROVE_NOTIFY_CONFIG')
    return new ConfigFile(path, {DEFAULT: {}})
  }
  try {
    return new ConfigFile(path, parseIni(readFileSync(path, 'utf8')))
  } catch (err) {
    if (err instanceof IniError) throw new UsageError(`config file ${path}, ${err.message}`, 'fix that line (INI: [section] and key = value)')
    throw new UsageError(`cannot read config file ${path}: ${(err as Error).message}`)
  }
}

/** An environment variable's value, parsed; a bad one is a usage error naming the variable. */
function fromEnv<T>(env: NodeJS.ProcessEnv, name: string, parse: (raw: string) => T): T | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  try {
    return parse(raw)
  } catch (err) {
    if (!(err instanceof OptionValueError)) throw err
    throw new UsageError(`environment ${name}=${raw}: ${err.message}`, `${name}: ${err.fix}`)
  }
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

/** Check a transport URL early, so a malformed one is a usage error (exit 2); returns its query options. */
function checkUrl(url: string): URLSearchParams {
  try {
    return new URLSearchParams(parseTransportUrl(url)[0]?.query ?? '')
  } catch (err) {
    if (err instanceof TransportUrlError) throw new UsageError(err.message, 'e.g. --url amqp://guest:guest@127.0.0.1:5672/')
    throw err
  }
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

/**
 * The [oslo_messaging_rabbit] options: flag > environment > URL query >
 * config file (its deprecated names, and [DEFAULT] where oslo reads it) >
 * oslo's default.
 */
function resolveRabbit(flags: FlagInput, env: NodeJS.ProcessEnv, query: URLSearchParams, cfg: ConfigFile, warnings: string[]): RabbitOptions {
  const out: Record<string, unknown> = {}
  for (const spec of RABBIT_OPTIONS) {
    const parse = (raw: string): boolean | number | string => parseOptionValue(spec, raw)
    let value: unknown = flags[spec.flag]
    if (value === undefined && spec.env) value = fromEnv(env, spec.env, parse)
    const q = query.get(spec.name)
    if (value === undefined && q !== null) {
      try {
        value = parse(q)
      } catch (err) {
        if (!(err instanceof OptionValueError)) throw err
        throw new UsageError(`transport URL option ${spec.name}=${q}: ${err.message}`, `${spec.name}: ${err.fix}`)
      }
    }
    if (value === undefined) {
      const places: Array<[string, string]> = [spec.name, ...spec.deprecatedNames ?? []].map((k) => ['oslo_messaging_rabbit', k])
      if (spec.inDefault) places.push(...[spec.name, ...spec.deprecatedNames ?? []].map((k): [string, string] => ['DEFAULT', k]))
      for (const [section, key] of places) {
        if (!cfg.has(section, key)) continue
        value = cfg.read(section, key, parse)
        break
      }
    }
    out[spec.name] = value ?? spec.default
  }
  for (const [wrong, right] of Object.entries(MISSPELLED)) {
    const e = cfg.entry('oslo_messaging_rabbit', wrong)
    if (e && !cfg.has('oslo_messaging_rabbit', right)) {
      warnings.push(`config file ${cfg.path}, line ${e.line}: oslo.messaging reads ${right} (its own spelling) and ignores ${wrong}; so does trove-notify`)
    }
  }
  return out as unknown as RabbitOptions
}

/** Resolve every setting with flag > environment > config file > default. */
export function resolveSettings(o: ResolveOptions): Settings {
  const {flags, env} = o
  const configPath = flags['config-file'] ?? env.TROVE_NOTIFY_CONFIG ?? join(o.configDir, 'trove-notify.conf')
  const cfg = readConfig(configPath, flags['config-file'] !== undefined || env.TROVE_NOTIFY_CONFIG !== undefined)
  const D = 'DEFAULT'
  const T = 'trove_notify'
  const N = 'oslo_messaging_notifications'
  const S = 'service_credentials'
  const warnings: string[] = []
  const url = flags.url ?? env.TROVE_NOTIFY_URL ?? cfg.str(N, 'transport_url') ?? cfg.str(D, 'transport_url') ?? DEFAULTS.url
  const query = checkUrl(url)
  const rabbit = resolveRabbit(flags, env, query, cfg, warnings)
  checkRabbitOptions(rabbit, rabbit.ssl || /^(amqps|rabbits):/i.test(url.trim()))
  const dialectEntry = cfg.entry(T, 'dialect')
  const dialect = flags.dialect !== undefined ? checkDialect(flags.dialect, '--dialect')
    : env.TROVE_NOTIFY_DIALECT ? checkDialect(env.TROVE_NOTIFY_DIALECT, 'TROVE_NOTIFY_DIALECT')
      : dialectEntry?.value ? checkDialect(dialectEntry.value, `config file ${cfg.path}, line ${dialectEntry.line}`) : 'spec'

  return {
    dialect,
    url,
    exchange: flags.exchange ?? cfg.str(D, 'control_exchange') ?? DEFAULTS.exchange,
    // a Trove 18 deployment keeps oslo's default topic, `notifications`
    topics: topicList(flags.topics ?? cfg.str(N, 'topics') ?? DEFAULT_TOPIC[dialect]),
    driver: checkDriver(flags.driver ?? cfg.str(N, 'driver') ?? DEFAULTS.driver),
    rabbit,
    tenant: flags.tenant ?? env.OS_PROJECT_ID ?? cfg.str(T, 'tenant_id') ?? DEFAULTS.tenant,
    user: flags.user ?? env.OS_USER_ID ?? env.OS_USERNAME ?? cfg.str(T, 'user_id') ?? DEFAULTS.user,
    region: flags.region ?? env.OS_REGION_NAME ?? cfg.str(D, 'region') ?? DEFAULTS.region,
    host: cfg.str(D, 'host') ?? hostname(),
    statePath: flags.state ?? env.TROVE_NOTIFY_STATE ?? cfg.str(T, 'state') ?? join(o.dataDir, 'state.db'),
    configFile: existsSync(configPath) ? configPath : undefined,
    logFile: flags['log-file'] ?? cfg.str(T, 'log_file'),
    delay: flags.delay ?? fromEnv(env, 'TROVE_NOTIFY_DELAY', parseSeconds) ?? cfg.seconds(T, 'delay') ?? DEFAULTS.delay,
    quotaInterval: cfg.seconds(D, 'quota_notification_interval'),
    existsInterval: cfg.seconds(D, 'exists_notification_interval') ?? DEFAULTS.existsInterval,
    existsTransformer: cfg.str(D, 'exists_notification_transformer') || undefined,
    serviceIds: {...DEFAULT_SERVICE_IDS, ...parseServiceIds(cfg.str(D, 'notification_service_id'))},
    limits: {
      instances: cfg.int(D, 'max_instances_per_tenant') ?? DEFAULTS.maxInstances,
      volumes: cfg.int(D, 'max_volumes_per_tenant') ?? DEFAULTS.maxVolumes,
      backups: cfg.int(D, 'max_backups_per_tenant') ?? DEFAULTS.maxBackups,
      maxAcceptedVolumeSize: cfg.int(D, 'max_accepted_volume_size') ?? DEFAULTS.maxAcceptedVolumeSize,
    },
    clientIp: cfg.str(T, 'client_ip') ?? DEFAULTS.clientIp,
    serverIp: cfg.str(T, 'server_ip') ?? DEFAULTS.serverIp,
    serviceCredentials: {
      username: cfg.str(S, 'username') ?? '',
      projectId: cfg.str(S, 'project_id') ?? '',
      regionName: cfg.str(S, 'region_name') || 'RegionOne',
    },
    warnings,
  }
}

