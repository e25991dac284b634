/**
 * Parsers for argument values shared by several commands (`u:p` pairs,
 * `key=value` lists), each failing with a one-line usage error.
 */
import {UsageError} from '../util/errors.js'
import {parseNumber} from './flags.js'

export interface UserSpec {
  readonly name: string
  readonly password: string
  readonly host?: string
}

/** `name:password[@host]` → a user; the password is never echoed in the error. */
export function parseUserSpec(text: string, example: string): UserSpec {
  const colon = text.indexOf(':')
  if (colon <= 0 || colon === text.length - 1) {
    throw new UsageError(`"${text.slice(0, colon > 0 ? colon : undefined)}" needs a password: write NAME:PASSWORD`, `e.g. ${example}`)
  }
  const name = text.slice(0, colon)
  let password = text.slice(colon + 1)
  let host: string | undefined
  const at = password.lastIndexOf('@')
  if (at > 0 && at < password.length - 1 && /^[%\w.:-]+$/.test(password.slice(at + 1)) && password.slice(at + 1).includes('%')) {
    host = password.slice(at + 1)
    password = password.slice(0, at)
  }
  return {name, password, host}
}

/** `k=v,k2=v2` → a record, keys checked against `allowed`. */
export function parseKeyValues(text: string, allowed: readonly string[], example: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new UsageError(`"${part}" is not key=value`, `e.g. ${example}`)
    const key = part.slice(0, eq).trim()
    if (!allowed.includes(key)) throw new UsageError(`unknown key "${key}" in "${text}"`, `use ${allowed.join(', ')}; e.g. ${example}`)
    out[key] = part.slice(eq + 1).trim()
  }
  return out
}

/**
 * A configuration's VALUES_JSON (`{"max_connections": 200}`) → an object.
 * Malformed JSON, or JSON that is not an object, is a usage error.
 */
export function parseValuesJson(text: string, example: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`VALUES_JSON is not valid JSON (${(err as Error).message})`, `quote it for the shell, e.g. ${example}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('VALUES_JSON must be a JSON object of parameter names and values', `e.g. ${example}`)
  }
  return value as Record<string, unknown>
}

/** A whole number argument (`4`, `-1`); anything else is a usage error naming the argument (parsed as the flags are). */
export function parseWholeNumber(text: string, name: string, example: string): number {
  try {
    return parseNumber(text, {whole: true})
  } catch {
    throw new UsageError(`${name} must be a whole number, got "${text}"`, `e.g. ${example}`)
  }
}
