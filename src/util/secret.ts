/**
 * Passwords given to user commands are kept only as salted hashes: never in
 * a notification, a log line, the output or the state file in clear text.
 */
import {createHash, randomBytes} from 'node:crypto'

export function hashPassword(password: string): string {
  const salt = randomBytes(8).toString('hex')
  return `sha256$${salt}$${createHash('sha256').update(salt + password).digest('hex')}`
}

export function checkPassword(password: string, stored: string): boolean {
  const [, salt, hash] = stored.split('$')
  return createHash('sha256').update((salt ?? '') + password).digest('hex') === hash
}
