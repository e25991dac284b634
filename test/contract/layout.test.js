// The house rules the code keeps, read from src/**/*.ts itself:
//   - SQL is spoken in src/state only (and better-sqlite3 loaded there only);
//   - the import graph has no circle, file by file (type-only imports count:
//     a tangle is a tangle) — and none between the folders of src/ either.
import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {test} from 'node:test'
import {ROOT} from '../helpers/cli.js'

const SRC = join(ROOT, 'src')

function sources(dir = SRC) {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [])
}

const rel = (file) => relative(SRC, file)

/** SQL statements, as SQL is written (upper-case keywords), and the calls that run it. */
const SQL = [
  /\bSELECT\s+(?:[\w*]|DISTINCT\b)/, /\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b/, /\bDELETE\s+FROM\b/, /\bUPDATE\s+\w+\s+SET\b/,
  /\b(?:CREATE|DROP|ALTER)\s+(?:TABLE|INDEX|VIEW|TRIGGER)\b/, /\bPRAGMA\s+\w/, /\bWITH\s+RECURSIVE\b/, /\bBEGIN\s+(?:IMMEDIATE|EXCLUSIVE)\b/,
  /\.prepare\(/, /\bbetter-sqlite3\b/,
]

test('no SQL outside src/state: the repositories are the only code that speaks it', () => {
  const found = []
  for (const file of sources()) {
    if (rel(file).startsWith('state/')) continue
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      for (const re of SQL) if (re.test(line)) found.push(`${rel(file)}:${i + 1}: ${line.trim()}`)
    })
  }
  assert.deepEqual(found, [])
})

test('the SQL check finds SQL (it would catch a query written outside src/state)', () => {
  const hits = ["db.prepare('SELECT * FROM instances WHERE id = ?')", '`INSERT OR IGNORE INTO users (a) VALUES (?)`', "'UPDATE clusters SET task = NULL'",
    "'DELETE FROM backups'", 'WITH RECURSIVE tree(id) AS (…)', "import Database from 'better-sqlite3'"]
  for (const line of hits) assert.ok(SQL.some((re) => re.test(line)), line)
  for (const line of ['// select the instance, then update it', "throw badRequest('Multiple instances are named x')"]) {
    assert.ok(!SQL.some((re) => re.test(line)), line)
  }
})

/** file → the files it imports (relative imports; `import type` and re-exports too). */
function importGraph() {
  const graph = new Map()
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8')
    const deps = new Set()
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/gm)) {
      deps.add(resolve(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts')))
    }
    graph.set(file, [...deps])
  }
  return graph
}

/** Every circle of a graph (as one path each), by depth-first search. */
function circles(graph) {
  const found = []
  const state = new Map()
  const path = []
  const visit = (node) => {
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(node, 'done')
  }
  for (const node of graph.keys()) if (!state.has(node)) visit(node)
  return found
}

test('the import graph of src/ has no circle', () => {
  const graph = importGraph()
  assert.ok(graph.size > 100, `${graph.size} files read`)
  assert.deepEqual(circles(graph).map((c) => c.map(rel).join(' -> ')), [])
})

test('the circle finder finds circles', () => {
  const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]])
  assert.deepEqual(circles(g), [['a', 'b', 'c', 'a']])
})

/**
 * Folder loops once known, now taken apart: events <-> messaging; events <->
 * settings (the cloud's defaults live in events/cloud-defaults.ts, which the
 * settings read); messaging <-> settings (the rabbit options are
 * messaging/rabbit-options.ts; the driver factory takes its own
 * TransportSettings).
 */
const KNOWN_FOLDER_LOOPS = []

test('between the folders of src/, no loop', () => {
  const folder = (file) => rel(file).split('/')[0]
  const edges = new Set()
  for (const [file, deps] of importGraph()) {
    for (const dep of deps) if (folder(file) !== folder(dep) && !folder(file).endsWith('.ts')) edges.add(`${folder(file)} -> ${folder(dep)}`)
  }
  const loops = [...edges].map((e) => e.split(' -> ')).filter(([a, b]) => a < b && edges.has(`${b} -> ${a}`)).map(([a, b]) => `${a} <-> ${b}`)
  assert.deepEqual(loops.sort(), KNOWN_FOLDER_LOOPS)
})
