/**
 * Lookups in read-only commands (`database list INSTANCE`, `configuration
 * show X`): the operations' finders throw Trove errors meant for a
 * lifecycle; here nothing is published, so a miss is a usage error (exit 2)
 * with a hint, as `instance show` does.
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
