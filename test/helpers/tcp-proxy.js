// A TCP proxy in front of a broker, for deterministic connection faults
// without touching the broker itself: freeze() makes the connections open
// now go silent both ways (a broker that hangs without closing the socket:
// only heartbeats notice), drop() cuts them (a node gone). New connections
// always pass, so a client can reconnect through it.
import {connect, createServer} from 'node:net'

export async function startProxy(targetPort, targetHost = '127.0.0.1') {
  const pairs = new Set()
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost)
    const pair = {client, upstream, frozen: false}
    pairs.add(pair)
    client.on('data', (d) => { if (!pair.frozen) upstream.write(d) })
    upstream.on('data', (d) => { if (!pair.frozen) client.write(d) })
    const end = () => {
      client.destroy()
      upstream.destroy()
      pairs.delete(pair)
    }
    for (const s of [client, upstream]) {
      s.on('error', end)
      s.on('close', end)
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = server.address().port
  return {
    port,
    url: `amqp://guest:guest@127.0.0.1:${port}/`,
    /** Connections passing through now. */
    get connections() {
      return pairs.size
    },
    /** The connections open now stop passing anything (sockets stay open). */
    freeze() {
      for (const p of pairs) p.frozen = true
    },
    /** Cut the connections open now. */
    drop() {
      for (const p of pairs) {
        p.client.destroy()
        p.upstream.destroy()
      }
    },
    close() {
      this.drop()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
