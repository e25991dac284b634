/**
 * The configuration parameters each datastore family accepts, as data: what
 * Trove keeps in its per-datastore validation-rules.json (type, bounds, and
 * whether a change needs a restart). Configuration values are checked here:
 * an unknown parameter, a wrong type or a value out of bounds is Trove's
 * UnprocessableEntity, with Trove's wording.
 */
import {TroveError} from './errors.js'

export type ParameterType = 'integer' | 'float' | 'string' | 'boolean'

export interface ParameterRule {
  readonly type: ParameterType
  readonly min?: number
  readonly max?: number
  /** False when the datastore needs a restart to apply a change (Trove's `restart_required`). */
  readonly dynamic: boolean
}

type Rules = Readonly<Record<string, ParameterRule>>

const int = (min: number, max: number, dynamic = true): ParameterRule => ({type: 'integer', min, max, dynamic})
const str = (dynamic = true): ParameterRule => ({type: 'string', dynamic})
const bool = (dynamic = true): ParameterRule => ({type: 'boolean', dynamic})
const float = (min: number, max: number, dynamic = true): ParameterRule => ({type: 'float', min, max, dynamic})

const MYSQL: Rules = {
  autocommit: int(0, 1),
  character_set_server: str(),
  collation_server: str(),
  connect_timeout: int(2, 31536000),
  innodb_buffer_pool_size: int(5242880, 68719476736, false),
  innodb_file_per_table: int(0, 1),
  innodb_flush_log_at_trx_commit: int(0, 2),
  innodb_log_file_size: int(4194304, 549755813888, false),
  key_buffer_size: int(8, 4294967295),
  local_infile: int(0, 1),
  long_query_time: float(0, 31536000),
  max_allowed_packet: int(1024, 1073741824),
  max_connections: int(1, 100000),
  performance_schema: bool(false),
  slow_query_log: bool(),
  sql_mode: str(),
  wait_timeout: int(1, 31536000),
}

const POSTGRESQL: Rules = {
  autovacuum: bool(),
  effective_cache_size: str(),
  log_min_duration_statement: int(-1, 2147483647),
  maintenance_work_mem: str(),
  max_connections: int(1, 262143, false),
  max_wal_size: str(),
  random_page_cost: float(0, 1.79769e308),
  shared_buffers: str(false),
  work_mem: str(),
}

const REDIS: Rules = {
  'appendonly': str(false),
  'maxclients': int(1, 100000),
  'maxmemory': int(0, Number.MAX_SAFE_INTEGER),
  'maxmemory-policy': str(),
  'timeout': int(0, 2147483647),
}

const CASSANDRA: Rules = {
  compaction_throughput_mb_per_sec: int(0, 2147483647),
  concurrent_reads: int(1, 2147483647, false),
  concurrent_writes: int(1, 2147483647, false),
  num_tokens: int(1, 1536, false),
}

/** Rules per datastore manager; a manager without an entry has no configuration groups. */
const RULES_BY_MANAGER: Readonly<Record<string, Rules>> = {
  mysql: MYSQL, mariadb: MYSQL, percona: MYSQL, pxc: MYSQL,
  postgresql: POSTGRESQL,
  redis: REDIS,
  cassandra: CASSANDRA,
}

/** The parameter rules of a datastore manager, or undefined when it has no configuration groups. */
export function parameterRules(manager: string): Rules | undefined {
  return RULES_BY_MANAGER[manager]
}

function hasParameterType(type: ParameterType, value: unknown): boolean {
  switch (type) {
    case 'integer': return typeof value === 'number' && Number.isInteger(value)
    case 'float': return typeof value === 'number' && Number.isFinite(value)
    case 'string': return typeof value === 'string'
    case 'boolean': return typeof value === 'boolean'
  }
}

/** Check configuration values against a datastore's rules (Trove's _validate_configuration). */
export function validateValues(manager: string, datastore: string, version: string, values: Readonly<Record<string, unknown>>): void {
  const rules = parameterRules(manager)
  if (!rules) throw new TroveError('UnprocessableEntity', `Configuration groups are not supported for datastore ${datastore} ${version}.`)
  for (const [key, value] of Object.entries(values)) {
    const rule = rules[key]
    if (!rule) {
      throw new TroveError('UnprocessableEntity', `The configuration parameter ${key} is not supported for this datastore: ${datastore} ${version}.`)
    }
    if (!hasParameterType(rule.type, value)) {
      throw new TroveError('UnprocessableEntity', `The value provided for the configuration parameter ${key} is not of type ${rule.type}.`)
    }
    if (typeof value === 'number' && rule.min !== undefined && value < rule.min) {
      throw new TroveError('UnprocessableEntity', `The value for the configuration parameter ${key} is less than the minimum allowed: ${rule.min}.`)
    }
    if (typeof value === 'number' && rule.max !== undefined && value > rule.max) {
      throw new TroveError('UnprocessableEntity', `The value for the configuration parameter ${key} is greater than the maximum allowed: ${rule.max}.`)
    }
  }
}

/** Do the changed keys include one the datastore applies only after a restart? */
export function needsRestart(manager: string, changed: readonly string[]): boolean {
  const rules = parameterRules(manager) ?? {}
  return changed.some((key) => rules[key]?.dynamic === false)
}
