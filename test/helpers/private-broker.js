// A private RabbitMQ node for tests that stop, restart or kill a broker, so
// they never disturb the shared broker on 5672 (nor tests running beside
// them). Starts in ~5 s; each call gets its own node name, ports and files.
import {execFile} from 'node:child_process'
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {connect} from 'node:net'
import {promisify} from 'node:util'

const run = promisify(execFile)

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

/**
 * Start a private node; resolves {url, port, node, stopApp, startApp, stop}.
 * `stopApp`/`startApp` are `rabbitmqctl stop_app` / `start_app` (the broker
 * goes away and comes back, connections are dropped); `stop` ends the node
 * and removes its files. Always call stop() (in an after hook).
 */
export async function startPrivateBroker() {
  const id = `${process.pid}${Math.floor(Math.random() * 1000)}`
  const port = 5700 + Math.floor(Math.random() * 1200)
  const node = `tnpriv${id}@localhost`
  const dir = `/tmp/tn-rabbit-${id}`
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  writeFileSync(`${dir}/plugins`, '[].\n')
  writeFileSync(`${dir}/rabbitmq.conf`, `listeners.tcp.local = 127.0.0.1:${port}\nloopback_users = none\n`)
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
  await run('rabbitmq-server', ['-detached'], {env})
  await waitPort(port, true, 60_000)
  const ctl = (...args) => run('rabbitmqctl', ['-q', '-n', node, ...args], {env})
  return {
    port,
    node,
    url: `amqp://guest:guest@127.0.0.1:${port}/`,
    async stopApp() {
      await ctl('stop_app')
      await waitPort(port, false, 20_000)
    },
    async startApp() {
      await ctl('start_app')
      await waitPort(port, true, 30_000)
    },
    async stop() {
      await ctl('stop').catch(() => {})
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
