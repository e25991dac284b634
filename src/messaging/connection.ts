/**
 * The one way to a RabbitMQ broker, for the publisher (amqp-driver.ts) and
 * for tail's subscriber (tail/subscriber.ts):
 *
 * - connect to one host as oslo.messaging's rabbit driver would: TLS with
 *   `ssl`, `ssl_ca_file`, `ssl_cert_file`/`ssl_key_file`,
 *   `ssl_enforce_hostname_verification` (oslo's meaning: the chain is always
 *   verified; the host name only with a CA file and this option),
 *   `ssl_version` (the lowest version accepted); the login mechanism of
 *   `rabbit_login_method`; heartbeats after `heartbeat_timeout_threshold`;
 *   the vhost as the URL names it (percent-escapes decoded);
 * - fail over: the URL's hosts are tried in order, one round over all of
 *   them at once; after a loss the next host comes first, and a failed
 *   round waits `rabbit_retry_interval`, then `rabbit_retry_backoff` more
 *   after each round, never more than `rabbit_interval_max` (kombu's
 *   interval_start / interval_step / interval_max) until the deadline;
 * - say what went wrong in one line with its fix (describeConnectError):
 *   refused, timed out, unknown host, login refused, no such vhost, not an
 *   AMQP port, and each TLS problem (unknown CA, expired, host name
 *   mismatch, client certificate missing or refused, no common version).
 *
 * BrokerLink is the connection's state machine — idle → connecting → open
 * ⇄ reconnecting, → failed, → closed — with the transitions written down
 * in one table. Its users set up each new connection (channels, declares,
 * consumers) in a hook and learn about losses through hooks; a session
 * object stands for one connection, so a callback of a dead one is
 * recognised by identity (no generation counters).
 */
import {readFileSync} from 'node:fs'
import {isIP} from 'node:net'
import {checkServerIdentity, type PeerCertificate} from 'node:tls'
import {RABBIT_DEFAULTS, type RabbitOptions, SSL_VERSIONS} from './rabbit-options.js'
import {TransportError, UsageError, UserError} from '../util/errors.js'
import {describeHost, type BrokerHost} from './transport-url.js'

export type Connection = Awaited<ReturnType<typeof import('amqplib')['connect']>>

/** What the link needs of the [oslo_messaging_rabbit] options. */
export type LinkRabbitOptions = Pick<RabbitOptions,
  | 'ssl' | 'ssl_ca_file' | 'ssl_cert_file' | 'ssl_key_file' | 'ssl_enforce_hostname_verification' | 'ssl_version'
  | 'heartbeat_timeout_threshold' | 'rabbit_retry_interval' | 'rabbit_retry_backoff' | 'rabbit_interval_max' | 'rabbit_login_method'>

export interface LinkOptions {
  readonly hosts: readonly BrokerHost[]
  /** oslo's options; oslo's defaults for what is not given. */
  readonly rabbit?: Partial<RabbitOptions>
  /** The first connect gives up after this long (all hosts together). */
  readonly connectTimeoutMs?: number
  /** After a loss, give up reconnecting after this long. */
  readonly reconnectTimeoutMs?: number
  readonly onNotice?: (message: string) => void
  /** What `rabbitmqctl list_connections name` shows. */
  readonly connectionName?: string
}

export type LinkState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'failed' | 'closed'

/** Every transition the link may make; anything else is a bug. */
const TRANSITIONS: Readonly<Record<LinkState, readonly LinkState[]>> = {
  idle: ['connecting', 'closed'],
  connecting: ['open', 'failed', 'closed'],
  open: ['reconnecting', 'failed', 'closed'],
  reconnecting: ['open', 'failed', 'closed'],
  failed: ['closed'],
  closed: [],
}

/** One connection of the link and what its user set up on it. */
export interface Session<S> {
  readonly conn: Connection
  readonly host: BrokerHost
  readonly value: S
}

export interface LinkHooks<S> {
  /**
   * Set up a fresh connection: channels, declares, consumers. Call `lost`
   * when something set up here dies (a channel's 'close'). A UserError
   * fails the link for good; any other error moves on to the next host.
   */
  setup(conn: Connection, host: BrokerHost, lost: () => void): Promise<S>
  /** The link is open on `session` (again, when `reconnected`); a string is added to the reconnected notice. */
  opened?(session: Session<S>, reconnected: boolean): string | void
  /** `session` is gone; the link reconnects next. */
  lost?(session: Session<S>): void
  /** The link failed for good (reconnecting gave up, or a setup refused). */
  failed?(err: Error): void
}

/** A round over every host failed: try again later (unlike a UserError from setup). To everyone else, a TransportError. */
class RoundFailed extends TransportError {
  constructor(message: string, suggestion?: string) {
    super(message, suggestion)
    this.name = 'TransportError'
  }
}

const START_HINT = 'start RabbitMQ (`rabbitmq-server -detached`), or point --url / TROVE_NOTIFY_URL at your broker'

export interface ConnectProblem {
  readonly message: string
  readonly fix: string
}

interface ErrorShape {
  code?: string | number
  message?: string
  reason?: string
}

/** Whether this host is reached over TLS (an amqps:// URL, or oslo's `ssl`). */
export function usesTls(host: BrokerHost, rabbit: Pick<RabbitOptions, 'ssl'>): boolean {
  return host.protocol === 'amqps' || rabbit.ssl
}

const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
])
const CLIENT_CERT_REFUSED = new Set([
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED', 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
])
const CLIENT_CERT_MISSING = new Set(['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE'])
const NO_COMMON_VERSION = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY',
])

/**
 * One line for a failed connect to `host`, and its fix; the URL's
 * password masked. The cases users meet, each with the setting that fixes it.
 */
export function describeConnectError(err: unknown, host: BrokerHost, rabbit: LinkRabbitOptions = RABBIT_DEFAULTS): ConnectProblem {
  const e = (err ?? {}) as ErrorShape
  const code = String(e.code ?? '')
  const text = String(e.message ?? err).split('\n')[0]!
  const where = describeHost(host)
  const tls = usesTls(host, rabbit)
  const port = `${host.hostname}:${host.port}`
  if (code === 'ECONNREFUSED') {
    return {message: `cannot reach RabbitMQ at ${where} (connection refused: nothing listens on ${port})`,
      fix: `${START_HINT}; check the port (AMQP 5672, TLS 5671)`}
  }
  if (code === 'ETIMEDOUT' || /ETIMEDOUT|timed? ?out/i.test(text)) {
    return {message: `cannot reach RabbitMQ at ${where} (timed out)`, fix: 'check the host and port in --url / transport_url, and that no firewall drops the connection'}
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return {message: `cannot resolve the broker host "${host.hostname}" in ${where}`, fix: 'check the host name in --url / transport_url'}
  }
  if (code === 'ECONNRESET' && tls) {
    return {message: `${where} reset the TLS connection during the handshake (a client certificate it refused, or not a TLS port)`,
      fix: 'check ssl_cert_file / ssl_key_file against the CA the broker trusts, and that the port is its TLS port (usually 5671)'}
  }
  if (/ACCESS.REFUSED|\b403\b/.test(text)) {
    return {message: `RabbitMQ at ${where} refused the login of user "${host.username}" (${rabbit.rabbit_login_method})`,
      fix: `check the user and password in --url / transport_url (\`rabbitmqctl authenticate_user ${host.username} …\` tests them)`}
  }
  if (/SASL mechanism (\S+) is not provided/.test(text)) {
    return {message: `RabbitMQ at ${where} does not offer the login method ${rabbit.rabbit_login_method}`,
      fix: 'set rabbit_login_method to one the broker offers (its auth_mechanisms: PLAIN and AMQPLAIN by default)'}
  }
  if (/Expected ConnectionOpenOk; got <ConnectionClose|NOT.ALLOWED|vhost/i.test(text)) {
    const v = host.vhost
    return {message: `RabbitMQ at ${where} has no virtual host "${v}", or user "${host.username}" may not use it`,
      fix: `fix the vhost at the end of the URL (escape a "/" in its name as %2F), or create it: rabbitmqctl add_vhost '${v}' && rabbitmqctl set_permissions -p '${v}' ${host.username} '.*' '.*' '.*'`}
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || /wrong version number/.test(text)) {
    return {message: `${port} does not speak TLS (is it the plain AMQP port?)`,
      fix: 'use the broker\'s TLS port in the URL (usually 5671), or connect without TLS (amqp://, ssl = false)'}
  }
  if (UNKNOWN_CA.has(code)) {
    return {message: `the certificate of ${port} is signed by a CA we do not trust (unknown CA)`,
      fix: rabbit.ssl_ca_file
        ? `ssl_ca_file ${rabbit.ssl_ca_file} is not the CA that signed the broker's certificate: point ssl_ca_file at the deployment's CA`
        : "set ssl_ca_file to the deployment's CA (PEM), as in trove.conf"}
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return {message: `the certificate of ${port} has expired`, fix: "renew the broker's certificate (or check this machine's clock)"}
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return {message: `the certificate of ${port} is not valid yet`, fix: "check this machine's clock, or the broker certificate's start date"}
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const names = (e as {cert?: {subjectaltname?: string, subject?: {CN?: string}}}).cert
    const held = names?.subjectaltname ?? (names?.subject?.CN ? `CN=${names.subject.CN}` : '')
    return {message: `the certificate of ${port} does not name "${host.hostname}" (host name mismatch${held ? `: it names ${held}` : ''})`,
      fix: 'connect by a name the certificate holds, or set ssl_enforce_hostname_verification = false (the CA chain is still verified)'}
  }
  if (CLIENT_CERT_MISSING.has(code) && !rabbit.ssl_cert_file) {
    return {message: `RabbitMQ at ${port} requires a client certificate and none was given`,
      fix: 'set ssl_cert_file and ssl_key_file (a certificate signed by a CA the broker trusts)'}
  }
  if (CLIENT_CERT_REFUSED.has(code) || CLIENT_CERT_MISSING.has(code)) {
    return {message: `RabbitMQ at ${port} refused our client certificate ssl_cert_file ${rabbit.ssl_cert_file || '(none)'} (${code.replace(/^ERR_SSL_/, '').toLowerCase()})`,
      fix: "use a client certificate signed by a CA the broker trusts (its ssl_options.cacertfile), with its key in ssl_key_file"}
  }
  if (NO_COMMON_VERSION.has(code)) {
    return {message: `no TLS version both ${port} and we accept${rabbit.ssl_version ? ` (ssl_version = ${rabbit.ssl_version} is our lowest)` : ''}`,
      fix: 'lower ssl_version (or leave it empty to negotiate), or enable a newer TLS version on the broker'}
  }
  if (/^ERR_(SSL|TLS|OSSL)_/.test(code) || (e as {library?: string}).library === 'SSL routines') {
    return {message: `TLS with ${port} failed: ${(e.reason ?? text).toString()}`, fix: 'check ssl, ssl_ca_file, ssl_cert_file, ssl_key_file and ssl_version'}
  }
  // A port that took the connection and then reset it during the opening handshake answered too (a TLS
  // port reading our plain AMQP header resets it or sends an alert, whichever its TLS stack does first).
  if (/Socket closed abruptly during opening handshake|Expected ConnectionStart|Frame size exceeds|Unknown frame|Invalid frame/i.test(text)
    || (code === 'ECONNRESET' && !tls)) {
    return {message: tls
      ? `${port} closed the TLS connection before the AMQP handshake finished (not RabbitMQ's TLS port?)`
      : `${port} answered, but not as an AMQP broker: a wrong port, or a TLS port (then use amqps:// or ssl = true)`,
    fix: "RabbitMQ's ports: AMQP 5672, TLS 5671 (15672 is the management UI)"}
  }
  return {message: `cannot connect to RabbitMQ at ${where}: ${text}`, fix: START_HINT}
}

// Node warns once when TLS's server name is an IP (RFC 6066 forbids it), and
// amqplib always sets the server name to the host. That warning is noise for
// a user who gave an IP in the URL: drop exactly that one.
const emitWarning = process.emitWarning.bind(process)
process.emitWarning = ((warning: string | Error, ...rest: unknown[]): void => {
  const options = rest[0] as {code?: string} | string | undefined
  const code = typeof options === 'object' ? options?.code : rest[1]
  if (code === 'DEP0123') return
  ;(emitWarning as (...args: unknown[]) => void)(warning, ...rest)
}) as typeof process.emitWarning

interface TlsMaterial {
  readonly ca?: Buffer
  readonly cert?: Buffer
  readonly key?: Buffer
}

function readPem(name: string, path: string): Buffer | undefined {
  if (!path) return undefined
  try {
    return readFileSync(path)
  } catch (err) {
    throw new UsageError(`${name} ${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, `point ${name} at a readable PEM file`)
  }
}

/** Heartbeat period to ask for: amqplib gives up after two silent periods, so half the threshold. */
export function heartbeatFor(thresholdS: number): number {
  return thresholdS > 0 ? Math.max(1, Math.round(thresholdS / 2)) : 0
}

/**
 * Waits between failed rounds of reconnect attempts, as kombu counts them:
 * interval, interval + backoff, … at most interval_max (seconds → ms).
 */
export function retryDelayMs(round: number, r: Pick<RabbitOptions, 'rabbit_retry_interval' | 'rabbit_retry_backoff' | 'rabbit_interval_max'>): number {
  const s = Math.min(r.rabbit_retry_interval + round * r.rabbit_retry_backoff, r.rabbit_interval_max)
  return Math.max(100, s * 1000)
}

export class BrokerLink<S> {
  private stateValue: LinkState = 'idle'
  private session?: Session<S>
  private failure?: Error
  private retryTimer?: NodeJS.Timeout
  private hostIndex = 0
  private lostAt = 0
  private tlsMaterial?: TlsMaterial
  private readonly rabbit: LinkRabbitOptions
  /** Connections made again after a loss. */
  reconnects = 0
  /** How long the last reconnect took, from the loss to the new session (ms). */
  lastReconnectMs?: number

  constructor(private readonly opts: LinkOptions, private readonly hooks: LinkHooks<S>) {
    if (opts.hosts.length === 0) throw new UsageError('the transport URL names no host', 'e.g. --url amqp://guest:guest@127.0.0.1:5672/')
    this.rabbit = {...RABBIT_DEFAULTS, ...opts.rabbit}
  }

  get state(): LinkState {
    return this.stateValue
  }

  /** What setup() made on the open connection; undefined unless the link is open. */
  get current(): S | undefined {
    return this.stateValue === 'open' ? this.session?.value : undefined
  }

  /** The host of the open connection (or of the last one). */
  get host(): BrokerHost {
    return this.session?.host ?? this.opts.hosts[this.hostIndex]!
  }

  /** Why the link failed, once it has. */
  get error(): Error | undefined {
    return this.failure
  }

  private to(next: LinkState): void {
    if (!TRANSITIONS[this.stateValue].includes(next)) throw new Error(`bug: broker link ${this.stateValue} → ${next}`)
    this.stateValue = next
  }

  private notice(message: string): void {
    this.opts.onNotice?.(message)
  }

  /** Connect (one round over the hosts, within connectTimeoutMs). */
  async open(): Promise<void> {
    this.to('connecting')
    let session: Session<S>
    try {
      session = await this.round(this.opts.connectTimeoutMs ?? 5000)
    } catch (err) {
      const e = err instanceof Error ? err : new TransportError(String(err))
      if (this.stateValue === 'connecting') this.fail(e)
      throw e
    }
    if (this.stateValue !== 'connecting') {
      await session.conn.close().catch(() => {})
      return
    }
    this.session = session
    this.to('open')
    this.hooks.opened?.(session, false)
  }

  /** The user saw `value`'s connection die (a channel closed, a publish threw). */
  lost(value: S): void {
    if (this.session?.value === value) this.onLost(this.session)
  }

  private onLost(session: Session<S>): void {
    if (session !== this.session || this.stateValue !== 'open') return
    this.to('reconnecting')
    this.lostAt = Date.now()
    this.hooks.lost?.(session)
    void session.conn.close().catch(() => {})
    this.notice(`connection to ${describeHost(session.host)} lost; reconnecting…`)
    this.hostIndex = (this.hostIndex + 1) % this.opts.hosts.length
    void this.retry(Date.now() + (this.opts.reconnectTimeoutMs ?? 60_000), 0)
  }

  private async retry(deadline: number, round: number): Promise<void> {
    this.retryTimer = undefined
    if (this.stateValue !== 'reconnecting') return
    let session: Session<S>
    try {
      session = await this.round(Math.max(250, Math.min(5000 * this.opts.hosts.length, deadline - Date.now())))
    } catch (err) {
      if (this.stateValue !== 'reconnecting') return
      if (!(err instanceof RoundFailed)) return this.fail(err instanceof Error ? err : new TransportError(String(err)))
      const wait = retryDelayMs(round, this.rabbit)
      if (Date.now() + wait > deadline) {
        const s = Math.round((this.opts.reconnectTimeoutMs ?? 60_000) / 1000)
        return this.fail(new TransportError(`lost the broker and could not reconnect within ${s} s: ${err.message}`, err.suggestion))
      }
      this.retryTimer = setTimeout(() => void this.retry(deadline, round + 1), wait)
      return
    }
    if (this.stateValue !== 'reconnecting') {
      await session.conn.close().catch(() => {})
      return
    }
    this.session = session
    this.reconnects++
    this.lastReconnectMs = Date.now() - this.lostAt
    this.to('open')
    const detail = this.hooks.opened?.(session, true)
    this.notice(`reconnected to ${describeHost(session.host)} after ${(this.lastReconnectMs / 1000).toFixed(1)} s${detail ? `; ${detail}` : ''}`)
  }

  /**
   * One round: each host once, from `hostIndex`, until one connects and
   * its setup succeeds. Throws RoundFailed (with the last host's problem)
   * or the setup's UserError.
   */
  private async round(budgetMs: number): Promise<Session<S>> {
    const hosts = this.opts.hosts
    const deadline = Date.now() + budgetMs
    let last: ConnectProblem | undefined
    let tried = 0
    for (let i = 0; i < hosts.length; i++) {
      const index = (this.hostIndex + i) % hosts.length
      const host = hosts[index]!
      const left = deadline - Date.now()
      if (left <= 0) break
      if (this.isClosed()) break
      tried++
      let conn: Connection | undefined
      try {
        conn = await this.connectOne(host, Math.max(250, Math.min(left, budgetMs / hosts.length)))
        if (this.isClosed()) {
          await conn.close().catch(() => {})
          break
        }
        const c = conn
        c.on('error', () => { /* 'close' follows; handled there */ })
        let session: Session<S> | undefined
        const value = await this.hooks.setup(c, host, () => {
          if (session) this.onLost(session)
        })
        session = {conn: c, host, value}
        c.on('close', () => this.onLost(session!))
        this.hostIndex = index
        return session
      } catch (err) {
        await conn?.close().catch(() => {})
        if (err instanceof UserError) throw err
        last = describeConnectError(err, host, this.rabbit)
      }
    }
    if (this.isClosed()) throw new TransportError('closed while connecting')
    const others = tried > 1 ? ` (and ${tried - 1} other host(s) of the URL failed)` : ''
    throw new RoundFailed(`${last?.message ?? 'no host of the URL answered'}${others}`, last?.fix ?? START_HINT)
  }

  /** Read afresh (awaits let close() run meanwhile). */
  private isClosed(): boolean {
    return this.stateValue === 'closed'
  }

  private tls(): TlsMaterial {
    this.tlsMaterial ??= {
      ca: readPem('ssl_ca_file', this.rabbit.ssl_ca_file),
      cert: readPem('ssl_cert_file', this.rabbit.ssl_cert_file),
      key: readPem('ssl_key_file', this.rabbit.ssl_key_file),
    }
    return this.tlsMaterial
  }

  /** amqplib's connect to one host, with oslo's options. */
  private async connectOne(host: BrokerHost, timeoutMs: number): Promise<Connection> {
    const amqp = await import('amqplib')
    const r = this.rabbit
    const tls = usesTls(host, r)
    const query = new URLSearchParams(host.query)
    const num = (k: string): number | undefined => (query.get(k) === null ? undefined : Number(query.get(k)))
    const credentials = r.rabbit_login_method === 'PLAIN' ? amqp.credentials.plain(host.username, host.password)
      : r.rabbit_login_method === 'EXTERNAL' ? amqp.credentials.external()
        : amqp.credentials.amqplain(host.username, host.password)
    const hostname = host.hostname.replace(/^\[|\]$/g, '')
    const socket: Record<string, unknown> = {
      timeout: timeoutMs,
      credentials,
      clientProperties: {connection_name: this.opts.connectionName ?? `trove-notify:${process.pid}`},
    }
    if (tls) {
      const m = this.tls()
      // oslo: the chain is verified (against ssl_ca_file, else the system's CAs);
      // the host name only with ssl_ca_file and ssl_enforce_hostname_verification.
      const verifyName = Boolean(r.ssl_ca_file) && r.ssl_enforce_hostname_verification
      Object.assign(socket, {
        ca: m.ca, cert: m.cert, key: m.key,
        rejectUnauthorized: true,
        minVersion: SSL_VERSIONS[r.ssl_version.toLowerCase()],
        servername: isIP(hostname) ? undefined : hostname,
        checkServerIdentity: verifyName
          ? (_name: string, cert: PeerCertificate) => checkServerIdentity(hostname, cert)
          : () => undefined,
      })
    }
    return amqp.connect({
      protocol: tls ? 'amqps' : 'amqp',
      hostname,
      port: host.port,
      username: host.username,
      password: host.password,
      // amqplib unescapes the vhost it is given.
      vhost: encodeURIComponent(host.vhost),
      heartbeat: heartbeatFor(r.heartbeat_timeout_threshold),
      frameMax: num('frameMax'),
      locale: query.get('locale') ?? undefined,
      ...{channelMax: num('channelMax')},
    }, socket)
  }

  /** Fail the link for good from outside (a refusal no reconnect can mend). */
  failWith(err: Error): void {
    this.fail(err)
  }

  private fail(err: Error): void {
    if (this.stateValue === 'failed' || this.stateValue === 'closed') return
    this.failure = err
    this.to('failed')
    clearTimeout(this.retryTimer)
    const s = this.session
    this.session = undefined
    if (s) void s.conn.close().catch(() => {})
    this.hooks.failed?.(err)
  }

  /**
   * Close for good: no reconnect, timers cleared, the connection closed.
   * `before` runs first on what setup() made (to close channels in order,
   * so what they still had to write — acks — is written); a channel's
   * 'close' then is no loss.
   */
  async close(before?: (value: S) => Promise<void>): Promise<void> {
    if (this.stateValue === 'closed') return
    this.to('closed')
    clearTimeout(this.retryTimer)
    const s = this.session
    this.session = undefined
    if (!s) return
    if (before) await before(s.value).catch(() => {})
    await s.conn.close().catch(() => {})
  }

  /** The open connection, for a user that must close its own channels first. */
  get connection(): Connection | undefined {
    return this.stateValue === 'open' ? this.session?.conn : undefined
  }
}
