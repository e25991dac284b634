/**
 * Simulator entries for the guest agent's databases and users (MySQL
 * family): create and delete databases; create, delete, rename and re-host
 * users, grant and revoke access, change passwords. Passwords are random
 * words from the tenant's stream; they are never published.
 */
import {createDatabases, deleteDatabase} from '../../operations/database.js'
import {changePasswords, createUser, deleteUser, grantAccessAll, revokeAccess, updateUserAttributes} from '../../operations/user.js'
import {type Args, bogusId, MISTAKE, objects, optStr, type SimOperation, simOperation, str, strings} from '../registry.js'
import type {InstanceView, Rng, TenantWorld, UserRef} from '../world.js'

const DATABASE_NAMES = ['orders', 'inventory', 'customers', 'sessions', 'audit', 'billing', 'catalog', 'reports', 'staging', 'events']
const USER_NAMES = ['app', 'reader', 'writer', 'report', 'etl', 'svc_api', 'backup_op', 'analyst', 'migrator', 'monitor']

const INSTANCE = {type: 'string', required: true, about: 'instance id or name'} as const
const USER = {
  instance: INSTANCE,
  name: {type: 'string', required: true, about: 'user name'},
  host: {type: 'string', about: "the user's host (default %)"},
} as const

/** Instances whose guest takes databases and users now. */
function guests(w: TenantWorld): InstanceView[] {
  return w.actionable().filter((i) => w.supportsUsers(i.datastore))
}

/** Guests with at least one user (and that user). */
function withUsers(w: TenantWorld): Array<{inst: InstanceView, user: UserRef}> {
  return guests(w).flatMap((inst) => w.users(inst.id).map((user) => ({inst, user})))
}

function userArgs(inst: InstanceView, user: UserRef): Record<string, unknown> {
  return {instance: inst.id, name: user.name, ...(user.host !== '%' ? {host: user.host} : {})}
}

/** A name not taken yet from `pool`, or (when all are) one with a suffix. */
function freshName(r: Rng, pool: readonly string[], taken: readonly string[], max: number): string {
  const free = pool.filter((n) => !taken.includes(n))
  return r.pick(free) ?? `${r.pick(pool)!}_${r.word(3)}`.slice(0, max)
}

function userRef(a: Args) {
  return {instance: str(a, 'instance'), name: str(a, 'name'), host: optStr(a, 'host')}
}

export const databaseEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'database_create',
    operation: 'database_create',
    weight: 5,
    creates: 'database',
    params: {instance: INSTANCE, names: {type: 'strings', required: true, about: 'one lifecycle per database'}, character_set: {type: 'string'}, collate: {type: 'string'}},
    ready: (w) => guests(w).length > 0,
    pick(w, r) {
      const inst = r.pick(guests(w))
      if (!inst) return {instance: bogusId(r), names: [r.pick(DATABASE_NAMES)!]}
      const taken = w.databases(inst.id)
      // Mistakes: a database that exists, or a reserved name.
      if (r.chance(MISTAKE)) return {instance: inst.id, names: [taken[0] ?? 'information_schema']}
      const names = [freshName(r, DATABASE_NAMES, taken, 64)]
      if (r.chance(0.2)) names.push(freshName(r, DATABASE_NAMES, [...taken, ...names], 64))
      return {instance: inst.id, names, ...(r.chance(0.2) ? {character_set: 'utf8mb4', collate: 'utf8mb4_general_ci'} : {})}
    },
    run: (ctx, a) => createDatabases(ctx, {instance: str(a, 'instance'), names: strings(a, 'names') ?? [], characterSet: optStr(a, 'character_set'), collate: optStr(a, 'collate')}),
  }),

  simOperation({
    kind: 'database_delete',
    operation: 'database_delete',
    weight: 2,
    params: {instance: INSTANCE, name: {type: 'string', required: true, about: 'database name'}},
    ready: (w) => guests(w).some((i) => w.databases(i.id).length > 0),
    pick(w, r) {
      const inst = r.pick(guests(w).filter((i) => w.databases(i.id).length > 0))
      if (!inst || r.chance(MISTAKE)) return {instance: inst?.id ?? bogusId(r), name: 'no_such_db'}
      return {instance: inst.id, name: r.pick(w.databases(inst.id))!}
    },
    run: (ctx, a) => deleteDatabase(ctx, str(a, 'instance'), str(a, 'name')),
  }),

  simOperation({
    kind: 'user_create',
    operation: 'user_create',
    weight: 4,
    creates: 'user',
    params: {...USER, password: {type: 'string', required: true}, databases: {type: 'strings', about: 'existing databases to grant'}},
    ready: (w) => guests(w).length > 0,
    pick(w, r) {
      const inst = r.pick(guests(w))
      if (!inst) return {instance: bogusId(r), name: 'app', password: r.word(12)}
      const taken = w.users(inst.id).map((u) => u.name)
      // Mistakes: a reserved name, or one longer than 16 characters.
      if (r.chance(MISTAKE)) return {instance: inst.id, name: r.pick(['root', 'application_readonly_user'])!, password: r.word(12)}
      const dbs = w.databases(inst.id)
      return {
        instance: inst.id, name: freshName(r, USER_NAMES, taken, 16), password: r.word(14),
        ...(r.chance(0.2) ? {host: '10.0.%'} : {}),
        ...(dbs.length > 0 && r.chance(0.5) ? {databases: [r.pick(dbs)!]} : {}),
      }
    },
    run: (ctx, a) => createUser(ctx, {...userRef(a), password: str(a, 'password'), databases: strings(a, 'databases')}),
  }),

  simOperation({
    kind: 'user_delete',
    operation: 'user_delete',
    weight: 1.5,
    params: USER,
    ready: (w) => withUsers(w).length > 0,
    pick(w, r) {
      const u = r.pick(withUsers(w))
      if (!u || r.chance(MISTAKE)) return {instance: u?.inst.id ?? bogusId(r), name: 'nobody'}
      return userArgs(u.inst, u.user)
    },
    run: (ctx, a) => deleteUser(ctx, userRef(a)),
  }),

  simOperation({
    kind: 'user_update_attributes',
    operation: 'user_update_attributes',
    weight: 1,
    params: {...USER, new_name: {type: 'string'}, new_password: {type: 'string'}, new_host: {type: 'string'}},
    ready: (w) => withUsers(w).length > 0,
    pick(w, r) {
      const u = r.pick(withUsers(w))
      if (!u) return {instance: bogusId(r), name: 'nobody', new_password: r.word(12)}
      const args = userArgs(u.inst, u.user)
      if (r.chance(MISTAKE)) return {...args, new_name: 'root'}
      const taken = w.users(u.inst.id).map((x) => x.name)
      return r.chance(0.6) ? {...args, new_password: r.word(14)} : {...args, new_name: freshName(r, USER_NAMES, taken, 16)}
    },
    run: (ctx, a) => updateUserAttributes(ctx, {...userRef(a), newName: optStr(a, 'new_name'), newPassword: optStr(a, 'new_password'), newHost: optStr(a, 'new_host')}),
  }),

  simOperation({
    kind: 'user_grant',
    operation: 'user_grant',
    weight: 3,
    params: {...USER, databases: {type: 'strings', required: true, about: 'one lifecycle per database'}},
    ready: (w) => grantable(w).length > 0,
    pick(w, r) {
      const g = r.pick(grantable(w))
      if (!g || r.chance(MISTAKE)) return {...(g ? userArgs(g.inst, g.user) : {instance: bogusId(r), name: 'app'}), databases: ['no_such_db']}
      return {...userArgs(g.inst, g.user), databases: [r.pick(g.missing)!]}
    },
    run: (ctx, a) => grantAccessAll(ctx, {...userRef(a), databases: strings(a, 'databases') ?? []}),
  }),

  simOperation({
    kind: 'user_revoke',
    operation: 'user_revoke',
    weight: 1,
    params: {...USER, database: {type: 'string', required: true}},
    ready: (w) => revocable(w).length > 0,
    pick(w, r) {
      const g = r.pick(revocable(w))
      if (!g || r.chance(MISTAKE)) return {...(g ? userArgs(g.inst, g.user) : {instance: bogusId(r), name: 'app'}), database: 'no_such_db'}
      return {...userArgs(g.inst, g.user), database: r.pick(g.granted)!}
    },
    run: (ctx, a) => revokeAccess(ctx, {...userRef(a), database: str(a, 'database')}),
  }),

  simOperation({
    kind: 'user_change_password',
    operation: 'user_change_password',
    weight: 1.5,
    params: {instance: INSTANCE, users: {type: 'objects', required: true, about: 'list of {name, password, host}; one lifecycle per user'}},
    ready: (w) => withUsers(w).length > 0,
    pick(w, r) {
      const u = r.pick(withUsers(w))
      if (!u || r.chance(MISTAKE)) return {instance: u?.inst.id ?? bogusId(r), users: [{name: 'nobody', password: r.word(12)}]}
      return {instance: u.inst.id, users: [{name: u.user.name, password: r.word(14), ...(u.user.host !== '%' ? {host: u.user.host} : {})}]}
    },
    run: (ctx, a) => changePasswords(ctx, str(a, 'instance'),
      (objects<Record<string, unknown>>(a, 'users') ?? []).map((u) => ({name: String(u.name), password: String(u.password), host: u.host === undefined ? undefined : String(u.host)}))),
  }),
]

/** Users and the databases of their instance they cannot use yet. */
function grantable(w: TenantWorld) {
  return withUsers(w).map(({inst, user}) => ({inst, user, missing: w.databases(inst.id).filter((d) => !w.grants(inst.id, user).includes(d))}))
    .filter((g) => g.missing.length > 0)
}

/** Users with access to some database. */
function revocable(w: TenantWorld) {
  return withUsers(w).map(({inst, user}) => ({inst, user, granted: w.grants(inst.id, user)})).filter((g) => g.granted.length > 0)
}
