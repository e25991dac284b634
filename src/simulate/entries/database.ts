/**
 * Simulator entries for the guest agent's databases and users (MySQL
 * family): create and delete databases; create, delete, rename and re-host
 * users, grant and revoke access, change passwords. Passwords are random
 * words from the tenant's stream; they are never published.
 */
import {bogusId, MISTAKE, type SimOperation, simOperation} from '../registry.js'
import type {InstanceView, Rng, TenantWorld, UserRef} from '../world.js'

const DATABASE_NAMES = ['orders', 'inventory', 'customers', 'sessions', 'audit', 'billing', 'catalog', 'reports', 'staging', 'events']
const USER_NAMES = ['app', 'reader', 'writer', 'report', 'etl', 'svc_api', 'backup_op', 'analyst', 'migrator', 'monitor']

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

export const databaseEntries: readonly SimOperation[] = [
  simOperation({
    kind: 'database_create',
    operation: 'database_create',
    weight: 5,
    creates: 'database',
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
  }),

  simOperation({
    kind: 'database_delete',
    operation: 'database_delete',
    weight: 2,
    ready: (w) => guests(w).some((i) => w.databases(i.id).length > 0),
    pick(w, r) {
      const inst = r.pick(guests(w).filter((i) => w.databases(i.id).length > 0))
      if (!inst || r.chance(MISTAKE)) return {instance: inst?.id ?? bogusId(r), name: 'no_such_db'}
      return {instance: inst.id, name: r.pick(w.databases(inst.id))!}
    },
  }),

  simOperation({
    kind: 'user_create',
    operation: 'user_create',
    weight: 4,
    creates: 'user',
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
  }),

  simOperation({
    kind: 'user_delete',
    operation: 'user_delete',
    weight: 1.5,
    ready: (w) => withUsers(w).length > 0,
    pick(w, r) {
      const u = r.pick(withUsers(w))
      if (!u || r.chance(MISTAKE)) return {instance: u?.inst.id ?? bogusId(r), name: 'nobody'}
      return userArgs(u.inst, u.user)
    },
  }),

  simOperation({
    kind: 'user_update_attributes',
    operation: 'user_update_attributes',
    weight: 1,
    ready: (w) => withUsers(w).length > 0,
    pick(w, r) {
      const u = r.pick(withUsers(w))
      if (!u) return {instance: bogusId(r), name: 'nobody', new_password: r.word(12)}
      const args = userArgs(u.inst, u.user)
      if (r.chance(MISTAKE)) return {...args, new_name: 'root'}
      const taken = w.users(u.inst.id).map((x) => x.name)
      return r.chance(0.6) ? {...args, new_password: r.word(14)} : {...args, new_name: freshName(r, USER_NAMES, taken, 16)}
    },
  }),

  simOperation({
    kind: 'user_grant',
    operation: 'user_grant',
    weight: 3,
    ready: (w) => grantable(w).length > 0,
    pick(w, r) {
      const g = r.pick(grantable(w))
      if (!g || r.chance(MISTAKE)) return {...(g ? userArgs(g.inst, g.user) : {instance: bogusId(r), name: 'app'}), databases: ['no_such_db']}
      return {...userArgs(g.inst, g.user), databases: [r.pick(g.missing)!]}
    },
  }),

  simOperation({
    kind: 'user_revoke',
    operation: 'user_revoke',
    weight: 1,
    ready: (w) => revocable(w).length > 0,
    pick(w, r) {
      const g = r.pick(revocable(w))
      if (!g || r.chance(MISTAKE)) return {...(g ? userArgs(g.inst, g.user) : {instance: bogusId(r), name: 'app'}), database: 'no_such_db'}
      return {...userArgs(g.inst, g.user), database: r.pick(g.granted)!}
    },
  }),

  simOperation({
    kind: 'user_change_password',
    operation: 'user_change_password',
    weight: 1.5,
    ready: (w) => withUsers(w).length > 0,
    pick(w, r) {
      const u = r.pick(withUsers(w))
      if (!u || r.chance(MISTAKE)) return {instance: u?.inst.id ?? bogusId(r), users: [{name: 'nobody', password: r.word(12)}]}
      return {instance: u.inst.id, users: [{name: u.user.name, password: r.word(14), ...(u.user.host !== '%' ? {host: u.user.host} : {})}]}
    },
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
