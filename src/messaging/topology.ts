/**
 * What a notifier declares, as oslo.messaging 14's rabbit driver does it
 * (impl_rabbit.py `notify_send` → `_publish_and_creates_default_queue`,
 * `_get_queue_arguments`), and how we use a broker that already has it.
 *
 * oslo's declarations, option for option:
 * - exchange `control_exchange`: topic, durable = amqp_durable_queues OR
 *   rabbit_quorum_queue, auto_delete = amqp_auto_delete, no arguments;
 * - for each routing key `<topic>.<priority>`: a queue of that name with the
 *   exchange's durable and auto_delete, bound with the key, and arguments
 *   `x-ha-policy: all` (rabbit_ha_queues) or `x-queue-type: quorum` plus
 *   `x-delivery-limit`, `x-max-in-memory-length`, `x-max-in-memory-bytes`
 *   when set (rabbit_quorum_queue with rabbit_quorum_delivery_limit,
 *   rabbit_quroum_max_memory_length, rabbit_quroum_max_memory_bytes).
 *
 * Use what exists (where oslo would log a 406 and drop the message):
 * before declaring, look (passive declare). What is missing is declared
 * with oslo's arguments from the settings. What exists is used as it is —
 * bound and published to — and, when it was declared differently, one
 * notice names the settings that would declare like this deployment. How
 * it differs is learned without the management API: an equal redeclare of
 * an existing queue or exchange changes nothing, and an unequal one is
 * refused with a 406 that names one inequivalent argument and its current
 * value; each probe (on a throwaway channel) adopts that value and asks
 * again, until the broker agrees.
 *
 * A route (exchange, queue, binding) is declared as a unit: if a step fails,
 * what this route created is deleted again, so a failed run leaves no
 * half-declared topology behind (an exchange without its queue).
 */
import type {Channel, Options} from 'amqplib'
import {RABBIT_DEFAULTS, type RabbitOptions} from './rabbit-options.js'
import type {Connection} from './connection.js'

export type TopologyOptions = Pick<RabbitOptions,
  | 'amqp_durable_queues' | 'amqp_auto_delete' | 'rabbit_quorum_queue' | 'rabbit_quorum_delivery_limit'
  | 'rabbit_quroum_max_memory_length' | 'rabbit_quroum_max_memory_bytes' | 'rabbit_ha_queues'>

export interface ExchangeDeclaration {
  readonly type: string
  readonly durable: boolean
  readonly autoDelete: boolean
}

export interface QueueDeclaration {
  readonly durable: boolean
  readonly autoDelete: boolean
  readonly arguments: Readonly<Record<string, unknown>>
}

/** oslo's Connection.durable: quorum queues are durable whatever amqp_durable_queues says. */
export function osloDurable(o: TopologyOptions): boolean {
  return o.amqp_durable_queues || o.rabbit_quorum_queue
}

/** The notifier's exchange (notify_send). */
export function exchangeDeclaration(o: TopologyOptions = RABBIT_DEFAULTS): ExchangeDeclaration {
  return {type: 'topic', durable: osloDurable(o), autoDelete: o.amqp_auto_delete}
}

/** `_get_queue_arguments(rabbit_ha_queues, 0, rabbit_quorum_queue, quorum config)`. */
export function queueArguments(o: TopologyOptions = RABBIT_DEFAULTS): Record<string, unknown> {
  const args: Record<string, unknown> = {}
  if (o.rabbit_ha_queues) args['x-ha-policy'] = 'all'
  if (o.rabbit_quorum_queue) {
    args['x-queue-type'] = 'quorum'
    if (o.rabbit_quorum_delivery_limit) args['x-delivery-limit'] = o.rabbit_quorum_delivery_limit
    if (o.rabbit_quroum_max_memory_length) args['x-max-in-memory-length'] = o.rabbit_quroum_max_memory_length
    if (o.rabbit_quroum_max_memory_bytes) args['x-max-in-memory-bytes'] = o.rabbit_quroum_max_memory_bytes
  }
  return args
}

/** The default queue of a routing key (`_publish_and_creates_default_queue`): the exchange's flags. */
export function queueDeclaration(o: TopologyOptions = RABBIT_DEFAULTS): QueueDeclaration {
  return {durable: osloDurable(o), autoDelete: o.amqp_auto_delete, arguments: queueArguments(o)}
}

/** One inequivalent argument, as a 406 reports it. */
export interface Difference {
  /** `durable`, `auto_delete`, `type`, or a queue argument (`x-queue-type`, …). */
  readonly arg: string
  /** What the broker has (undefined: the argument is absent there). */
  readonly current: unknown
}

/**
 * Read RabbitMQ's 406 text: "inequivalent arg 'x-queue-type' for queue 'q'
 * in vhost '/': received none but current is the value 'quorum' of type
 * 'longstr'" (or "received 'false' but current is 'true'").
 */
export function parseInequivalent(message: string): Difference | undefined {
  const m = /inequivalent arg '([^']+)' for (?:queue|exchange) '.*?' in vhost '.*?': received .*? but current is (none|the value '(.*)' of type '(\w+)'|'(.*)')"?\s*$/s.exec(message)
  if (!m) return undefined
  const arg = m[1]!
  if (m[2] === 'none') return {arg, current: undefined}
  if (m[5] !== undefined) {
    const v = m[5]
    return {arg, current: v === 'true' ? true : v === 'false' ? false : v}
  }
  const raw = m[3]!
  const type = m[4]!
  const numeric = /^(byte|short|signedint|long|unsignedbyte|unsignedshort|unsignedint|double|float|decimal)$/.test(type)
  return {arg, current: type === 'bool' ? raw === 'true' : numeric && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw}
}

/** What a declaration looks like to the learning loop: the flags and the arguments in one record. */
type Shape = Record<string, unknown>

function queueShape(q: QueueDeclaration): Shape {
  return {durable: q.durable, auto_delete: q.autoDelete, ...q.arguments}
}

function exchangeShape(x: ExchangeDeclaration): Shape {
  return {type: x.type, durable: x.durable, auto_delete: x.autoDelete}
}

/**
 * A whole number typed as py-amqp (oslo's client) writes it in a field
 * table: a signed 32-bit int, or 64-bit beyond (amqplib would pick the
 * smallest type, so the broker would list `byte` where oslo's shows `signedint`).
 */
function wireInt(n: number): unknown {
  return Math.abs(n) <= 2147483647 ? {'!': 'int', value: n} : {'!': 'long', value: n}
}

function shapeQueue(s: Shape): Options.AssertQueue {
  const {durable, auto_delete: autoDelete, ...args} = s
  const argumentsOut: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(args)) {
    if (v !== undefined) argumentsOut[k] = typeof v === 'number' && Number.isInteger(v) ? wireInt(v) : v
  }
  return {durable: Boolean(durable), autoDelete: Boolean(autoDelete), arguments: argumentsOut}
}

function fmt(v: unknown): string {
  return v === undefined ? 'none' : String(v)
}

/** Arguments only quorum queues have (a classic queue's declare does not check them). */
const QUORUM_ONLY = ['x-delivery-limit', 'x-max-in-memory-length', 'x-max-in-memory-bytes']

/** The settings that would make oslo declare `theirs` (given what `ours` is), and what no setting can. */
export function settingsFor(kind: 'queue' | 'exchange', ours: Shape, theirs: Shape): {settings: string[], other: string[]} {
  const settings: string[] = []
  const other: string[] = []
  const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)])
  const quorumTheirs = theirs['x-queue-type'] === 'quorum'
  for (const k of keys) {
    const a = ours[k]
    const b = theirs[k]
    if (a === b) continue
    if (kind === 'queue' && !quorumTheirs && QUORUM_ONLY.includes(k)) continue
    switch (k) {
      case 'durable':
        // quorum queues are durable anyway: rabbit_quorum_queue = true says it.
        if (!(kind === 'queue' && quorumTheirs && b === true)) settings.push(`amqp_durable_queues = ${Boolean(b)}`)
        break
      case 'auto_delete': settings.push(`amqp_auto_delete = ${Boolean(b)}`); break
      case 'x-queue-type':
        if (b === 'quorum') settings.push('rabbit_quorum_queue = true')
        else if (b === undefined || b === 'classic') settings.push('rabbit_quorum_queue = false')
        else other.push(`x-queue-type = ${fmt(b)}`)
        break
      case 'x-delivery-limit': settings.push(`rabbit_quorum_delivery_limit = ${b ?? 0}`); break
      case 'x-max-in-memory-length': settings.push(`rabbit_quroum_max_memory_length = ${b ?? 0}`); break
      case 'x-max-in-memory-bytes': settings.push(`rabbit_quroum_max_memory_bytes = ${b ?? 0}`); break
      case 'x-ha-policy': settings.push(`rabbit_ha_queues = ${b === 'all'}`); break
      default: other.push(`${k} = ${fmt(b)}`)
    }
  }
  return {settings, other}
}

/** How an existing entity is declared, in words. */
function describeShape(kind: 'queue' | 'exchange', theirs: Shape): string {
  if (kind === 'exchange') {
    return `a ${theirs.type === 'topic' ? '' : `${fmt(theirs.type)} `}${theirs.durable ? 'durable' : 'transient'}${theirs.auto_delete ? ', auto-delete' : ''} exchange`
  }
  const quorum = theirs['x-queue-type'] === 'quorum'
  const type = quorum ? 'quorum' : theirs['x-queue-type'] ? fmt(theirs['x-queue-type']) : 'classic'
  const flags = quorum ? '' : `${theirs.durable ? 'durable' : 'transient'} `
  const extra = Object.entries(theirs)
    .filter(([k, v]) => k.startsWith('x-') && k !== 'x-queue-type' && k !== 'x-ha-policy' && v !== undefined && (quorum || !QUORUM_ONLY.includes(k)))
    .map(([k, v]) => `${k} = ${fmt(v)}`)
  return `a ${flags}${type} queue${theirs.auto_delete ? ' (auto-delete)' : ''}${extra.length ? ` with ${extra.join(', ')}` : ''}`
}

/** One existing entity compared with our declaration of it. */
export interface Comparison {
  readonly kind: 'queue' | 'exchange'
  readonly name: string
  readonly ours: Shape
  /** How it is declared (undefined when the broker's refusal could not be read). */
  readonly theirs?: Shape
  readonly refusal?: string
}

/**
 * The one notice for a route whose existing parts are declared otherwise:
 * what each is, and the settings (merged) that would declare like them.
 */
export function mismatchNotice(parts: readonly Comparison[]): string {
  const what: string[] = []
  const settings: string[] = []
  const other: string[] = []
  for (const p of parts) {
    if (!p.theirs) {
      what.push(`${p.kind} ${p.name} exists with other arguments than ours (${p.refusal ?? 'RabbitMQ refused our declaration'})`)
      continue
    }
    what.push(`${p.kind} ${p.name} is ${describeShape(p.kind, p.theirs)}`)
    const s = settingsFor(p.kind, p.ours, p.theirs)
    for (const x of s.settings) if (!settings.includes(x)) settings.push(x)
    for (const x of s.other) if (!other.includes(x)) other.push(x)
  }
  // rabbit_quorum_queue = true makes the exchange durable too (oslo's Connection.durable).
  const merged = settings.includes('rabbit_quorum_queue = true') ? settings.filter((x) => x !== 'amqp_durable_queues = true') : settings
  const fix = merged.length > 0 ? `; set ${merged.join(', ')} to declare like this deployment` : ''
  const beyond = other.length > 0 ? `; no oslo option declares ${other.join(', ')}` : ''
  return `${what.join(' and ')}${fix}${beyond}; using ${parts.length > 1 ? 'them' : 'it'} as ${parts.length > 1 ? 'they are' : 'it is'}`
}

/** A 404/406 closes the channel it happened on: probes run on channels of their own. */
class Probes {
  private ch?: Channel

  constructor(private readonly conn: Connection) {}

  /** Run `fn` on a probe channel; a channel error (the broker closed it) is rethrown, and the next run gets a new channel. */
  async run<T>(fn: (ch: Channel) => Promise<T>): Promise<T> {
    if (!this.ch) {
      const ch = await this.conn.createChannel()
      ch.on('error', () => { /* the failed operation rejects */ })
      ch.on('close', () => {
        if (this.ch === ch) this.ch = undefined
      })
      this.ch = ch
    }
    const ch = this.ch
    try {
      return await fn(ch)
    } catch (err) {
      if (this.ch === ch && isChannelError(err)) this.ch = undefined
      throw err
    }
  }

  async close(): Promise<void> {
    const ch = this.ch
    this.ch = undefined
    await ch?.close().catch(() => {})
  }
}

function errorText(err: unknown): string {
  return String((err as Error)?.message ?? err)
}

function isChannelError(err: unknown): boolean {
  return /\b(404|405|406|403)\b|NOT.FOUND|PRECONDITION|RESOURCE.LOCKED|ACCESS.REFUSED/.test(errorText(err))
}

function isNotFound(err: unknown): boolean {
  return /\b404\b|NOT.FOUND/.test(errorText(err))
}

function isAccessRefused(err: unknown): boolean {
  return /\b403\b|ACCESS.REFUSED/.test(errorText(err))
}

function isPrecondition(err: unknown): boolean {
  return /\b406\b|PRECONDITION/.test(errorText(err))
}

/** RabbitMQ's own words from an amqplib error: the text after "with message". */
function brokerWords(err: unknown): string {
  const m = /with message "(.*)"/.exec(errorText(err))
  return (m?.[1] ?? errorText(err).split('\n')[0]!).replace(/^[A-Z_]+ - /, '')
}

/** At most this many probes to learn one entity (each learns one argument). */
const MAX_PROBES = 8

export interface TopologyHooks {
  /** Told once per entity that exists with other arguments than ours. */
  readonly onNotice?: (message: string) => void
  /** Names already noticed (shared across reconnects, so a notice is given once per process). */
  readonly noticed?: Set<string>
}

/**
 * The topology of one connection: what was checked, declared or learned on
 * it. Make a new one per connection (a reconnect re-checks everything, as
 * oslo re-declares after a reconnect).
 */
export class Topology {
  private readonly probes: Probes
  private exchangeReady = false
  private readonly routed = new Set<string>()

  constructor(conn: Connection, private readonly exchange: string, private readonly o: TopologyOptions, private readonly hooks: TopologyHooks = {}) {
    this.probes = new Probes(conn)
  }

  /** Whether a queue or exchange exists (a passive declare: a 404 says no). */
  private async exists(kind: 'queue' | 'exchange', name: string): Promise<boolean> {
    try {
      await this.probes.run((ch) => kind === 'queue' ? ch.checkQueue(name) : ch.checkExchange(name))
      return true
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }

  /**
   * Learn how an existing entity is declared, starting from ours: each 406
   * names one argument the broker has otherwise; adopt it and ask again.
   * Returns ours when equal, theirs when learned, undefined when the
   * broker's refusal could not be read (then `refusal` says what it said).
   */
  private async learn(kind: 'queue' | 'exchange', name: string, ours: Shape): Promise<{theirs?: Shape, refusal?: string}> {
    let candidate: Shape = {...ours}
    for (let i = 0; i < MAX_PROBES; i++) {
      try {
        await this.probes.run(async (ch): Promise<void> => {
          if (kind === 'queue') await ch.assertQueue(name, shapeQueue(candidate))
          else await ch.assertExchange(name, String(candidate.type), {durable: Boolean(candidate.durable), autoDelete: Boolean(candidate.auto_delete)})
        })
        return {theirs: candidate}
      } catch (err) {
        if (!isPrecondition(err)) throw err
        const d = parseInequivalent(errorText(err))
        if (!d || (d.arg in candidate && candidate[d.arg] === d.current)) return {refusal: brokerWords(err)}
        candidate = {...candidate, [d.arg]: d.current}
      }
    }
    return {refusal: 'too many differences to list'}
  }

  private same(a: Shape, b: Shape): boolean {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of keys) if (a[k] !== b[k]) return false
    return true
  }

  /** Compare an existing entity with ours; undefined when they are declared alike. */
  private async compare(kind: 'queue' | 'exchange', name: string, ours: Shape): Promise<Comparison | undefined> {
    let learned: {theirs?: Shape, refusal?: string}
    try {
      learned = await this.learn(kind, name, ours)
    } catch (err) {
      // A user without the configure permission may still publish to what exists: use it unexamined.
      if (isAccessRefused(err)) return undefined
      throw err
    }
    const {theirs, refusal} = learned
    if (theirs && kind === 'queue' && theirs['x-queue-type'] !== 'quorum') {
      // A classic queue's declare does not check quorum arguments: they were never learned.
      for (const k of QUORUM_ONLY) delete theirs[k]
    }
    if (theirs && this.same(theirs, ours)) return undefined
    return {kind, name, ours, theirs, refusal}
  }

  /**
   * The exchange: used as it is when it exists, else declared as oslo
   * would. Returns whether it was created, and how it differs from ours
   * (when asked to look).
   */
  async ensureExchange(learnDifferences = true): Promise<{created: boolean, differs?: Comparison}> {
    if (this.exchangeReady) return {created: false}
    const ours = exchangeDeclaration(this.o)
    let created = false
    let differs: Comparison | undefined
    if (await this.exists('exchange', this.exchange)) {
      if (learnDifferences) differs = await this.compare('exchange', this.exchange, exchangeShape(ours))
    } else {
      await this.probes.run((ch) => ch.assertExchange(this.exchange, ours.type, {durable: ours.durable, autoDelete: ours.autoDelete}))
      created = true
    }
    this.exchangeReady = true
    return {created, differs}
  }

  /**
   * Exchange, queue `key` and their binding, as oslo's first notification
   * on `key` declares them (once per connection); one notice if what exists
   * differs from ours. Rolls back what it created if a later step fails.
   */
  async ensureRoute(key: string): Promise<void> {
    if (this.routed.has(key)) return
    const created: Array<() => Promise<unknown>> = []
    const differs: Comparison[] = []
    try {
      const x = await this.ensureExchange()
      if (x.created) created.push(() => this.probes.run((ch) => ch.deleteExchange(this.exchange, {ifUnused: true})))
      if (x.differs && !this.hooks.noticed?.has(`exchange ${this.exchange}`)) differs.push(x.differs)
      const ours = queueDeclaration(this.o)
      if (await this.exists('queue', key)) {
        const q = await this.compare('queue', key, queueShape(ours))
        if (q && !this.hooks.noticed?.has(`queue ${key}`)) differs.push(q)
      } else {
        await this.probes.run((ch) => ch.assertQueue(key, shapeQueue(queueShape(ours))))
        created.push(() => this.probes.run((ch) => ch.deleteQueue(key, {ifEmpty: true})))
      }
      await this.probes.run((ch) => ch.bindQueue(key, this.exchange, key)).catch((err: unknown) => {
        // An existing queue we may not bind is the deployment's: its own binding routes our messages.
        if (!(isAccessRefused(err) && created.length === 0)) throw err
      })
    } catch (err) {
      for (const undo of created.reverse()) await undo().catch(() => {})
      this.exchangeReady = false
      throw err
    }
    this.routed.add(key)
    if (differs.length > 0) {
      for (const d of differs) this.hooks.noticed?.add(`${d.kind} ${d.name}`)
      this.hooks.onNotice?.(mismatchNotice(differs))
    }
  }

  /** Whether `key`'s route is declared on this connection. */
  isRouted(key: string): boolean {
    return this.routed.has(key)
  }

  /**
   * An existing queue named by the user (`tail --queue`): checked, never
   * declared. Returns false when it does not exist.
   */
  existingQueue(name: string): Promise<boolean> {
    return this.exists('queue', name)
  }

  /** Close the probe channel (the connection stays). */
  close(): Promise<void> {
    return this.probes.close()
  }
}

/** A message for a declare the broker refused for another reason than a difference (access, limits). */
export function declareRefused(what: string, err: unknown): string {
  return `cannot declare ${what}: ${brokerWords(err)}`
}
