/**
 * What `tail` shows: shell-style globs (`dbaas.instance_*`) and the filters
 * built from `--event`, `--priority`, `--tenant`, `--request-id` and
 * `--publisher`, applied to a decoded oslo message.
 */

/** A shell glob (`*`, `?`, `[abc]`, `[!abc]`) as an anchored RegExp, like Python's fnmatch. */
export function globToRegExp(glob: string): RegExp {
  let out = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === '*') out += '.*'
    else if (ch === '?') out += '.'
    else if (ch === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end < 0) {
        out += '\\['
        continue
      }
      let cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\')
      if (cls.startsWith('!')) cls = '^' + cls.slice(1)
      out += `[${cls}]`
      i = end
    } else out += ch.replace(/[.+^${}()|\\/]/g, '\\$&')
  }
  return new RegExp(`^${out}$`, 's')
}

export interface FilterOptions {
  /** Event type globs; a message matches if any matches. */
  readonly events?: readonly string[]
  /** oslo priorities (any case); matched against the message's own priority. */
  readonly priorities?: readonly string[]
  /** Globs matched against payload.tenant_id or the context's project_id. */
  readonly tenant?: string
  /** Glob matched against payload.request_id or the context's request_id. */
  readonly requestId?: string
  /** Glob matched against publisher_id (e.g. `taskmanager.*`). */
  readonly publisher?: string
}

export type MessageFilter = (message: Readonly<Record<string, unknown>>) => boolean

/** The payload of a message as an object ({} when it is missing or not an object). */
export function payloadOf(m: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const p = m.payload
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? p as Record<string, unknown> : {}
}

function anyMatches(re: RegExp, ...values: unknown[]): boolean {
  return values.some((v) => typeof v === 'string' && re.test(v))
}

/** One predicate for all the filters given (true for every message when none is). */
export function buildFilter(o: FilterOptions): MessageFilter {
  const tests: MessageFilter[] = []
  if (o.events && o.events.length > 0) {
    const res = o.events.map(globToRegExp)
    tests.push((m) => typeof m.event_type === 'string' && res.some((re) => re.test(m.event_type as string)))
  }
  if (o.priorities && o.priorities.length > 0) {
    const wanted = new Set(o.priorities.map((p) => p.toUpperCase()))
    tests.push((m) => typeof m.priority === 'string' && wanted.has(m.priority.toUpperCase()))
  }
  if (o.tenant !== undefined) {
    const re = globToRegExp(o.tenant)
    tests.push((m) => anyMatches(re, payloadOf(m).tenant_id, m._context_project_id, m._context_tenant))
  }
  if (o.requestId !== undefined) {
    const re = globToRegExp(o.requestId)
    tests.push((m) => anyMatches(re, payloadOf(m).request_id, m._context_request_id))
  }
  if (o.publisher !== undefined) {
    const re = globToRegExp(o.publisher)
    tests.push((m) => anyMatches(re, m.publisher_id))
  }
  return (m) => tests.every((t) => t(m))
}

/** The request_id of a message: the payload's, else the context's. */
export function requestIdOf(m: Readonly<Record<string, unknown>>): string | undefined {
  const id = payloadOf(m).request_id ?? m._context_request_id
  return typeof id === 'string' ? id : undefined
}

/** The tenant of a message: payload.tenant_id, else the context's project. */
export function tenantOf(m: Readonly<Record<string, unknown>>): string | undefined {
  const t = payloadOf(m).tenant_id ?? m._context_project_id ?? m._context_tenant
  return typeof t === 'string' ? t : undefined
}
