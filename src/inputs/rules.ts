/**
 * Trove's input rules, as pure functions returning a one-line problem (or
 * undefined). Two sources:
 *  - Trove 18's API schema (trove/common/apischema.py), checked by the WSGI
 *    layer before a controller runs: what it refuses never reaches a
 *    `.start`, so for us it is a usage error (exit 2, nothing published);
 *  - the MySQL guest models' name rules (trove/common/db/mysql/models.py),
 *    which the operations apply inside the lifecycle (`.error`) and
 *    `instance create --users/--databases` applies before its `.start`, as
 *    Trove's controller does (populate_users / populate_validated_databases).
 * Messages never repeat a password.
 */

/** apischema `non_empty_string`: 1 to 255 characters, one of them a letter or digit, on one line. */
export const MAX_TROVE_STRING = 255

/** How a value is quoted in a message: escaped, and cut when long. */
export function quoted(value: string): string {
  const chars = [...value]
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value)
}

/**
 * Python's `re.search('^.*[0-9a-zA-Z]+.*$', s)`: some letter or digit, and
 * no line break except a final one (`.` does not match a newline, `$` also
 * matches before a trailing one).
 */
function onOneLineWithAlnum(s: string): 'ok' | 'lines' | 'alnum' {
  const body = s.endsWith('\n') ? s.slice(0, -1) : s
  if (body.includes('\n')) return 'lines'
  return /[0-9a-zA-Z]/.test(body) ? 'ok' : 'alnum'
}

/** apischema `non_empty_string` (names, descriptions, datastores, zones…); `secret` keeps the value out of the message. */
export function troveString(value: string, opts: {max?: number, secret?: boolean} = {}): string | undefined {
  const max = opts.max ?? MAX_TROVE_STRING
  const shown = opts.secret ? '' : ` ${quoted(value)}`
  const length = [...value].length
  if (length === 0) return 'must not be empty'
  if (length > max) return `is ${length} characters long; Trove accepts at most ${max}`
  switch (onOneLineWithAlnum(value)) {
    case 'lines': return `must be on one line (Trove refuses a line break inside${shown})`
    case 'alnum': return `must contain a letter or a digit (Trove refuses${shown || ' it'})`
    default: return undefined
  }
}

/** apischema `name_string` (user names): like non_empty_string, without the length limit (the guest's own limit applies). */
export function troveName(value: string): string | undefined {
  return troveString(value, {max: Number.POSITIVE_INFINITY})
}

/** apischema `host_string`: `^[%]?[\w(-).]*[%]?$` — word characters, '(', ')', '.', and % only first or last. */
export function hostString(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty'
  if (!/^%?[\p{L}\p{N}_().]*%?$/u.test(value)) {
    return `${quoted(value)} is not a host Trove accepts: letters, digits, _ and . with % (any) first or last, e.g. % or 10.0.0.%`
  }
  return undefined
}

/** apischema `uuid`. */
export function uuid(value: string): string | undefined {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(value)
    ? undefined : `${quoted(value)} is not a UUID (Trove takes network, subnet and port ids as UUIDs)`
}

/** apischema `ip_address_v4`. */
export function ipv4(value: string): string | undefined {
  return /^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/.test(value) ? undefined : `${quoted(value)} is not an IPv4 address`
}

/** The `access.allowed_cidrs` items of an instance: an IPv4 address with an optional /0–32. */
export function cidr(value: string): string | undefined {
  return /^([0-9]{1,3}\.){3}[0-9]{1,3}(\/([0-9]|[1-2][0-9]|3[0-2]))?$/.test(value)
    ? undefined : `${quoted(value)} is not an IPv4 CIDR such as 10.0.0.0/24`
}

/**
 * Trove's `utils.validate_command` for a Swift container: the name must be
 * what `shlex.quote` leaves alone (letters, digits and `@%+=:,./-_`).
 */
export function shellSafe(value: string): string | undefined {
  return /^[\w@%+=:,./-]+$/.test(value) ? undefined : `${quoted(value)} is not a valid value (Trove refuses characters a shell would need quoted)`
}

// ---- the MySQL family's names (guest models) -------------------------------

/** Trove's MySQLSchema: database names up to 64 characters. */
export const MAX_DATABASE_NAME = 64
/** Trove's MySQLUser: user names up to 16 characters. */
export const MAX_USER_NAME = 16
/** Trove's `ignore_dbs`: system schemas a tenant may not create or drop. */
export const RESERVED_DATABASES: readonly string[] = ['mysql', 'information_schema', 'performance_schema', 'sys']
/** Trove's `ignore_users`: the guest agent's own accounts. */
export const RESERVED_USERS: readonly string[] = ['root', 'os_admin']

const DATABASE_NAME = /^[A-Za-z0-9_$-]+$/
const USER_NAME = /^[A-Za-z0-9_.-]+$/

export function databaseNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'A database name cannot be empty.'
  if (name.length > MAX_DATABASE_NAME) return `Database name '${name.slice(0, 20)}…' is ${name.length} characters long; the maximum is ${MAX_DATABASE_NAME}.`
  if (RESERVED_DATABASES.includes(name.toLowerCase())) return `Database name '${name}' is reserved (${RESERVED_DATABASES.join(', ')} cannot be used).`
  if (!DATABASE_NAME.test(name)) return `Database name '${name}' is not valid: use letters, digits, _, $ and -.`
  return undefined
}

export function userNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'A user name cannot be empty.'
  if (name.length > MAX_USER_NAME) return `User name '${name}' is ${name.length} characters long; the maximum is ${MAX_USER_NAME}.`
  if (RESERVED_USERS.includes(name.toLowerCase())) return `User name '${name}' is reserved (${RESERVED_USERS.join(', ')} cannot be used).`
  if (!USER_NAME.test(name)) return `User name '${name}' is not valid: use letters, digits, _, . and -.`
  return undefined
}
