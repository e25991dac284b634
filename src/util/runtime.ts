/**
 * The runtime the simulation depends on, injectable so that `simulate --seed`
 * is reproducible: a clock, a sleep, and a source of ids and random numbers.
 */
import {randomBytes, randomUUID} from 'node:crypto'
import {existsSync, watch} from 'node:fs'
import {basename, dirname} from 'node:path'

export interface Clock {
  now(): Date
  /** Wait `ms` of simulated time (a scaled clock waits less real time). */
  sleep(ms: number): Promise<void>
}

/** Ids and random numbers: uuid4 strings, 32-hex unique ids, sub-ms digits. */
export interface IdSource {
  uuid(): string
  hex(): string
  /** 0–999: the microsecond digits JS's millisecond clock lacks. */
  micros(): number
  /** A float in [0, 1). */
  random(): number
}

export const realClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
}

/** Wait `ms` on `clock`, returning early (without error) when `signal` aborts. */
export function sleepUnlessAborted(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve()
  if (!signal) return clock.sleep(ms)
  if (clock === realClock) {
    // A real timer can be cancelled, so Ctrl-C does not wait out an hour-long interval.
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      signal.addEventListener('abort', done, {once: true})
    })
  }
  return new Promise((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, {once: true})
    void clock.sleep(ms).then(done)
  })
}

/** Resolves once `file` exists (watching its directory: no polling). */
function fileExists(file: string): Promise<void> {
  if (existsSync(file)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(file), (_event, name) => {
      if ((name === null || name === basename(file)) && existsSync(file)) {
        watcher.close()
        resolve()
      }
    })
    watcher.on('error', reject)
    if (existsSync(file)) { // created between the first look and the watch
      watcher.close()
      resolve()
    }
  })
}

/**
 * A test hook, so tests never race the machine's speed: with
 * TROVE_NOTIFY_WORK_GATE=FILE, the simulated work of an operation (each
 * `sleep`) ends only once FILE exists — a test holds an operation in the
 * middle of its work for as long as it looks, then creates FILE. Without
 * it, `clock` itself.
 */
export function workClock(clock: Clock, env: NodeJS.ProcessEnv = process.env): Clock {
  const gate = env.TROVE_NOTIFY_WORK_GATE
  if (!gate) return clock
  return {now: () => clock.now(), sleep: async (ms) => {
    await clock.sleep(ms)
    await fileExists(gate)
  }}
}

/** A clock whose time runs `scale` times faster than real time from `start`. */
export function scaledClock(scale: number, start = new Date()): Clock {
  const real0 = Date.now()
  const sim0 = start.getTime()
  return {
    now: () => new Date(sim0 + (Date.now() - real0) * scale),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / scale))),
  }
}

export const randomIds: IdSource = {
  uuid: () => randomUUID(),
  hex: () => randomBytes(16).toString('hex'),
  micros: () => Math.floor(Math.random() * 1000),
  random: () => Math.random(),
}

/** sfc32: a small, fast, well-mixed 32-bit PRNG. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
}

/** Hash a string seed into four 32-bit words (cyrb128). */
function seedWords(seed: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}

const HEX = Array.from({length: 256}, (_, i) => i.toString(16).padStart(2, '0'))

/** Eight hex digits of a 32-bit word, low byte first (the byte order ids were always built in). */
function hex8(w: number): string {
  return HEX[w & 255]! + HEX[(w >>> 8) & 255]! + HEX[(w >>> 16) & 255]! + HEX[(w >>> 24) & 255]!
}

/**
 * A reproducible IdSource: the same seed gives the same ids in the same
 * order. Ids are built straight from the generator's 32-bit words (no byte
 * arrays): simulate makes several per notification.
 */
export function seededIds(seed: string | number): IdSource {
  const next = sfc32(...seedWords(String(seed)))
  for (let i = 0; i < 12; i++) next()
  return {
    uuid: () => {
      const w0 = next()
      const w1 = next()
      // byte 6 (low byte of w1's upper half) gets version 4; byte 8 (low byte of w2) the variant bits
      const v1 = (w1 & 0xff00ffff) | ((((w1 >>> 16) & 0x0f) | 0x40) << 16)
      const w2 = next()
      const v2 = (w2 & 0xffffff00) | ((w2 & 0x3f) | 0x80)
      const w3 = next()
      const a = hex8(w0)
      const b = hex8(v1 >>> 0)
      const c = hex8(v2 >>> 0)
      const d = hex8(w3)
      return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`
    },
    hex: () => hex8(next()) + hex8(next()) + hex8(next()) + hex8(next()),
    micros: () => next() % 1000,
    random: () => next() / 4294967296,
  }
}
