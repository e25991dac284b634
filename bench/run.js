// `npm run bench`: ratios measured in this run, on this machine, against the
// same broker — never pass/fail. Prints the machine, then:
//   1. simulate's confirmed notifications/s vs a raw amqplib confirm publisher
//      sending the same number of bodies of the same size (target ≥ 0.5),
//      with one simulation thread and with one per core (--threads);
//   2. wall time of `instance create --delay 0` vs `node -e 0`, with a
//      throwaway world (`:memory:`, the memory backend) and with a state file
//      (SQLite);
//   3. peak RSS of simulate for 1,000,000 vs 100,000 notifications, noop
//      driver (target ≤ 1.2);
//   4. tail's consume rate vs the publish rate (bench/tail-rate.js);
//   5. the cost of watching: simulate with --metrics-port and --metrics-file
//      vs the same run (same seed) without, and a latency record into the
//      HdrHistogram vs the log-bucket histogram it replaced;
//   6. simulate's CPU per notification with its own world in memory (the
//      memory backend) vs the same run on an SQLite file, same seed, noop
//      driver (target ≤ 0.5);
//   7. replay --rate 0 of a ≥ 1,000,000-notification recording vs the raw
//      publisher sending its bodies (target ≥ 0.9), replay's peak RSS for
//      1,000,000 vs 100,000 messages (target ≤ 1.1), and check's rate vs
//      tail --check reading the same messages.
// Environment: TROVE_NOTIFY_URL (default the local broker), BENCH_SCALE
// (e.g. 0.1 for a quick look: every count scaled down), BENCH_ONLY (e.g.
// 1,7: only those sections; line 1's watched run is part of section 1).
import amqp from 'amqplib'
import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync} from 'node:fs'
import {cpus, freemem, tmpdir, totalmem} from 'node:os'
import {dirname, join} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const BIN = join(HERE, '..', 'bin', 'run.js')
const URL = process.env.TROVE_NOTIFY_URL ?? 'amqp://guest:guest@127.0.0.1:5672/'
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const scaled = (n) => Math.max(1, Math.round(n * SCALE))
/** BENCH_ONLY=7 (or 1,3…) runs only those sections. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((x) => x.trim()).filter(Boolean)
const wanted = (section) => !ONLY || ONLY.includes(section)

/** The CLI's environment without the user's settings (their config must not skew the figures). */
function env() {
  const home = mkdtempSync(join(tmpdir(), 'tn-bench-home-'))
  const e = {...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'c'), XDG_DATA_HOME: join(home, 'd'), NO_COLOR: '1'}
  for (const k of ['TROVE_NOTIFY_URL', 'TROVE_NOTIFY_CONFIG', 'TROVE_NOTIFY_STATE', 'DEBUG', 'TROVE_NOTIFY_DEBUG']) delete e[k]
  return e
}

/** Run a command; resolves {code, stdout, stderr, ms}. */
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(cmd, args, {env: env(), stdio: ['ignore', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr, ms: performance.now() - t0}))
  })
}

/** `trove-notify simulate ... --json` → its report (throws with the output when it fails). */
async function simulate(args) {
  const r = await run(process.execPath, [BIN, 'simulate', ...args, '--json'])
  if (r.code !== 0) throw new Error(`simulate ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-2000)}`)
  return JSON.parse(r.stdout)
}

/**
 * The pid of the local process listening on the broker's port (its RabbitMQ
 * node; other nodes on this machine, e.g. tests' private brokers, are not
 * it), from /proc; undefined when the broker is not on this machine.
 */
function brokerPid() {
  const port = Number(/:(\d+)\/?[^:]*$/.exec(URL.replace(/\/[^/]*$/, ''))?.[1] ?? 5672)
  try {
    const hex = port.toString(16).toUpperCase().padStart(4, '0')
    const inodes = new Set()
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text = ''
      try { text = readFileSync(table, 'utf8') } catch { continue }
      for (const line of text.split('\n').slice(1)) {
        const f = line.trim().split(/\s+/)
        if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9])
      }
    }
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      let fds
      try { fds = readdirSync(`/proc/${pid}/fd`) } catch { continue }
      for (const fd of fds) {
        let link
        try { link = readlinkSync(`/proc/${pid}/fd/${fd}`) } catch { continue }
        const m = /^socket:\[(\d+)\]$/.exec(link)
        if (m && inodes.has(m[1])) return pid
      }
    }
  } catch { /* no /proc */ }
  return undefined
}

let brokerPidCache
/**
 * CPU seconds (user + system) the local RabbitMQ node has used so far, read
 * from /proc; undefined when the broker is not on this machine.
 */
function brokerCpuSeconds() {
  brokerPidCache ??= brokerPid() ?? null
  if (!brokerPidCache) return undefined
  try {
    const stat = readFileSync(`/proc/${brokerPidCache}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined
  }
}

/** Run `fn`, measuring the broker's CPU seconds over it (undefined when the broker is not local). */
async function withBrokerCpu(fn) {
  const before = brokerCpuSeconds()
  const result = await fn()
  const after = brokerCpuSeconds()
  return {result, brokerCpuS: before === undefined || after === undefined ? undefined : after - before}
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (x, d = 0) => Number(x).toLocaleString('en-US', {maximumFractionDigits: d, minimumFractionDigits: d})

/** A private exchange + topic on the broker, deleted afterwards. */
async function privateTopic(conn, label) {
  const id = randomBytes(4).toString('hex')
  const exchange = `tn_bench_${label}_${id}`
  const topic = `tn_bench_${label}_${id}`
  return {
    exchange, topic, queues: [`${topic}.info`, `${topic}.error`],
    async cleanup() {
      const ch = await conn.createChannel()
      for (const q of [`${topic}.info`, `${topic}.error`]) await ch.deleteQueue(q).catch(() => {})
      await ch.deleteExchange(exchange).catch(() => {})
      await ch.close().catch(() => {})
    },
  }
}

/** Sizes of (up to) `n` bodies waiting on a queue, read without taking them from anyone else's (it is ours). */
async function bodySizes(conn, queue, n) {
  const ch = await conn.createChannel()
  const sizes = []
  for (let i = 0; i < n; i++) {
    const m = await ch.get(queue, {noAck: true})
    if (!m) break
    sizes.push(m.content.length)
  }
  await ch.close()
  return sizes
}

/**
 * The baseline: raw amqplib on a confirm channel, `count` bodies of `size`
 * bytes with the same AMQP properties, at most `window` unconfirmed (the
 * simulator's publisher window), to a queue bound like oslo's. With
 * `sample` ([{suffix, body}]) it sends those bodies, cycling, each to
 * `<topic>.<suffix>` (the replay bench: a recording's own bodies).
 */
async function rawPublish(conn, count, size, window = 5000, sample = undefined) {
  const t = await privateTopic(conn, 'raw')
  const ch = await conn.createConfirmChannel()
  await ch.assertExchange(t.exchange, 'topic', {durable: false, autoDelete: false})
  for (const key of t.queues) {
    await ch.assertQueue(key, {durable: false, autoDelete: false})
    await ch.bindQueue(key, t.exchange, key)
  }
  const messages = (sample ?? [{suffix: 'info', body: Buffer.alloc(size, 'x')}]).map((s) => ({key: `${t.topic}.${s.suffix}`, body: s.body}))
  const props = {contentType: 'application/json', contentEncoding: 'utf-8', headers: {}, deliveryMode: 2, priority: 0}
  let sent = 0
  let confirmed = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  let draining = false
  await new Promise((resolve, reject) => {
    const pump = () => {
      if (draining) return
      while (sent < count && sent - confirmed < window) {
        const {key, body} = messages[sent % messages.length]
        sent++
        const room = ch.publish(t.exchange, key, body, props, (err) => {
          if (err) return reject(err)
          if (++confirmed === count) resolve()
          else if (sent < count && sent - confirmed === Math.floor(window / 2)) pump()
        })
        if (!room) {
          // One wait for 'drain' at a time (a confirm may call pump meanwhile).
          draining = true
          ch.once('drain', () => {
            draining = false
            pump()
          })
          return
        }
      }
    }
    pump()
  })
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  await ch.close()
  await t.cleanup()
  return {count, size, seconds, perSecond: count / seconds, cpuUsPerMessage: (cpu.user + cpu.system) / count}
}

async function machine(conn) {
  const c = cpus()
  const server = conn.connection?.serverProperties ?? {}
  return {
    cpus: `${c.length} × ${c[0]?.model?.trim() ?? 'unknown'}`,
    ram: `${fmt(totalmem() / 2 ** 30, 1)} GiB (${fmt(freemem() / 2 ** 30, 1)} GiB free)`,
    node: process.version,
    rabbitmq: `${server.product ?? 'RabbitMQ'} ${server.version ?? '?'} at ${URL.replace(/:[^:@/]*@/, ':***@')}`,
  }
}

async function throughput(conn) {
  const ops = scaled(40_000)
  const t = await privateTopic(conn, 'sim')
  try {
    // Warm the broker (and the page cache) once, then measure both the same way.
    await rawPublish(conn, scaled(20_000), 1400)
    const {result: report, brokerCpuS} = await withBrokerCpu(() => simulate(['--url', URL, '--exchange', t.exchange, '--topics', t.topic,
      '--operations', String(ops), '--tenants', '100', '--seed', 'bench']))
    const sizes = await bodySizes(conn, t.queues[0], 2000)
    const size = Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length)
    await t.cleanup()
    // The same run watched: a Prometheus endpoint and a metrics file (a row per second).
    const tm = await privateTopic(conn, 'simm')
    const metricsDir = mkdtempSync(join(tmpdir(), 'tn-bench-metrics-'))
    let watched
    try {
      watched = await simulate(['--url', URL, '--exchange', tm.exchange, '--topics', tm.topic,
        '--operations', String(ops), '--tenants', '100', '--seed', 'bench', '--metrics-port', '0', '--metrics-file', join(metricsDir, 'm.csv')])
    } finally {
      await tm.cleanup()
      rmSync(metricsDir, {recursive: true, force: true})
    }
    // The same run with one simulation thread per core (--threads): what one process can do on this machine.
    const threads = cpus().length
    let threaded
    if (threads > 1) {
      const tt = await privateTopic(conn, 'simt')
      try {
        threaded = await simulate(['--url', URL, '--exchange', tt.exchange, '--topics', tt.topic,
          '--operations', String(ops), '--tenants', '100', '--seed', 'bench', '--threads', String(threads)])
      } finally {
        await tt.cleanup()
      }
    }
    // Twice, averaged: the broker's pace drifts a little from one run to the next.
    const raw = []
    let rawBrokerCpuS = 0
    for (let i = 0; i < 2; i++) {
      const r = await withBrokerCpu(() => rawPublish(conn, report.notifications.confirmed, size))
      raw.push(r.result)
      rawBrokerCpuS = r.brokerCpuS === undefined ? undefined : rawBrokerCpuS + r.brokerCpuS
    }
    const rawPerSecond = (raw[0].perSecond + raw[1].perSecond) / 2
    const n = report.notifications.confirmed
    return {
      ops, confirmed: n, size,
      simPerSecond: report.notifications.per_second, rawPerSecond, rawRuns: raw.map((x) => x.perSecond),
      ratio: report.notifications.per_second / rawPerSecond,
      threads, threadedPerSecond: threaded?.notifications.per_second, threadedCpuUs: threaded?.cpu_us_per_notification,
      confirmP99: report.confirm_latency_ms.p99,
      watchedPerSecond: watched.notifications.per_second, watchedCpuUs: watched.cpu_us_per_notification,
      // CPU per message: the simulator's process (all threads), the raw publisher, and the broker under each.
      simCpuUs: report.cpu_us_per_notification,
      rawCpuUs: (raw[0].cpuUsPerMessage + raw[1].cpuUsPerMessage) / 2,
      brokerSimUs: brokerCpuS === undefined ? undefined : brokerCpuS * 1e6 / n,
      brokerRawUs: rawBrokerCpuS === undefined ? undefined : rawBrokerCpuS * 1e6 / (2 * n),
    }
  } finally {
    await t.cleanup()
  }
}

async function startup(conn) {
  const t = await privateTopic(conn, 'start')
  // A world file that exists (a command's usual case), with room for the instances created here.
  const file = join(mkdtempSync(join(tmpdir(), 'tn-bench-state-')), 'state.db')
  try {
    const node = []
    const memory = []
    const sqlite = []
    const create = async (i, state) => {
      const r = await run(process.execPath, [BIN, 'instance', 'create', `db${i}`, '2', '--delay', '0', '--state', state,
        '--tenant', `bench-${i}`, '--url', URL, '--exchange', t.exchange, '--topics', t.topic])
      if (r.code !== 0) throw new Error(`instance create exited ${r.code}: ${r.stderr}`)
      return r.ms
    }
    await create(-1, file)
    for (let i = 0; i < 5; i++) {
      node.push((await run(process.execPath, ['-e', '0'])).ms)
      memory.push(await create(i, ':memory:'))
      sqlite.push(await create(i, file))
    }
    return {nodeMs: median(node), memoryMs: median(memory), sqliteMs: median(sqlite),
      ratio: median(memory) / median(node), sqliteRatio: median(sqlite) / median(node)}
  } finally {
    await t.cleanup()
  }
}

/**
 * simulate's CPU per notification (process.cpuUsage of the whole run, noop
 * driver) with its own world in memory vs on an SQLite file, same seed and
 * requests; two rounds, alternating, the median of each.
 */
async function backends() {
  const ops = String(scaled(40_000))
  const memory = []
  const sqlite = []
  let notifications
  for (let i = 0; i < 2; i++) {
    const m = await simulate(['--driver', 'noop', '--operations', ops, '--tenants', '100', '--seed', 'bench'])
    const file = join(mkdtempSync(join(tmpdir(), 'tn-bench-sim-')), 'state.db')
    const s = await simulate(['--driver', 'noop', '--operations', ops, '--tenants', '100', '--seed', 'bench', '--state', file])
    if (m.notifications.confirmed !== s.notifications.confirmed) throw new Error('bug: the two backends published different streams')
    notifications = m.notifications.confirmed
    memory.push(m.cpu_us_per_notification)
    sqlite.push(s.cpu_us_per_notification)
  }
  const lo = (xs) => Math.min(...xs)
  return {ops, notifications, memoryUs: lo(memory), sqliteUs: lo(sqlite), ratio: lo(memory) / lo(sqlite), memory, sqlite}
}

async function memory() {
  // Operations per notification, from a short run; then runs sized to ~100k and ~1M notifications.
  const probe = await simulate(['--driver', 'noop', '--operations', '5000', '--tenants', '100', '--seed', 'rss'])
  const perOp = probe.notifications.confirmed / probe.requests
  const small = await simulate(['--driver', 'noop', '--operations', String(Math.round(scaled(100_000) / perOp)), '--tenants', '100', '--seed', 'rss'])
  const large = await simulate(['--driver', 'noop', '--operations', String(Math.round(scaled(1_000_000) / perOp)), '--tenants', '100', '--seed', 'rss'])
  return {
    small: {notifications: small.notifications.confirmed, rssMb: small.peak_rss_mb, perSecond: small.notifications.per_second},
    large: {notifications: large.notifications.confirmed, rssMb: large.peak_rss_mb, perSecond: large.notifications.per_second},
    ratio: large.peak_rss_mb / small.peak_rss_mb,
  }
}

/** The number of lines of a file, counted as a stream. */
async function lineCount(file) {
  let n = 0
  for await (const chunk of createReadStream(file)) for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) n++
  return n
}

/** The first `n` lines of `from` written to `to`; and the first `k` bodies with their priority suffix (for the raw baseline). */
async function headOf(from, to, n, k) {
  const out = createWriteStream(to)
  const sample = []
  let i = 0
  const rl = createInterface({input: createReadStream(from), crlfDelay: Infinity})
  for await (const line of rl) {
    if (i < n && !out.write(line + '\n')) await new Promise((r) => out.once('drain', r))
    if (i < k) {
      const o = JSON.parse(line)
      sample.push({suffix: o.routing_key.slice(o.routing_key.lastIndexOf('.') + 1), body: Buffer.from(o.body, 'utf8')})
    }
    if (++i >= Math.max(n, k)) break
  }
  rl.close()
  await new Promise((r) => out.end(r))
  return sample
}

/** `trove-notify replay ... --json` → its report. */
async function replay(args) {
  const r = await run(process.execPath, [BIN, 'replay', ...args, '--json'])
  if (r.code !== 0) throw new Error(`replay ${args.join(' ')} exited ${r.code}: ${r.stderr.slice(-2000)}`)
  return JSON.parse(r.stdout)
}

/**
 * 7. replay: a recording of ≥ 1,000,000 notifications made by `simulate
 * --driver log`, played with `--rate 0` vs the raw publisher sending the
 * same bodies (the recording's first 50,000, cycled, each to its priority's
 * queue) with the same window; replay's peak RSS for the whole file vs its
 * first 100,000 lines; `check` over the file vs `tail --check` reading the
 * first 100,000 (replayed onto a queue first) as fast as it can.
 */
async function replayBench(conn) {
  const dir = mkdtempSync(join(tmpdir(), 'tn-bench-replay-'))
  try {
    const target = scaled(1_000_000)
    const probe = await simulate(['--driver', 'noop', '--operations', '5000', '--tenants', '100', '--seed', 'replay'])
    const perOp = probe.notifications.confirmed / probe.requests
    const big = join(dir, 'big.jsonl')
    const t0 = performance.now()
    // At least `target` notifications: topped up (the log file is appended to) if the mix gave fewer.
    let n = 0
    for (let round = 0; n < target; round++) {
      await simulate(['--driver', 'log', '--log-file', big, '--operations', String(Math.ceil((target - n) * 1.05 / perOp) + 10),
        '--tenants', '100', '--seed', `replay-${round}`])
      n = await lineCount(big)
    }
    const madeS = (performance.now() - t0) / 1000
    const small = join(dir, 'small.jsonl')
    const smallN = Math.min(n, scaled(100_000))
    const sample = await headOf(big, small, smallN, Math.min(n, 50_000))
    const size = Math.round(sample.reduce((s, x) => s + x.body.length, 0) / sample.length)
    // Raw, replay, raw, replay, raw: the broker's pace drifts (on a shared machine by 2× within minutes), so
    // each replay is compared with the mean of the raw runs around it, and the mean of those ratios is given.
    const raws = []
    const reps = []
    let rawBrokerS = 0
    let repBrokerS = 0
    const rawRun = async () => {
      const r = await withBrokerCpu(() => rawPublish(conn, n, size, 5000, sample))
      raws.push(r.result)
      rawBrokerS = rawBrokerS === undefined || r.brokerCpuS === undefined ? undefined : rawBrokerS + r.brokerCpuS
    }
    await rawRun()
    for (let round = 0; round < 2; round++) {
      const t = await privateTopic(conn, 'replay')
      try {
        const w = await withBrokerCpu(() => replay([big, '--rate', '0', '--url', URL, '--exchange', t.exchange, '--topics', t.topic]))
        reps.push(w.result)
        repBrokerS = repBrokerS === undefined || w.brokerCpuS === undefined ? undefined : repBrokerS + w.brokerCpuS
      } finally {
        await t.cleanup()
      }
      await rawRun()
    }
    const ratios = reps.map((rep, i) => rep.notifications.per_second / ((raws[i].perSecond + raws[i + 1].perSecond) / 2))
    const rawPerSecond = raws.reduce((a, x) => a + x.perSecond, 0) / raws.length
    const replayPerSecond = reps.reduce((a, x) => a + x.notifications.per_second, 0) / reps.length
    const rep = reps[0]
    const ts = await privateTopic(conn, 'replays')
    let repSmall
    try {
      repSmall = await replay([small, '--rate', '0', '--url', URL, '--exchange', ts.exchange, '--topics', ts.topic])
    } finally {
      await ts.cleanup()
    }
    // check over the big file, offline; tail --check over the 100,000 waiting on a queue (as fast as it reads).
    // Both rates are of the whole CLI run less a bare node's start.
    const node = (await run(process.execPath, ['-e', '0'])).ms
    const c = await run(process.execPath, [BIN, 'check', big, '--quiet'])
    if (c.code !== 0 && c.code !== 1) throw new Error(`check exited ${c.code}: ${c.stderr.slice(-2000)}`)
    const checkPerSecond = n / ((c.ms - node) / 1000)
    const tt = await privateTopic(conn, 'tailcheck')
    let tailPerSecond
    try {
      await replay([small, '--rate', '0', '--url', URL, '--exchange', tt.exchange, '--topics', tt.topic])
      const ch = await conn.createChannel()
      const waiting = (await ch.checkQueue(tt.queues[0])).messageCount
      await ch.close()
      const {benchTailCheck} = await import('./tail-rate.js')
      tailPerSecond = waiting / ((await benchTailCheck({url: URL, queue: tt.queues[0], count: waiting}) - node) / 1000)
    } finally {
      await tt.cleanup()
    }
    return {
      n, madeS, size, smallN, rawPerSecond, rawRuns: raws.map((x) => x.perSecond), rawCpuUs: raws.reduce((a, x) => a + x.cpuUsPerMessage, 0) / raws.length,
      replayPerSecond, replayRuns: reps.map((x) => x.notifications.per_second), ratios, ratio: ratios.reduce((a, x) => a + x, 0) / ratios.length,
      replayCpuUs: reps.reduce((a, x) => a + x.cpu_us_per_notification, 0) / reps.length,
      brokerReplayUs: repBrokerS === undefined ? undefined : repBrokerS * 1e6 / (reps.length * n),
      brokerRawUs: rawBrokerS === undefined ? undefined : rawBrokerS * 1e6 / (raws.length * n),
      rssBig: rep.peak_rss_mb, rssSmall: repSmall.peak_rss_mb, rssRatio: rep.peak_rss_mb / repSmall.peak_rss_mb,
      checkPerSecond, tailPerSecond, checkVsTail: checkPerSecond / tailPerSecond,
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

async function tail() {
  const file = join(HERE, 'tail-rate.js')
  if (!existsSync(file)) return {skipped: 'bench/tail-rate.js is not in this build'}
  const {benchTailRate} = await import('./tail-rate.js')
  return benchTailRate({url: URL, count: scaled(50_000)})
}

/**
 * ns per recorded value: the HdrHistogram the simulator records latencies in
 * vs the log-bucket histogram (2 % buckets) it replaced, on the same values.
 */
async function histogramCost() {
  const {LatencyHistogram} = await import('../dist/metrics/histogram.js')
  const counts = new Float64Array(1400)
  const logBucket = (v) => {
    const i = v <= 0.01 ? 0 : Math.min(1399, 1 + Math.floor(Math.log(v / 0.01) / Math.log(1.02)))
    counts[i]++
  }
  const values = Float64Array.from({length: 1_000_000}, (_, i) => 0.2 + ((i * 7919) % 10_000) / 400)
  const time = (record) => {
    for (let w = 0; w < 2; w++) for (const v of values) record(v) // warm up
    const t0 = performance.now()
    for (let k = 0; k < 3; k++) for (const v of values) record(v)
    return ((performance.now() - t0) * 1e6) / (3 * values.length)
  }
  const h = new LatencyHistogram()
  return {hdrNs: time((v) => h.record(v)), logNs: time(logBucket)}
}

const conn = await amqp.connect(URL)
try {
  const m = await machine(conn)
  console.log('trove-notify benchmark (ratios from one run on this machine and broker; not pass/fail)')
  console.log(`machine:  ${m.cpus}; RAM ${m.ram}; node ${m.node}; ${m.rabbitmq}`)
  if (SCALE !== 1) console.log(`scale:    BENCH_SCALE=${SCALE} (counts scaled)`)
  const pkg = JSON.parse(readFileSync(join(HERE, '..', 'package.json'), 'utf8'))
  console.log(`version:  trove-notify ${pkg.version}\n`)

  if (wanted('1')) {
    const tp = await throughput(conn)
    console.log(`1. throughput  simulate ${fmt(tp.simPerSecond)} confirmed notifications/s (${fmt(tp.ops)} requests, ${fmt(tp.confirmed)} notifications, ~${tp.size} B each)`)
    console.log(`               raw amqplib ${fmt(tp.rawPerSecond)} confirmed messages/s (same count and size, same window; mean of ${tp.rawRuns.map((x) => fmt(x)).join(' and ')})`)
    console.log(`               ratio ${tp.ratio.toFixed(2)}   (target ≥ 0.5)`)
    console.log(`               CPU per message: simulate ${fmt(tp.simCpuUs, 1)} µs, raw publisher ${fmt(tp.rawCpuUs, 1)} µs` +
      (tp.brokerSimUs === undefined ? ' (broker not local: its CPU unknown)' : `; RabbitMQ ${fmt(tp.brokerSimUs, 1)} µs under simulate, ${fmt(tp.brokerRawUs, 1)} µs under raw`))
    if (tp.brokerSimUs !== undefined) {
      // Simulator and broker share this machine's cores: their CPU per message caps the rate, whatever the concurrency.
      const cores = cpus().length
      const ceiling = cores * 1e6 / (tp.simCpuUs + tp.brokerSimUs)
      const budget = cores * 1e6 / (0.5 * tp.rawPerSecond) - tp.brokerSimUs
      console.log(`               ${cores} cores shared with the broker cap simulate at ${fmt(ceiling)}/s (${(ceiling / tp.rawPerSecond).toFixed(2)} of raw);` +
        ` 0.5 needs ≤ ${fmt(Math.max(0, budget), 1)} µs of simulator CPU per notification here`)
    }

    if (tp.threadedPerSecond !== undefined) {
      console.log(`               with --threads ${tp.threads}: ${fmt(tp.threadedPerSecond)}/s, ratio ${(tp.threadedPerSecond / tp.rawPerSecond).toFixed(2)};` +
        ` CPU ${fmt(tp.threadedCpuUs, 1)} µs per notification`)
    }

    console.log(`               watched (--metrics-port, --metrics-file): ${fmt(tp.watchedPerSecond)}/s, ratio ${(tp.watchedPerSecond / tp.rawPerSecond).toFixed(2)};` +
      ` ${fmt(tp.watchedPerSecond / tp.simPerSecond * 100)} % of the unwatched run; CPU ${fmt(tp.watchedCpuUs, 1)} µs per notification (unwatched ${fmt(tp.simCpuUs, 1)})`)
  }

  if (wanted('2')) {
    const st = await startup(conn)
    console.log(`2. start-up    instance create --delay 0: ${fmt(st.memoryMs)} ms with --state :memory: (memory world), ${fmt(st.sqliteMs)} ms with a state file (SQLite);` +
      ` node -e 0: ${fmt(st.nodeMs)} ms (medians of 5)`)
    console.log(`               ratio ${st.ratio.toFixed(1)} (:memory:), ${st.sqliteRatio.toFixed(1)} (state file)`)
  }

  if (wanted('3')) {
    const mem = await memory()
    console.log(`3. memory      peak RSS ${fmt(mem.large.rssMb, 1)} MB for ${fmt(mem.large.notifications)} notifications vs ${fmt(mem.small.rssMb, 1)} MB for ${fmt(mem.small.notifications)} (noop driver)`)
    console.log(`               ratio ${mem.ratio.toFixed(2)}   (target ≤ 1.2); noop rates ${fmt(mem.small.perSecond)} and ${fmt(mem.large.perSecond)} notifications/s`)
  }

  if (wanted('4')) {
    const tr = await tail()
    if (tr.skipped) console.log(`4. tail        skipped: ${tr.skipped}`)
    else console.log(`4. tail        consumed ${fmt(tr.consumed_per_s)}/s vs published ${fmt(tr.published_per_s)}/s: ratio ${tr.ratio.toFixed(2)}`)
  }

  if (wanted('5')) {
    const hist = await histogramCost()
    console.log(`5. histograms  HdrHistogram ${fmt(hist.hdrNs, 1)} ns per recorded latency vs ${fmt(hist.logNs, 1)} ns for the log-bucket histogram it replaced` +
      ` (ratio ${(hist.hdrNs / hist.logNs).toFixed(2)}; × 2 per notification: ${fmt(2 * hist.hdrNs / 1000, 2)} µs)`)
  }

  if (wanted('6')) {
    const be = await backends()
    console.log(`6. backends    simulate CPU per notification, noop driver, ${fmt(Number(be.ops))} requests (${fmt(be.notifications)} notifications), seed bench:` +
      ` memory world ${fmt(be.memoryUs, 1)} µs, SQLite file ${fmt(be.sqliteUs, 1)} µs (best of ${be.memory.length} each: ${be.memory.map((x) => fmt(x, 1)).join(', ')} / ${be.sqlite.map((x) => fmt(x, 1)).join(', ')})`)
    console.log(`               ratio ${be.ratio.toFixed(2)}   (target ≤ 0.5)`)
  }

  if (wanted('7')) {
    const rp = await replayBench(conn)
    console.log(`7. replay      --rate 0 of ${fmt(rp.n)} notifications (simulate --driver log, made in ${fmt(rp.madeS)} s; ~${rp.size} B each): ${rp.replayRuns.map((x) => fmt(x)).join(' and ')} confirmed/s`)
    console.log(`               raw amqplib ${rp.rawRuns.map((x) => fmt(x)).join(', ')}/s (the recording's first 50,000 bodies, cycled, same window; run before, between and after)`)
    console.log(`               ratio ${rp.ratio.toFixed(2)}   (target ≥ 0.9; each replay vs the raw runs around it: ${rp.ratios.map((x) => x.toFixed(2)).join(', ')})`)
    console.log(`               CPU per message: replay ${fmt(rp.replayCpuUs, 1)} µs, raw publisher ${fmt(rp.rawCpuUs, 1)} µs` +
      (rp.brokerReplayUs === undefined ? '' : `; RabbitMQ ${fmt(rp.brokerReplayUs, 1)} µs under replay, ${fmt(rp.brokerRawUs, 1)} µs under raw`))
    console.log(`               peak RSS ${fmt(rp.rssBig, 1)} MB for ${fmt(rp.n)} vs ${fmt(rp.rssSmall, 1)} MB for ${fmt(rp.smallN)}: ratio ${rp.rssRatio.toFixed(2)}   (target ≤ 1.1)`)
    console.log(`               check ${fmt(rp.checkPerSecond)} messages/s offline vs tail --check ${fmt(rp.tailPerSecond)}/s reading them from a full queue: ratio ${rp.checkVsTail.toFixed(2)}`)
  }
} finally {
  await conn.close()
}
