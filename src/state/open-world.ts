/**
 * Which backend a path means: `:memory:` is a fresh memory world (for a
 * single command as for simulate: a throwaway world either way), anything
 * else the SQLite file there.
 */
import {MEMORY_PATH, MemoryWorld} from './memory-world.js'
import {type OpenOptions, SqliteWorld} from './sqlite-world.js'
import type {World} from './world.js'

/**
 * The world at `path`: `:memory:` is a fresh memory world, anything else
 * the SQLite file there (created, migrated and seeded as needed). A path
 * that cannot be a world (empty, its directory missing, read-only) is a
 * usage error naming it.
 */
export function openWorld(path: string, options: OpenOptions = {}): World {
  return path === MEMORY_PATH ? new MemoryWorld() : SqliteWorld.open(path, options)
}
