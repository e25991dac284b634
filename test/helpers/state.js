// A look into a world file a CLI process left (integration tests): through
// the repositories, as the commands see it — and, for what only the file
// itself can say (integrity, journal mode), SQLite opened read-only.
import {createRequire} from 'node:module'
import {SqliteWorld} from '../../dist/state/sqlite-world.js'

/** Open the world file at `path`, run `fn(world)`, close it; returns what `fn` returned. */
export function withWorld(path, fn) {
  const world = SqliteWorld.open(path)
  try {
    return fn(world)
  } finally {
    world.close()
  }
}

/** PRAGMA `name` of the SQLite file at `path` (integrity_check, journal_mode…). */
export function filePragma(path, name) {
  const Sqlite = createRequire(import.meta.url)('better-sqlite3')
  const db = new Sqlite(path, {readonly: true})
  try {
    return db.pragma(name, {simple: true})
  } finally {
    db.close()
  }
}
