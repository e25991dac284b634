/**
 * Lookups in read-only commands (`database list INSTANCE`, `configuration
 * show X`): the operations' finders throw Trove errors meant for a
 * lifecycle; here nothing is published, so a miss is a usage error (exit 2)
 * with a hint; a name that fits several rows is one too (`onlyOne`).
 */
import {TroveError} from '../operations/errors.js'
import {UsageError} from '../util/errors.js'

export function lookup<T>(find: () => T, hint: string): T {
  try {
    return find()
  } catch (err) {
    if (err instanceof TroveError) throw new UsageError(err.message, hint)
    throw err
  }
}

/**
 * The one row a reference names (`instance show db1`): none is a usage error
 * pointing at the list, several (a name used twice) one listing their ids.
 */
export function onlyOne<T extends {readonly id: string}>(rows: readonly T[], what: {kind: string, ref: string, tenant: string}): T {
  if (rows.length === 0) throw new UsageError(`no ${what.kind} "${what.ref}" in tenant ${what.tenant}`, `see \`trove-notify ${what.kind} list\``)
  if (rows.length > 1) throw new UsageError(`several ${what.kind}s are named "${what.ref}"`, `use an id: ${rows.map((r) => r.id).join(', ')}`)
  return rows[0]!
}
