// oslo's declarations, option for option: for each [oslo_messaging_rabbit]
// option set, the REAL oslo.messaging notifier (/usr/bin/python3) publishes
// one notification and trove-notify publishes a create with the same options
// (from its INI file, or its flags); then the private node's own listing
// (`rabbitmqctl list_queues/list_exchanges`) must show the same queue type,
// durability, auto-delete and arguments for both. The combinations oslo
// refuses (or RabbitMQ refuses under it) are usage errors here. And the real
// oslo listener reads what we published on a quorum queue.
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {after, before, test} from 'node:test'
import {runCli, testWorld} from '../helpers/cli.js'
import {osloConfig, osloListen, osloNotify} from '../helpers/oslo.js'
import {startPrivateBroker} from '../helpers/private-broker.js'

let broker
before(async () => { broker = await startPrivateBroker() })
after(async () => { await broker?.stop() })

/** The option sets, by name; `flags` says to pass them as flags instead of the INI file. */
const CASES = [
  {name: 'defaults', rabbit: {}},
  {name: 'durable', rabbit: {amqp_durable_queues: true}},
  {name: 'autodelete', rabbit: {amqp_auto_delete: true}},
  {name: 'durable_autodelete', rabbit: {amqp_durable_queues: true, amqp_auto_delete: true}, flags: true},
  {name: 'quorum', rabbit: {rabbit_quorum_queue: true}},
  {name: 'quorum_limits', rabbit: {rabbit_quorum_queue: true, rabbit_quorum_delivery_limit: 5, rabbit_quroum_max_memory_length: 1000, rabbit_quroum_max_memory_bytes: 1048576}},
  {name: 'quorum_limits_flags', rabbit: {rabbit_quorum_queue: true, rabbit_quorum_delivery_limit: 3, rabbit_quroum_max_memory_length: 10}, flags: true},
  {name: 'quorum_not_durable', rabbit: {rabbit_quorum_queue: true, amqp_durable_queues: false}},
  {name: 'ha', rabbit: {rabbit_ha_queues: true}},
  {name: 'ha_durable', rabbit: {rabbit_ha_queues: true, amqp_durable_queues: true}, flags: true},
]

function flagsOf(rabbit) {
  return Object.entries(rabbit).flatMap(([k, v]) => {
    const flag = k === 'amqp_durable_queues' ? 'durable' : k.replaceAll('_', '-')
    return typeof v === 'boolean' ? [v ? `--${flag}` : `--no-${flag}`] : [`--${flag}`, String(v)]
  })
}

/** trove-notify publishes a create to exchange/topic `name` with these options. */
async function ours(name, {rabbit, flags}) {
  const w = testWorld('decl')
  if (!flags) writeFileSync(w.config, `[DEFAULT]\nhost = decl\n[oslo_messaging_rabbit]\n${Object.entries(rabbit).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`)
  return runCli(['instance', 'create', 'd', '2', '--url', broker.url, '--exchange', name, '--topics', name, ...w.args, ...flags ? flagsOf(rabbit) : []])
}

/** rabbitmqctl's JSON listing of queues or exchanges on the private node, by name. */
async function listing(what) {
  const out = await broker.ctl(`list_${what}`, 'name', 'type', 'durable', 'auto_delete', 'arguments', '--formatter', 'json')
  const rows = JSON.parse(out)
  return Object.fromEntries(rows.map((r) => [r.name, {type: r.type, durable: r.durable, auto_delete: r.auto_delete, arguments: normalise(r.arguments)}]))
}

/** rabbitmqctl prints arguments as [[key, type, value], …]: one sorted object of `value (type)`. */
function normalise(args) {
  const triples = Array.isArray(args) ? args : Object.entries(args ?? {}).map(([k, v]) => [k, typeof v, v])
  return Object.fromEntries(triples.map(([k, type, v]) => [k, `${v} (${type})`]).sort(([a], [b]) => String(a).localeCompare(String(b))))
}

test('each option declares exchange and queue exactly as the real oslo.messaging notifier does', async (t) => {
  // oslo (mostly waiting on its connections) and we run side by side, on names of our own.
  const oslo = osloNotify(broker.url, CASES.map((c) => ({exchange: `tn_oslo_${c.name}`, topic: `tn_oslo_${c.name}`, rabbit: c.rabbit})))
  for (let i = 0; i < CASES.length; i += 2) {
    await Promise.all(CASES.slice(i, i + 2).map(async (c) => {
      const r = await ours(`tn_ours_${c.name}`, c)
      assert.equal(r.code, 0, `${c.name}: ${r.stderr}`)
      assert.doesNotMatch(r.stderr, /declare like this deployment/, `${c.name}: nothing existed, so nothing differs`)
    }))
  }
  const results = await oslo
  results.forEach((r, i) => assert.equal(r.ok, true, `oslo failed on ${CASES[i].name}: ${r.error}`))
  const queues = await listing('queues')
  const exchanges = await listing('exchanges')
  const table = []
  for (const c of CASES) {
    const oq = queues[`tn_oslo_${c.name}.info`]
    const tq = queues[`tn_ours_${c.name}.info`]
    assert.ok(oq, `oslo declared no queue for ${c.name}`)
    assert.deepEqual(tq, oq, `${c.name}: our queue differs from oslo's`)
    assert.deepEqual(exchanges[`tn_ours_${c.name}`], exchanges[`tn_oslo_${c.name}`], `${c.name}: our exchange differs from oslo's`)
    table.push(`${c.name.padEnd(20)} queue ${oq.type}/durable=${oq.durable}/auto_delete=${oq.auto_delete} ${JSON.stringify(oq.arguments)}  exchange ${JSON.stringify(exchanges[`tn_oslo_${c.name}`])}`)
  }
  // The options took effect (oslo read them): the table is not all defaults.
  assert.equal(queues['tn_oslo_quorum.info'].type, 'quorum')
  assert.equal(queues['tn_oslo_quorum_not_durable.info'].durable, true)
  assert.equal(exchanges.tn_oslo_quorum_not_durable.durable, true)
  assert.deepEqual(queues['tn_oslo_quorum_limits.info'].arguments,
    {'x-delivery-limit': '5 (signedint)', 'x-max-in-memory-bytes': '1048576 (signedint)', 'x-max-in-memory-length': '1000 (signedint)', 'x-queue-type': 'quorum (longstr)'})
  assert.deepEqual(queues['tn_oslo_ha.info'].arguments, {'x-ha-policy': 'all (longstr)'})
  assert.equal(queues['tn_oslo_autodelete.info'].auto_delete, true)
  assert.equal(exchanges.tn_oslo_durable.durable, true)
  t.diagnostic(`option × declaration (oslo = ours):\n${table.join('\n')}`)
})

test('what oslo refuses is a one-line usage error here, nothing declared', async () => {
  const refused = [
    {name: 'quorum_ha', rabbit: {rabbit_quorum_queue: true, rabbit_ha_queues: true}, oslo: /rabbit_quorum_queue and rabbit_ha_queues both enabled/,
      ours: /rabbit_quorum_queue and rabbit_ha_queues are both true: oslo\.messaging refuses that/, fix: /set rabbit_ha_queues = false/},
    {name: 'quorum_autodelete', rabbit: {rabbit_quorum_queue: true, amqp_auto_delete: true}, oslo: /invalid property 'auto-delete'/,
      ours: /rabbit_quorum_queue with amqp_auto_delete: RabbitMQ refuses auto-delete quorum queues/, fix: /set amqp_auto_delete = false/},
  ]
  const results = await osloNotify(broker.url, refused.map((c) => ({exchange: `tn_oslo_${c.name}`, topic: `tn_oslo_${c.name}`, rabbit: c.rabbit})))
  for (const [i, c] of refused.entries()) {
    assert.match(results[i].error ?? '', c.oslo, `oslo on ${c.name}: ${JSON.stringify(results[i])}`)
    for (const flags of [false, true]) {
      const r = await ours(`tn_ours_${c.name}`, {rabbit: c.rabbit, flags})
      assert.equal(r.code, 2, r.stderr)
      const lines = r.stderr.trim().split('\n')
      assert.equal(lines.length, 2, r.stderr)
      assert.match(lines[0], c.ours)
      assert.match(lines[1], c.fix)
    }
  }
  const queues = await listing('queues')
  assert.equal(queues['tn_ours_quorum_ha.info'], undefined)
  assert.equal(queues['tn_ours_quorum_autodelete.info'], undefined)
})

test('the real oslo listener reads what we published on a quorum queue', async () => {
  const name = 'tn_quorum_listen'
  const r = await ours(name, {rabbit: {rabbit_quorum_queue: true}})
  assert.equal(r.code, 0, r.stderr)
  assert.equal((await listing('queues'))[`${name}.info`].type, 'quorum')
  const l = await osloListen(broker.url, name, name, 3, {configFile: osloConfig({oslo_messaging_rabbit: {rabbit_quorum_queue: 'true'}})})
  const records = await l.records
  assert.deepEqual(records.map((x) => x.event_type), ['dbaas.instance_create.start', 'trove.instance.create', 'dbaas.instance_create.end'], l.stderr())
  assert.ok(records.every((x) => x.priority === 'info'))
})
