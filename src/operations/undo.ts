/**
 * Undo steps as data (issue 15): how to take back a state change an
 * operation made before its work, written as `[repository.method, ...args]`
 * instead of a closure, so the owner record of an operation in flight can
 * keep them (JSON) and a later process can undo what a killed one left.
 * The live error path (`.error` after a rule or `--fail`, Ctrl-C) and the
 * recovery of an abandoned operation run the same steps through `applyUndo`.
 *
 * Steps name repository methods from an allow-list; a method that records
 * a time (`quotas.release`) is given the time of the undo.
 */
import type {Deltas} from '../state/quotas.js'
import type {BackupRow, ClusterRow, ConfigurationRow, DatabaseRow, InstanceRow, UserRow} from '../state/rows.js'
import type {World} from '../state/world.js'

type Patch<R> = {[K in keyof R]?: R[K]}
interface UserKey {readonly name: string, readonly host: string}

export type UndoStep =
  | readonly ['instances.remove', string]
  | readonly ['instances.update', string, Patch<InstanceRow>]
  | readonly ['clusters.remove', string]
  | readonly ['clusters.update', string, Patch<ClusterRow>]
  | readonly ['backups.remove', string]
  | readonly ['backups.update', string, Patch<BackupRow>]
  | readonly ['configurations.remove', string]
  | readonly ['configurations.update', string, Patch<ConfigurationRow>]
  | readonly ['databases.insert', DatabaseRow]
  | readonly ['databases.remove', string, string]
  | readonly ['databases.removeAllOf', string]
  | readonly ['users.insert', UserRow]
  | readonly ['users.remove', string, UserKey]
  | readonly ['users.removeAllOf', string]
  | readonly ['users.move', string, UserKey, UserKey, string]
  | readonly ['users.setPassword', string, UserKey, string]
  | readonly ['users.grant', string, UserKey, string]
  | readonly ['users.revoke', string, UserKey, string]
  /** Give a reservation back (the time is the undo's). */
  | readonly ['quotas.release', string, Deltas]

/** Methods called with the undo's time as their last argument. */
const TIMED = new Set<string>(['quotas.release'])

/** Run one step against the world (inside the caller's transaction). */
export function applyStep(world: World, step: UndoStep, now: string): void {
  const [path, ...args] = step
  const dot = path.indexOf('.')
  const repo = (world as unknown as Record<string, Record<string, (...a: unknown[]) => void>>)[path.slice(0, dot)]
  const method = repo?.[path.slice(dot + 1)]
  if (typeof method !== 'function') throw new Error(`bug: undo step ${path} names no repository method`)
  method.apply(repo, TIMED.has(path) ? [...args, now] : args)
}

/**
 * Undo groups of steps, newest group first (each group's steps in the order
 * given), in one transaction.
 */
export function applyUndo(world: World, groups: ReadonlyArray<readonly UndoStep[]>, now: string): void {
  world.tx(() => {
    for (let i = groups.length - 1; i >= 0; i--) for (const step of groups[i]!) applyStep(world, step, now)
  })
}
