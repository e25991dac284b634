/**
 * The `[oslo_messaging_rabbit]` options trove-notify honours, as data: each
 * with oslo.messaging 14's name, type, default, deprecated names and groups
 * (so an old trove.conf still works), and what it does here. The settings
 * (INI, URL query, environment), the command-line flags (one per option,
 * named after it) and the docs all read this table; `checkRabbitOptions`
 * refuses the combinations oslo (or RabbitMQ behind it) would refuse.
 *
 * Facts from oslo_messaging/_drivers/impl_rabbit.py and amqp.py (Debian's
 * python3-oslo.messaging 14.0.3).
 */
import {existsSync, statSync} from 'node:fs'
import {UsageError} from '../util/errors.js'
import {parseNumber} from '../util/numbers.js'

export type LoginMethod = 'PLAIN' | 'AMQPLAIN' | 'EXTERNAL'

/** The options, keyed by oslo's own names (its spelling `rabbit_quroum_*` included). */
export interface RabbitOptions {
  readonly amqp_durable_queues: boolean
  readonly amqp_auto_delete: boolean
  readonly rabbit_quorum_queue: boolean
  readonly rabbit_quorum_delivery_limit: number
  readonly rabbit_quroum_max_memory_length: number
  readonly rabbit_quroum_max_memory_bytes: number
  readonly rabbit_ha_queues: boolean
  readonly ssl: boolean
  readonly ssl_ca_file: string
  readonly ssl_cert_file: string
  readonly ssl_key_file: string
  readonly ssl_enforce_hostname_verification: boolean
  readonly ssl_version: string
  readonly heartbeat_timeout_threshold: number
  readonly rabbit_retry_interval: number
  readonly rabbit_retry_backoff: number
  readonly rabbit_interval_max: number
  readonly rabbit_login_method: LoginMethod
}

export type RabbitOptionName = keyof RabbitOptions

export type OptionType =
  | {readonly kind: 'bool'}
  | {readonly kind: 'int', readonly min?: number}
  | {readonly kind: 'string'}
  | {readonly kind: 'choice', readonly choices: readonly string[]}

export interface RabbitOptionSpec {
  readonly name: RabbitOptionName
  readonly type: OptionType
  readonly default: boolean | number | string
  /** The command-line flag (without `--`); oslo's name with dashes unless an older flag exists. */
  readonly flag: string
  /** More flag spellings (oslo's name with dashes when `flag` is another; a corrected spelling). */
  readonly flagAliases?: readonly string[]
  /** Older names oslo still reads in the same group. */
  readonly deprecatedNames?: readonly string[]
  /** oslo also reads it from `[DEFAULT]` (deprecated_group). */
  readonly inDefault?: boolean
  /** An environment variable that sets it. */
  readonly env?: string
  /** What it does here (flag help and docs). */
  readonly help: string
}

/** oslo's ssl_version values (lower-cased keys), and the minimum TLS version each means for Node. */
export const SSL_VERSIONS: Readonly<Record<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' | undefined>> = {
  '': undefined,
  sslv23: undefined,
  tlsv1: 'TLSv1',
  tlsv1_1: 'TLSv1.1',
  tlsv1_2: 'TLSv1.2',
  tlsv1_3: 'TLSv1.3',
}

export const RABBIT_OPTIONS: readonly RabbitOptionSpec[] = [
  {
    name: 'amqp_durable_queues', type: {kind: 'bool'}, default: false, flag: 'durable', flagAliases: ['amqp-durable-queues'],
    env: 'TROVE_NOTIFY_DURABLE',
    help: 'Declare the exchange and the notification queues durable (oslo amqp_durable_queues; implied by rabbit_quorum_queue).',
  },
  {
    name: 'amqp_auto_delete', type: {kind: 'bool'}, default: false, flag: 'amqp-auto-delete', inDefault: true,
    help: 'Declare the exchange and queues auto-delete (oslo amqp_auto_delete; RabbitMQ refuses it for quorum queues).',
  },
  {
    name: 'rabbit_quorum_queue', type: {kind: 'bool'}, default: false, flag: 'rabbit-quorum-queue',
    help: 'Declare the notification queues as quorum queues (x-queue-type: quorum, durable), as kolla-ansible does by default.',
  },
  {
    name: 'rabbit_quorum_delivery_limit', type: {kind: 'int', min: 0}, default: 0, flag: 'rabbit-quorum-delivery-limit',
    help: 'With rabbit_quorum_queue: x-delivery-limit of the queues (0: no limit).',
  },
  {
    name: 'rabbit_quroum_max_memory_length', type: {kind: 'int', min: 0}, default: 0, flag: 'rabbit-quroum-max-memory-length',
    flagAliases: ['rabbit-quorum-max-memory-length'],
    help: 'With rabbit_quorum_queue: x-max-in-memory-length (0: no limit). oslo spells it "quroum".',
  },
  {
    name: 'rabbit_quroum_max_memory_bytes', type: {kind: 'int', min: 0}, default: 0, flag: 'rabbit-quroum-max-memory-bytes',
    flagAliases: ['rabbit-quorum-max-memory-bytes'],
    help: 'With rabbit_quorum_queue: x-max-in-memory-bytes (0: no limit). oslo spells it "quroum".',
  },
  {
    name: 'rabbit_ha_queues', type: {kind: 'bool'}, default: false, flag: 'rabbit-ha-queues', inDefault: true,
    help: 'Declare the queues with x-ha-policy: all, as oslo does (mirroring itself is a broker policy since RabbitMQ 3.0).',
  },
  {
    name: 'ssl', type: {kind: 'bool'}, default: false, flag: 'ssl', deprecatedNames: ['rabbit_use_ssl'],
    help: 'Connect over TLS (also implied by an amqps:// URL). Without ssl_ca_file the system CAs verify the broker.',
  },
  {
    name: 'ssl_ca_file', type: {kind: 'string'}, default: '', flag: 'ssl-ca-file', deprecatedNames: ['kombu_ssl_ca_certs'],
    help: "PEM file of the CA that signed the broker's certificate.",
  },
  {
    name: 'ssl_cert_file', type: {kind: 'string'}, default: '', flag: 'ssl-cert-file', deprecatedNames: ['kombu_ssl_certfile'],
    help: 'PEM client certificate, for a broker that verifies its peers (ssl_options.verify = verify_peer).',
  },
  {
    name: 'ssl_key_file', type: {kind: 'string'}, default: '', flag: 'ssl-key-file', deprecatedNames: ['kombu_ssl_keyfile'],
    help: 'PEM private key of ssl_cert_file.',
  },
  {
    name: 'ssl_enforce_hostname_verification', type: {kind: 'bool'}, default: false, flag: 'ssl-enforce-hostname-verification',
    help: "With ssl_ca_file: also check that the broker's certificate names the host connected to (the chain is always checked).",
  },
  {
    name: 'ssl_version', type: {kind: 'string'}, default: '', flag: 'ssl-version', deprecatedNames: ['kombu_ssl_version'],
    help: 'Lowest TLS version accepted: TLSv1, TLSv1_1, TLSv1_2 or TLSv1_3 (empty or SSLv23: negotiate).',
  },
  {
    name: 'heartbeat_timeout_threshold', type: {kind: 'int', min: 0}, default: 60, flag: 'heartbeat-timeout-threshold',
    help: "Seconds of silence after which the broker is considered gone and the connection is re-made (0: the broker's own heartbeat).",
  },
  {
    name: 'rabbit_retry_interval', type: {kind: 'int', min: 0}, default: 1, flag: 'rabbit-retry-interval',
    help: 'Seconds to wait before the second round of reconnect attempts (the first round over the hosts is immediate).',
  },
  {
    name: 'rabbit_retry_backoff', type: {kind: 'int', min: 0}, default: 2, flag: 'rabbit-retry-backoff', inDefault: true,
    help: 'Seconds added to the wait after each failed round of reconnect attempts.',
  },
  {
    name: 'rabbit_interval_max', type: {kind: 'int', min: 0}, default: 30, flag: 'rabbit-interval-max',
    help: 'Longest wait between rounds of reconnect attempts, in seconds.',
  },
  {
    name: 'rabbit_login_method', type: {kind: 'choice', choices: ['PLAIN', 'AMQPLAIN', 'EXTERNAL', 'RABBIT-CR-DEMO']}, default: 'AMQPLAIN',
    flag: 'rabbit-login-method', inDefault: true,
    help: 'SASL mechanism of the login: AMQPLAIN (oslo\'s default), PLAIN, or EXTERNAL (the client certificate).',
  },
]

/** oslo's defaults. */
export const RABBIT_DEFAULTS: RabbitOptions = Object.freeze(
  Object.fromEntries(RABBIT_OPTIONS.map((o) => [o.name, o.default])) as unknown as RabbitOptions,
)

/** Names oslo does NOT read, though one may well write them: a warning says so. */
export const MISSPELLED: Readonly<Record<string, RabbitOptionName>> = {
  rabbit_quorum_max_memory_length: 'rabbit_quroum_max_memory_length',
  rabbit_quorum_max_memory_bytes: 'rabbit_quroum_max_memory_bytes',
}

export class OptionValueError extends Error {
  constructor(message: string, readonly fix: string) {
    super(message)
  }
}

const TRUE = /^(true|1|on|yes)$/i
const FALSE = /^(false|0|off|no)$/i

/** oslo.config's Boolean. */
export function parseBoolean(raw: string): boolean {
  const v = raw.trim()
  if (TRUE.test(v)) return true
  if (FALSE.test(v)) return false
  throw new OptionValueError(`"${raw}" is not a boolean`, 'use true or false (yes/no, on/off and 1/0 also work, as in oslo.config)')
}

/** oslo.config's Integer (with its minimum), read by the one number parser. */
export function parseInteger(raw: string, min?: number): number {
  try {
    return parseNumber(raw, {whole: true, min})
  } catch (err) {
    throw new OptionValueError((err as Error).message, min === undefined ? 'use a whole number, e.g. 30' : `use a whole number ≥ ${min}`)
  }
}

/** Parse one raw text value of an option by its type; throws OptionValueError. */
export function parseOptionValue(spec: RabbitOptionSpec, raw: string): boolean | number | string {
  switch (spec.type.kind) {
    case 'bool': return parseBoolean(raw)
    case 'int': return parseInteger(raw, spec.type.min)
    case 'string': return raw.trim()
    case 'choice': {
      const v = raw.trim()
      const hit = spec.type.choices.find((c) => c.toUpperCase() === v.toUpperCase())
      if (!hit) throw new OptionValueError(`"${raw}" is not one of ${spec.type.choices.join(', ')}`, `use one of ${spec.type.choices.join(', ')}`)
      return hit
    }
  }
}

export function rabbitOption(name: RabbitOptionName): RabbitOptionSpec {
  return RABBIT_OPTIONS.find((o) => o.name === name)!
}

function fileProblem(path: string): string | undefined {
  if (!existsSync(path)) return 'does not exist'
  try {
    if (!statSync(path).isFile()) return 'is not a file'
  } catch (err) {
    return `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`
  }
  return undefined
}

/**
 * Refuse what oslo would refuse (or what would fail on the broker's first
 * declare), one line each, before anything connects. `tls` says whether
 * the connection will use TLS (ssl, or an amqps:// URL).
 */
export function checkRabbitOptions(o: RabbitOptions, tls: boolean): void {
  if (o.rabbit_quorum_queue && o.rabbit_ha_queues) {
    throw new UsageError(
      'rabbit_quorum_queue and rabbit_ha_queues are both true: oslo.messaging refuses that (a queue is quorum or mirrored, not both)',
      'set rabbit_ha_queues = false (quorum queues replicate themselves), or rabbit_quorum_queue = false',
    )
  }
  if (o.rabbit_quorum_queue && o.amqp_auto_delete) {
    throw new UsageError(
      "rabbit_quorum_queue with amqp_auto_delete: RabbitMQ refuses auto-delete quorum queues (406 \"invalid property 'auto-delete'\")",
      'set amqp_auto_delete = false',
    )
  }
  if (o.rabbit_login_method === ('RABBIT-CR-DEMO' as LoginMethod)) {
    throw new UsageError('rabbit_login_method = RABBIT-CR-DEMO is a RabbitMQ demonstration mechanism trove-notify does not implement',
      'use AMQPLAIN (oslo\'s default), PLAIN, or EXTERNAL')
  }
  if (o.rabbit_login_method === 'EXTERNAL' && !tls) {
    throw new UsageError('rabbit_login_method = EXTERNAL logs in with the TLS client certificate, but the connection is not TLS',
      'set ssl = true with ssl_cert_file and ssl_key_file, or use rabbit_login_method = AMQPLAIN')
  }
  if (!tls) return
  if (!(o.ssl_version.toLowerCase() in SSL_VERSIONS)) {
    const old = /^sslv[23]$/i.test(o.ssl_version)
    throw new UsageError(
      old ? `ssl_version = ${o.ssl_version}: SSL ${o.ssl_version.slice(4)} is broken and Node's TLS does not offer it`
        : `ssl_version = ${o.ssl_version} is not a TLS version oslo knows`,
      'use TLSv1_2 (or TLSv1, TLSv1_1, TLSv1_3), or leave ssl_version empty to negotiate the highest',
    )
  }
  for (const name of ['ssl_ca_file', 'ssl_cert_file', 'ssl_key_file'] as const) {
    const path = o[name]
    if (!path) continue
    const problem = fileProblem(path)
    if (problem) throw new UsageError(`${name} ${path} ${problem}`, `point ${name} at a readable PEM file, or leave it empty`)
  }
  if (Boolean(o.ssl_cert_file) !== Boolean(o.ssl_key_file)) {
    const missing = o.ssl_cert_file ? 'ssl_key_file' : 'ssl_cert_file'
    throw new UsageError(`${o.ssl_cert_file ? 'ssl_cert_file' : 'ssl_key_file'} is set but ${missing} is not: a client certificate needs both`,
      `set ${missing} too`)
  }
  if (o.rabbit_login_method === 'EXTERNAL' && !o.ssl_cert_file) {
    throw new UsageError('rabbit_login_method = EXTERNAL logs in with the client certificate, but ssl_cert_file is not set',
      'set ssl_cert_file and ssl_key_file, or use rabbit_login_method = AMQPLAIN')
  }
}
