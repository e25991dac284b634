/**
 * Is this a path a world file can live at? Checked before SQLite opens it,
 * so each way of getting it wrong is one usage line naming the path and the
 * fix (exit 2, nothing created): an empty path, a directory that does not
 * exist (never created silently — only the default location's is, the
 * oclif data dir), a path that is a directory, a file or directory that is
 * read-only (SQLite writes the file and its -wal/-shm files beside it).
 */
import {accessSync, constants, mkdirSync, statSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {UsageError} from '../util/errors.js'

const WHERE = '--state / TROVE_NOTIFY_STATE'

function kind(path: string): 'file' | 'directory' | 'missing' | 'other' {
  try {
    const s = statSync(path)
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other'
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    throw err
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Throw a UsageError when `path` cannot hold a world; create its directory only when `createDirectory`. */
export function checkStatePath(path: string, createDirectory: boolean): void {
  if (path.trim() === '') {
    throw new UsageError(`the state path is empty (${WHERE})`, 'give a file, e.g. --state ./trove.db, or --state :memory: for a throwaway world')
  }
  const dir = dirname(resolve(path))
  const dirKind = kind(dir)
  if (dirKind === 'missing') {
    if (!createDirectory) {
      throw new UsageError(`the directory ${dir} of the state file ${path} does not exist`,
        `create it first (mkdir -p ${dir}), or give --state a file in an existing directory`)
    }
    mkdirSync(dir, {recursive: true})
  } else if (dirKind !== 'directory') {
    throw new UsageError(`the state file ${path} cannot be created: ${dir} is not a directory`, 'give --state a file in an existing directory')
  }
  const fileKind = kind(path)
  if (fileKind === 'directory') throw new UsageError(`the state path ${path} is a directory`, `give --state a file, e.g. --state ${join(path, 'state.db')}`)
  if (fileKind === 'other') throw new UsageError(`the state path ${path} is not a regular file`, 'give --state a file path')
  if (fileKind === 'file' && !writable(path)) {
    throw new UsageError(`the state file ${path} is read-only`, `make it writable (chmod u+w ${path}), or give --state another file`)
  }
  if (!writable(dir)) {
    throw new UsageError(`the state file ${path} cannot be written: its directory ${dir} is read-only (SQLite keeps -wal and -shm files beside the file)`,
      'give --state a file in a directory you can write to')
  }
}

/** SQLite's own word that the file cannot be written (a read-only file system, say), as the same usage line; else undefined. */
export function readOnlyError(path: string, err: unknown): UsageError | undefined {
  const code = String((err as {code?: string}).code ?? '')
  if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN')) return undefined
  return new UsageError(`the state file ${path} cannot be written (${(err as Error).message})`,
    'make the file and its directory writable, or give --state another file')
}
