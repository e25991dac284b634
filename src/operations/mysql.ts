/**
 * The MySQL family's rules for databases and users, as Trove's guest models
 * (MySQLSchema, MySQLUser) and its API enforce them: which datastores have
 * databases and users through Trove, name lengths and characters, reserved
 * names, character sets and collations, hosts, and the existence checks the
 * database and user operations share. Every broken rule is a TroveError (it
 * ends the lifecycle in `.error`); error messages never carry a password.
 */
import type {DatabaseRow, InstanceRow, UserRow} from '../state/rows.js'
import type {World} from '../state/world.js'
import type {OpContext} from './context.js'
import {badRequest, TroveError} from './errors.js'
import {assertActionable, findInstance} from './resolve.js'
import {databaseNameProblem, userNameProblem} from '../inputs/rules.js'

// The name rules are the inputs' too (instance create applies them before its .start): written once, in src/inputs/rules.ts.
export {MAX_DATABASE_NAME, MAX_USER_NAME, RESERVED_DATABASES, RESERVED_USERS} from '../inputs/rules.js'
/** MySQL's host column: up to 60 characters. */
const MAX_HOST = 60

/** The host a user gets when none is given: any host, as in Trove. */
export const ANY_HOST = '%'

/** Trove's defaults when a database is created without --character-set / --collate. */
export const DEFAULT_CHARACTER_SET = 'utf8'
export const DEFAULT_COLLATION = 'utf8_general_ci'

/** MySQL 8's character sets (SHOW CHARACTER SET). */
const CHARACTER_SETS: readonly string[] = [
  'armscii8', 'ascii', 'big5', 'binary', 'cp1250', 'cp1251', 'cp1256', 'cp1257', 'cp850', 'cp852', 'cp866',
  'cp932', 'dec8', 'eucjpms', 'euckr', 'gb18030', 'gb2312', 'gbk', 'geostd8', 'greek', 'hebrew', 'hp8',
  'keybcs2', 'koi8r', 'koi8u', 'latin1', 'latin2', 'latin5', 'latin7', 'macce', 'macroman', 'sjis', 'swe7',
  'tis620', 'ucs2', 'ujis', 'utf16', 'utf16le', 'utf32', 'utf8', 'utf8mb3', 'utf8mb4',
]

const HOST = /^[A-Za-z0-9%_.:-]+$/

/**
 * The instance a database or user operation acts on: found in the tenant, of
 * the MySQL family, and ACTIVE with nothing running.
 */
export function guestInstance(ctx: OpContext, ref: string): InstanceRow {
  const inst = findInstance(ctx.world, ctx.caller.tenantId, ref)
  const datastore = ctx.world.catalogue.datastore(inst.datastore)
  if (!datastore?.supports_users) {
    const family = ctx.world.catalogue.datastores().filter((d) => d.supports_users).map((d) => d.name).join(', ')
    throw badRequest(`Datastore ${inst.datastore} of instance ${inst.name} does not support databases and users through Trove (only ${family}).`)
  }
  assertActionable(ctx.world, inst)
  return inst
}

export function checkDatabaseName(name: string): void {
  const problem = databaseNameProblem(name)
  if (problem) throw badRequest(problem)
}

export function checkUserName(name: string): void {
  const problem = userNameProblem(name)
  if (problem) throw badRequest(problem)
}

export function checkHost(host: string): void {
  if (host.length === 0 || host.length > MAX_HOST || !HOST.test(host)) {
    throw badRequest(`Host '${host}' is not valid: use % (any host), a host name or an IP address, with % as wildcard.`)
  }
}

/** A password must be given; the message never repeats it. */
export function requirePassword(user: string, password: string): void {
  if (password.length === 0) throw badRequest(`A password is required for user '${user}'.`)
}

/** The character sets, longest first (so `utf8mb4_…` is not taken for `utf8`). */
const LONGEST_FIRST = [...CHARACTER_SETS].sort((a, b) => b.length - a.length)

/** The character set a collation belongs to (`utf8mb4_general_ci` → utf8mb4). */
function charsetOfCollation(collation: string): string | undefined {
  if (collation === 'binary') return 'binary'
  return LONGEST_FIRST.find((cs) => collation.startsWith(`${cs}_`))
}

/**
 * The character set and collation a database gets: Trove's defaults when
 * neither is given, the collation's own set when only a collation is given,
 * `<set>_general_ci` (or `binary`) when only a set is given.
 */
export function characterSetAndCollation(characterSet?: string, collation?: string): {characterSet: string, collation: string} {
  if (characterSet === undefined && collation === undefined) return {characterSet: DEFAULT_CHARACTER_SET, collation: DEFAULT_COLLATION}
  if (characterSet !== undefined && !CHARACTER_SETS.includes(characterSet)) {
    throw badRequest(`Character set '${characterSet}' is not a MySQL character set (e.g. utf8mb4, utf8, latin1).`)
  }
  if (collation !== undefined) {
    const owner = charsetOfCollation(collation)
    if (!owner || !/^[a-z0-9_]+$/.test(collation)) throw badRequest(`Collation '${collation}' is not a MySQL collation (e.g. utf8mb4_general_ci).`)
    if (characterSet !== undefined && owner !== characterSet) {
      throw badRequest(`Collation '${collation}' does not belong to character set '${characterSet}'.`)
    }
    return {characterSet: owner, collation}
  }
  const set = characterSet!
  return {characterSet: set, collation: set === 'binary' ? 'binary' : `${set}_general_ci`}
}

// ---- existence rules shared by database and user operations -------------

/** A database that must exist (grant, revoke, user create --databases, delete). */
export function existingDatabase(world: World, inst: InstanceRow, name: string): DatabaseRow {
  const row = world.databases.get(inst.id, name)
  if (!row) throw new TroveError('DatabaseNotFound', `Database '${name}' cannot be found on instance ${inst.name} (${inst.id}).`)
  return row
}

/** A user that must exist. */
export function existingUser(world: World, inst: InstanceRow, name: string, host: string): UserRow {
  const row = world.users.get(inst.id, name, host)
  if (!row) throw new TroveError('UserNotFound', `User '${name}'@'${host}' cannot be found on instance ${inst.name} (${inst.id}).`)
  return row
}

/** A user name (and host) not taken yet. */
export function assertNewUser(world: World, inst: InstanceRow, name: string, host: string): void {
  if (world.users.get(inst.id, name, host)) {
    throw new TroveError('UserAlreadyExists', `A user with the name '${name}'@'${host}' already exists on instance ${inst.name} (${inst.id}).`)
  }
}
