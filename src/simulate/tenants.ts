/**
 * Simulated tenants and how `--worker I/N` partitions them. Tenant k (0…T−1
 * over the whole run) belongs to worker (k mod N) + 1, and everything about
 * it — its project and user ids, the ids in its payloads, its decisions —
 * comes from seeded streams named after the seed and k. So:
 *   - a tenant's requests are the same whatever the concurrency (each
 *     tenant has its own streams and runs one request at a time);
 *   - N workers with the same seed produce disjoint streams (disjoint
 *     tenants, ids from different streams), each reproducible on its own.
 */
import type {Driver} from '../messaging/notifier.js'
import {Notifier} from '../messaging/notifier.js'
import {UsageError} from '../util/errors.js'
import {type Clock, type IdSource, seededIds} from '../util/runtime.js'
import type {NameSource} from './registry.js'
import type {Bindings} from './scenario.js'
import {Rng} from './world.js'

export interface WorkerSpec {
  /** 1-based. */
  readonly index: number
  readonly count: number
}

/** `I/N` with 1 ≤ I ≤ N. */
export function parseWorker(text: string): WorkerSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--worker "${text}" is not I/N with 1 ≤ I ≤ N`, 'e.g. --worker 1/4 on the first of four simulators (same --seed and --tenants on all)')
  }
  return {index, count}
}

/** Global indexes of the tenants a worker simulates. */
export function workerTenantIndexes(total: number, worker: WorkerSpec): number[] {
  const out: number[] = []
  for (let k = worker.index - 1; k < total; k += worker.count) out.push(k)
  return out
}

/** A stream derived from the seed: same seed and label, same stream. */
export function stream(seed: string, label: string): IdSource {
  return seededIds(`${seed}\u0000${label}`)
}

/** One simulated tenant: who it is, its seeded streams, its names, and its place in the request queue. */
export class SimTenant implements NameSource {
  readonly id: string
  readonly userId: string
  /** Ids in its payloads (request ids, instance ids, message ids…). */
  readonly ids: IdSource
  /** Its decisions (which request, which arguments, injected failures). */
  readonly rng: Rng
  readonly notifier: Notifier
  /** What its scenario steps created (`as:`). */
  readonly bindings: Bindings = new Map()
  /** The end of its last queued request: a tenant runs one request at a time, in order. */
  tail: Promise<void> = Promise.resolve()
  private names = 0

  constructor(readonly index: number, seed: string, driver: Driver, topics: readonly string[], clock: Clock) {
    const who = stream(seed, `tenant ${index}`)
    this.id = who.hex()
    this.userId = who.hex()
    this.ids = stream(seed, `ids ${index}`)
    this.rng = new Rng(stream(seed, `plan ${index}`))
    this.notifier = new Notifier({driver, topics, clock, ids: this.ids})
  }

  /** `shop-7`: names unique within the tenant, the same run to run. */
  next(prefix: string): string {
    return `${prefix}-${++this.names}`
  }
}
