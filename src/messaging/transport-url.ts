/**
 * Transport URLs: `amqp://`, `amqps://` and oslo's
 * `rabbit://user:pass@host1:5672,user:pass@host2:5672/vhost` (several hosts
 * mean failover, tried in order). Parsing yields one amqplib URL per host;
 * masking hides every password wherever a URL is printed.
 */

export class TransportUrlError extends Error {}

export interface BrokerHost {
  readonly protocol: 'amqp' | 'amqps'
  readonly username: string
  readonly password: string
  readonly hostname: string
  readonly port: number
  readonly vhost: string
  /** Query string options (heartbeat, frameMax, …) passed through to amqplib. */
  readonly query: string
}

const SCHEMES: Readonly<Record<string, 'amqp' | 'amqps'>> = {
  'amqp:': 'amqp', 'amqps:': 'amqps', 'rabbit:': 'amqp', 'rabbits:': 'amqps', 'kombu:': 'amqp',
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

function parseHost(part: string, protocol: 'amqp' | 'amqps', url: string): Omit<BrokerHost, 'vhost' | 'query'> {
  const at = part.lastIndexOf('@')
  const creds = at >= 0 ? part.slice(0, at) : ''
  const hostPort = at >= 0 ? part.slice(at + 1) : part
  const colon = creds.indexOf(':')
  const username = decode(colon >= 0 ? creds.slice(0, colon) : creds) || 'guest'
  const password = decode(colon >= 0 ? creds.slice(colon + 1) : '') || (creds ? '' : 'guest')
  const m = /^(\[[^\]]+\]|[^:]*)(?::(\d+))?$/.exec(hostPort)
  if (!m) throw new TransportUrlError(`cannot read host "${hostPort}" in ${maskUrl(url)}`)
  const hostname = m[1] || '127.0.0.1'
  const port = m[2] ? Number(m[2]) : protocol === 'amqps' ? 5671 : 5672
  if (port < 1 || port > 65535) throw new TransportUrlError(`port ${port} out of range in ${maskUrl(url)}`)
  return {protocol, username, password, hostname, port}
}

/** Parse a transport URL into the broker hosts to try, in order. */
export function parseTransportUrl(url: string): BrokerHost[] {
  const m = /^([a-z0-9+]+:)\/\/([^/?]*)(\/[^?]*)?(\?.*)?$/i.exec(url.trim())
  if (!m) throw new TransportUrlError(`"${maskUrl(url)}" is not a transport URL; expected amqp://user:pass@host:5672/ or rabbit://user:pass@h1:5672,user:pass@h2:5672/vhost`)
  const protocol = SCHEMES[m[1]!.toLowerCase()]
  if (!protocol) throw new TransportUrlError(`unsupported scheme "${m[1]}" in ${maskUrl(url)}; use amqp://, amqps:// or rabbit://`)
  const path = m[3] ?? '/'
  const vhost = path === '/' || path === '' ? '/' : decode(path.slice(1))
  const query = m[4] ?? ''
  const hosts = (m[2] ?? '').split(',').filter((p) => p.length > 0)
  if (hosts.length === 0) hosts.push('')
  return hosts.map((h) => ({...parseHost(h, protocol, url), vhost, query}))
}

/** The amqplib connection URL for one host. */
export function amqplibUrl(h: BrokerHost): string {
  const auth = `${encodeURIComponent(h.username)}:${encodeURIComponent(h.password)}@`
  const vhost = h.vhost === '/' ? '' : encodeURIComponent(h.vhost)
  return `${h.protocol}://${auth}${h.hostname}:${h.port}/${vhost}${h.query}`
}

/** A printable form of one host, password masked. */
export function describeHost(h: BrokerHost): string {
  return `${h.protocol}://${h.username}:***@${h.hostname}:${h.port}/${h.vhost === '/' ? '' : h.vhost}`
}

/**
 * Mask every password in a URL (or any text holding URLs): `user:secret@`
 * becomes `user:***@`. Works on multi-host rabbit:// URLs too.
 */
export function maskUrl(text: string): string {
  return text.replace(/([a-z0-9+]+:\/\/[^\s]*)/gi, (u) => u.replace(/([^:/@,\s]*):([^@/\s,]*)@/g, (_all, user: string) => `${user}:***@`))
}
