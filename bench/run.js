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
//      driver (target ≤ 0.5).
// Environment: TROVE_NOTIFY_URL (default the local broker), BENCH_SCALE
// (e.g. 0.1 for a quick look: every count scaled down).
import amqp from 'amqplib'
import {spawn} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {cpus, freemem, tmpdir, totalmem} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const BIN = join(HERE, '..', 'bin', 'run.js')
const URL = process.env.TROVE_NOTIFY_URL ?? 'amqp://guest:guest@127.0.0.1:5672/'
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const scaled = (n) => Math.max(1, Math.round(n * SCALE))

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
 * CPU seconds (user + system) the local RabbitMQ node (beam.smp) has used so
 * far, read from /proc; undefined when the broker is not on this machine.
 */
function brokerCpuSeconds() {
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      let comm
      try { comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim() } catch { continue }
      if (!comm.startsWith('beam')) continue
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / 100 // utime + stime, in clock ticks of 1/100 s
    }
  } catch { /* no /proc */ }
  return undefined
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
 * simulator's publisher window), to a queue bound like oslo's.
 */
async function rawPublish(conn, count, size, window = 5000) {
  const t = await privateTopic(conn, 'raw')
  const ch = await conn.createConfirmChannel()
  const key = `${t.topic}.info`
  await ch.assertExchange(t.exchange, 'topic', {durable: false, autoDelete: false})
  await ch.assertQueue(key, {durable: false, autoDelete: false})
  await ch.bindQueue(key, t.exchange, key)
  const body = Buffer.alloc(size, 'x')
  const props = {contentType: 'application/json', contentEncoding: 'utf-8', headers: {}, deliveryMode: 2, priority: 0}
  let sent = 0
  let confirmed = 0
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await new Promise((resolve, reject) => {
    const pump = () => {
      while (sent < count && sent - confirmed < window) {
        sent++
        const room = ch.publish(t.exchange, key, body, props, (err) => {
          if (err) return reject(err)
          if (++confirmed === count) resolve()
          else if (sent < count && sent - confirmed === Math.floor(window / 2)) pump()
        })
        if (!room) {
          ch.once('drain', pump)
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

  const st = await startup(conn)
  console.log(`2. start-up    instance create --delay 0: ${fmt(st.memoryMs)} ms with --state :memory: (memory world), ${fmt(st.sqliteMs)} ms with a state file (SQLite);` +
    ` node -e 0: ${fmt(st.nodeMs)} ms (medians of 5)`)
  console.log(`               ratio ${st.ratio.toFixed(1)} (:memory:), ${st.sqliteRatio.toFixed(1)} (state file)`)

  const mem = await memory()
  console.log(`3. memory      peak RSS ${fmt(mem.large.rssMb, 1)} MB for ${fmt(mem.large.notifications)} notifications vs ${fmt(mem.small.rssMb, 1)} MB for ${fmt(mem.small.notifications)} (noop driver)`)
  console.log(`               ratio ${mem.ratio.toFixed(2)}   (target ≤ 1.2); noop rates ${fmt(mem.small.perSecond)} and ${fmt(mem.large.perSecond)} notifications/s`)

  const tr = await tail()
  if (tr.skipped) console.log(`4. tail        skipped: ${tr.skipped}`)
  else console.log(`4. tail        consumed ${fmt(tr.consumed_per_s)}/s vs published ${fmt(tr.published_per_s)}/s: ratio ${tr.ratio.toFixed(2)}`)

  const hist = await histogramCost()
  console.log(`5. histograms  HdrHistogram ${fmt(hist.hdrNs, 1)} ns per recorded latency vs ${fmt(hist.logNs, 1)} ns for the log-bucket histogram it replaced` +
    ` (ratio ${(hist.hdrNs / hist.logNs).toFixed(2)}; × 2 per notification: ${fmt(2 * hist.hdrNs / 1000, 2)} µs)`)

  const be = await backends()
  console.log(`6. backends    simulate CPU per notification, noop driver, ${fmt(Number(be.ops))} requests (${fmt(be.notifications)} notifications), seed bench:` +
    ` memory world ${fmt(be.memoryUs, 1)} µs, SQLite file ${fmt(be.sqliteUs, 1)} µs (best of ${be.memory.length} each: ${be.memory.map((x) => fmt(x, 1)).join(', ')} / ${be.sqlite.map((x) => fmt(x, 1)).join(', ')})`)
  console.log(`               ratio ${be.ratio.toFixed(2)}   (target ≤ 0.5)`)
} finally {
  await conn.close()
}
