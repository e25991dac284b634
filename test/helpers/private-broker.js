// Private RabbitMQ nodes for tests that stop, restart or kill a broker, need
// TLS or a cluster, so they never disturb the shared broker on 5672 (nor
// tests running beside them). Each node gets its own node name, ports and
// files; waits are bounded; stop() removes everything, and nodes a test
// left running (it failed, it timed out) are killed when the test process
// exits.
//
// - startPrivateBroker(): a plain node (~5 s to start).
// - startPrivateBroker({tls: certs}): also a TLS listener with the test's
//   certificates (helpers/certs.js), `verify_peer` and
//   `fail_if_no_peer_cert` so a client certificate is required.
// - startCluster(3): three nodes on this machine joined with `join_cluster`.
import {execFile} from 'node:child_process'
import {copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {connect} from 'node:net'
import {promisify} from 'node:util'

const run = promisify(execFile)

/** Nodes started by this process and not yet stopped: {pidFile, dir, ports}. */
const running = new Map()
process.on('exit', () => {
  for (const {pidFile, dir, ports} of running.values()) {
    release(ports)
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGKILL')
    } catch { /* gone already */ }
    rmSync(dir, {recursive: true, force: true})
  }
})

function portOpen(port) {
  return new Promise((resolve) => {
    const s = connect({host: '127.0.0.1', port})
    s.once('connect', () => { s.destroy(); resolve(true) })
    s.once('error', () => resolve(false))
  })
}

async function waitPort(port, open, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await portOpen(port) === open) return
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`port ${port} did not ${open ? 'open' : 'close'} within ${timeoutMs} ms`)
}

/** A port reserved for this process (another test file starting a node at the same time cannot take it). */
function reserve(port) {
  const lock = `/tmp/tn-rabbit-port-${port}.lock`
  try {
    writeFileSync(lock, String(process.pid), {flag: 'wx'})
    return true
  } catch {
    // Taken, unless its owner is gone (a run that was killed).
    let owner
    try {
      owner = Number(readFileSync(lock, 'utf8'))
      process.kill(owner, 0)
      return false
    } catch {
      if (owner === undefined) return false
      rmSync(lock, {force: true})
      return reserve(port)
    }
  }
}

function release(ports) {
  for (const p of ports) rmSync(`/tmp/tn-rabbit-port-${p}.lock`, {force: true})
}

/** `count` consecutive free ports (and their distribution ports, +20000), reserved until release(). */
async function freePorts(count) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 5700 + 2 * Math.floor(Math.random() * 600)
    const ports = Array.from({length: count}, (_, i) => base + i)
    const taken = ports.filter(reserve)
    if (taken.length < count) {
      release(taken)
      continue
    }
    const busy = await Promise.all(ports.flatMap((p) => [portOpen(p), portOpen(p + 20000)]))
    if (!busy.some(Boolean)) return ports
    release(ports)
  }
  throw new Error('no free ports for a private RabbitMQ node')
}

/** The rabbitmq.conf lines of a TLS listener with the test's certificates (copied into the node's dir, readable by its user). */
function tlsConfig(port) {
  return [
    `listeners.ssl.default = 127.0.0.1:${port}`,
    'ssl_options.cacertfile = $DIR/tls/ca.pem',
    'ssl_options.certfile = $DIR/tls/server.pem',
    'ssl_options.keyfile = $DIR/tls/server.key',
    'ssl_options.verify = verify_peer',
    'ssl_options.fail_if_no_peer_cert = true',
    // One version, so "no common version" can be provoked (ssl_version = TLSv1_3).
    'ssl_options.versions.1 = tlsv1.2',
  ]
}

/**
 * Start one node. `config` lines are added to its rabbitmq.conf. Resolves
 * {port, node, url, ctl, stopApp, startApp, stop, dir, tlsPort?, tlsUrl?}.
 */
async function startNode({label, port, tlsPort, tls, config = []}) {
  const id = `${process.pid}${Math.floor(Math.random() * 100000)}`
  const node = `${label}${id}@localhost`
  const dir = `/tmp/tn-rabbit-${id}`
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  writeFileSync(`${dir}/plugins`, '[].\n')
  writeFileSync(`${dir}/rabbitmq.conf`, [
    `listeners.tcp.local = 127.0.0.1:${port}`,
    'loopback_users = none',
    ...config,
  ].join('\n').replaceAll('$DIR', dir) + '\n')
  if (tls) {
    mkdirSync(`${dir}/tls`)
    copyFileSync(tls.caFile, `${dir}/tls/ca.pem`)
    copyFileSync(tls.serverCertFile, `${dir}/tls/server.pem`)
    copyFileSync(tls.serverKeyFile, `${dir}/tls/server.key`)
  }
  await run('chown', ['-R', 'rabbitmq:rabbitmq', dir]).catch(() => {})
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: node,
    RABBITMQ_DIST_PORT: String(port + 20000),
    RABBITMQ_MNESIA_BASE: `${dir}/mnesia`,
    RABBITMQ_LOG_BASE: `${dir}/log`,
    RABBITMQ_ENABLED_PLUGINS_FILE: `${dir}/plugins`,
    RABBITMQ_PID_FILE: `${dir}/pid`,
    RABBITMQ_CONFIG_FILE: `${dir}/rabbitmq`,
  }
  const ports = [port, ...tlsPort ? [tlsPort] : []]
  running.set(node, {pidFile: `${dir}/pid`, dir, ports})
  await run('rabbitmq-server', ['-detached'], {env})
  const ctl = async (...args) => (await run('rabbitmqctl', ['-q', '-n', node, ...args], {env, timeout: 60_000})).stdout
  // Bounded, but generous: several nodes may be starting at once on a loaded machine.
  await waitPort(port, true, 180_000)
  if (tlsPort) await waitPort(tlsPort, true, 60_000)
  return {
    port,
    node,
    dir,
    url: `amqp://guest:guest@127.0.0.1:${port}/`,
    tlsPort,
    tlsUrl: tlsPort ? `amqps://guest:guest@127.0.0.1:${tlsPort}/` : undefined,
    /** `rabbitmqctl -n <this node> …`; resolves its stdout. */
    ctl,
    /** The broker goes away (connections dropped); the node stays. */
    async stopApp() {
      await ctl('stop_app')
      await waitPort(port, false, 30_000)
    },
    async startApp() {
      await ctl('start_app')
      await waitPort(port, true, 60_000)
    },
    /** End the node and remove its files. */
    async stop() {
      await ctl('stop').catch(() => {})
      try {
        process.kill(Number(readFileSync(`${dir}/pid`, 'utf8').trim()), 'SIGKILL')
      } catch { /* stopped */ }
      running.delete(node)
      release(ports)
      rmSync(dir, {recursive: true, force: true})
    },
  }
}

/**
 * Start a private node; resolves {url, port, node, ctl, stopApp, startApp, stop}.
 * With `tls` (certs from helpers/certs.js): also tlsPort and tlsUrl, a TLS
 * listener that requires a client certificate signed by the test CA.
 * `config`: more rabbitmq.conf lines. Always call stop() (in an after hook).
 */
export async function startPrivateBroker({tls, config = []} = {}) {
  const [port, tlsPort] = await freePorts(tls ? 2 : 1)
  return startNode({label: 'tnpriv', port, tlsPort, tls, config: [...tls ? tlsConfig(tlsPort) : [], ...config]})
}

/**
 * A cluster of `size` nodes on this machine (distinct names and ports):
 * the first is started, the others start and `join_cluster` it. Resolves
 * {nodes, url (rabbit:// with every host, in order), stop}. Always call
 * stop() (in an after hook); start it once per test file (it is slow).
 */
export async function startCluster(size = 3) {
  const ports = await freePorts(size)
  const nodes = []
  const stopAll = () => Promise.all(nodes.map((n) => n.stop()))
  try {
    // All start side by side; then the others leave their own one-node cluster and join the first.
    const [first, ...rest] = await Promise.all(ports.map((port) => startNode({label: 'tnclu', port})))
    nodes.push(first, ...rest)
    await Promise.all(rest.map(async (n) => {
      await n.stopApp()
      await n.ctl('join_cluster', first.node)
      await n.startApp()
    }))
    await first.ctl('await_online_nodes', String(size))
  } catch (err) {
    await stopAll()
    throw err
  }
  return {
    nodes,
    url: `rabbit://${nodes.map((n) => `guest:guest@127.0.0.1:${n.port}`).join(',')}/`,
    /** The same hosts in another order (index list). */
    urlOf: (order) => `rabbit://${order.map((i) => `guest:guest@127.0.0.1:${nodes[i].port}`).join(',')}/`,
    stop: stopAll,
  }
}
