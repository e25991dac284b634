// Hostile text never reaches the terminal. Names in the state (an instance,
// backup, configuration group, cluster, database, user) and event types on
// the wire carry escape sequences — OSC 0 (window title), ESC[2J (clear), an
// OSC 52 clipboard write, CSI as U+009B, a DCS string — and bidi overrides
// (U+202E, U+2066). Every command that prints them — lists and shows in every
// format, operation results, errors, the simulate summary, tail's lines and
// its exit lines — must print no control character and no bidi control on
// stdout or stderr, while json/yaml keep the data (escaped) intact.
import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import {after, before, test} from 'node:test'
import YAML from 'yaml'
import {privateBus} from '../helpers/broker.js'
import {runCli, tempState} from '../helpers/cli.js'
import {body, exampleWith, JSON_PROPS, startTail} from '../helpers/tail.js'

const EVIL = 'evil\u001b]0;pwn\u0007\u001b[2J\u001b]52;c;ZXZpbA==\u0007\u009b31m\u001bP+q544e\u001b\\\u202eright\u2066left\u2069\u0008'
/** What must never be printed: C0 (but newline), DEL, C1, bidi embeddings/overrides/isolates. */
const LEAK = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

const state = tempState()
const world = ['--state', state]
/** The commands that publish: through no broker. */
const PUBLISHING = new Set(['create', 'delete', 'restart', 'attach-configuration'])
const ids = {}

function clean(r, what) {
  for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]]) {
    const m = LEAK.exec(text)
    assert.ok(!m, `${what}: ${stream} holds U+${m?.[0].codePointAt(0).toString(16).padStart(4, '0')} at ${m?.index}:\n${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 40))}`)
  }
}

async function cli(args, code = 0) {
  const r = await runCli([...args, ...world, ...(PUBLISHING.has(args[1]) || args[0] === 'simulate' ? ['--driver', 'noop'] : [])])
  assert.equal(r.code, code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`)
  clean(r, args.join(' '))
  return r
}

before(async () => {
  await cli(['instance', 'create', 'db1', '2'])
  await cli(['backup', 'create', 'db1', 'nightly', '--description', 'd'])
  await cli(['configuration', 'create', 'tuned', '{"max_connections": 200}'])
  await cli(['instance', 'attach-configuration', 'db1', 'tuned'])
  await cli(['cluster', 'create', 'shop', 'mongodb', '5.0', '--instance', 'flavor=2,volume=2', '--instance', 'flavor=2,volume=2', '--instance', 'flavor=2,volume=2'])
  await cli(['database', 'create', 'db1', 'shop'])
  await cli(['user', 'create', 'db1', 'app', 'S3cret-pw1'])
  for (const kind of ['instance', 'backup', 'configuration', 'cluster']) {
    ids[kind] = (await runCli([kind, 'list', ...world, '--json'])).json[0].id
  }
  // The world as a hostile (or merely careless) writer left it: the names come back from the store.
  const db = new Database(state)
  db.prepare('UPDATE instances SET name = ? WHERE id = ?').run(`db1${EVIL}`, ids.instance)
  db.prepare('UPDATE backups SET name = ?, description = ?').run(`nightly${EVIL}`, EVIL)
  db.prepare('UPDATE configurations SET name = ?, description = ?').run(`tuned${EVIL}`, EVIL)
  db.prepare('UPDATE clusters SET name = ?').run(`shop${EVIL}`)
  db.prepare('UPDATE databases SET name = ?').run(`shop${EVIL}`)
  db.prepare('UPDATE users SET name = ?').run(`app${EVIL}`)
  db.close()
})

test('lists and shows, in every format: no control sequence on the terminal; json and yaml keep the data', async () => {
  const listing = [['instance', 'list'], ['instance', 'list', '--all-tenants'], ['backup', 'list'], ['configuration', 'list'], ['cluster', 'list'],
    ['database', 'list', ids.instance], ['user', 'list', ids.instance]]
  const showing = [['instance', 'show', ids.instance], ['backup', 'show', ids.backup], ['configuration', 'show', ids.configuration], ['cluster', 'show', ids.cluster]]
  for (const args of listing) {
    for (const format of [[], ['--max-width', '60'], ['-f', 'value'], ['-f', 'csv'], ['-f', 'json'], ['-f', 'yaml'], ['--json']]) {
      const r = await cli([...args, ...format])
      if (format[0] !== '--max-width') assert.match(r.stdout, /evil/, `${args.join(' ')} ${format.join(' ')} shows the name`)
      if (format[1] === 'json' || format[0] === '--json') assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes(JSON.stringify(EVIL).slice(1, -1)), 'JSON keeps the text')
      if (format[1] === 'yaml') assert.ok(JSON.stringify(YAML.parse(r.stdout)).includes(JSON.stringify(EVIL).slice(1, -1)), 'YAML keeps the text')
    }
  }
  for (const args of showing) {
    for (const format of [[], ['-f', 'value'], ['-f', 'shell'], ['-f', 'json'], ['-f', 'yaml'], ['--json']]) {
      const r = await cli([...args, ...format])
      assert.match(r.stdout, /evil/, `${args.join(' ')} ${format.join(' ')} shows the name`)
    }
  }
})

test('operation results, errors and the simulate summary: no control sequence', async () => {
  const restart = await cli(['instance', 'restart', ids.instance])
  assert.match(restart.stdout, /✔ instance_restart db1evil/)
  await cli(['instance', 'restart', ids.instance, '-f', 'json'])
  await cli(['backup', 'delete', ids.backup, '-f', 'shell'])
  // The hostile text typed back at us: an unknown name, an unknown column, an unknown command.
  const missing = await cli(['instance', 'show', EVIL], 2)
  assert.match(missing.stderr, /no instance "evil/)
  await cli(['instance', 'list', '-c', EVIL], 2)
  await cli([`instance${EVIL}`, 'create'], 2)
  await runCli(['simulate', '--operations', '3', '--driver', 'noop', '--seed', EVIL]).then((r) => {
    assert.equal(r.code, 0, r.stderr)
    clean(r, 'simulate')
    assert.match(r.stdout, /seed evil/)
  })
})

const buses = []
after(async () => {
  for (const b of buses) await b.cleanup()
})

test('tail: a hostile event_type and payload on the wire, in lines, findings, the summary and the exit lines', async () => {
  const b = await privateBus('hostile')
  buses.push(b)
  for (const extra of [['--lifecycle', '--check'], ['--json', '--lifecycle'], ['--raw']]) {
    const tail = await startTail([...b.args, ...extra, '--open-after', '0.2', '--count', '2', '--timeout', '20'])
    const start = exampleWith('dbaas.instance_restart.start', {event_type: `dbaas.instance_restart${EVIL}.start`, payload: {name: `db1${EVIL}`}})
    b.ch.publish(b.exchange, `${b.topic}.info`, body(start), JSON_PROPS)
    b.ch.publish(b.exchange, `${b.topic}.error`, body({...start, event_type: EVIL, priority: `ERROR${EVIL}`}), JSON_PROPS)
    const r = await tail.done
    assert.equal(r.code, 0, r.stderr)
    clean(r, `tail ${extra.join(' ')}`)
    assert.match(r.stdout + r.stderr, /evil/)
    if (extra[0] === '--lifecycle') assert.match(r.stdout, /lifecycle\(s\) still open at exit:\n {2}dbaas\.instance_restartevil/)
  }
})
