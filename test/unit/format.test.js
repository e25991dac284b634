// The openstack-style formatters (src/cli/render/format.ts) against cliff's
// output shapes, and the table fitting of table.ts: what `-f value -c id`,
// `-f shell`, `-f csv`, `-f json|yaml` print for a list and for one object,
// column picking and sorting, and tables at a given width.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import YAML from 'yaml'
import {DEFAULT_OUTPUT, formatList, formatOne, Formatted, timestamp} from '../../dist/cli/render/format.js'
import {drawTable, shareWidths, widthOf, wrap} from '../../dist/cli/render/table.js'
import {UsageError} from '../../dist/util/errors.js'

const o = (over = {}) => ({...DEFAULT_OUTPUT, maxWidth: 0, ...over})
const LIST = {
  columns: ['ID', 'Name', 'Size (GB)', 'Replica of', 'Public', 'Tenant'],
  hidden: ['Tenant'],
  rows: [
    ['b-2', 'web', 2, 'a-1', false, 't1'],
    ['a-1', 'db "main"', 10, null, true, 't1'],
  ],
  empty: 'No instances.',
}
const ONE = [['id', 'a-1'], ['name', 'db "main"'], ['restart_required', true], ['replicas', ['b-2', 'c-3']], ['task', null]]

test('value: bare values, one row per line (list) or one value per line (one object)', () => {
  assert.equal(formatList(LIST, o({format: 'value', columns: ['id']})), 'b-2\na-1')
  assert.equal(formatList(LIST, o({format: 'value'})), 'b-2 web 2 a-1 false\na-1 db "main" 10  true')
  assert.equal(formatOne(ONE, o({format: 'value', columns: ['id', 'replicas']})), 'a-1\nb-2 c-3')
})

test('-c keeps the command\'s column order (as cliff), matches case and _/-/space alike, reaches hidden columns, drops units', () => {
  assert.equal(formatList(LIST, o({format: 'value', columns: ['replica_of', 'ID', 'tenant', 'size']})), 'b-2 2 a-1 t1\na-1 10  t1')
  assert.throws(() => formatList(LIST, o({columns: ['id', 'bogus', 'nope']})), (err) =>
    err instanceof UsageError && /unknown column "bogus", "nope" for -c\/--column/.test(err.message) &&
    err.suggestion === 'valid columns: ID, Name, "Size (GB)", "Replica of", Public, Tenant')
})

test('shell: name="value" lines, names lowered with _ for space, dash and colon, --prefix, and quotes/$/`/\\ escaped for eval', () => {
  const one = [['ID', 'a-1'], ['replica-of', 'x'], ['a:b c', '$(rm -rf ~) `x` "q" \\']]
  assert.equal(formatOne(one, o({format: 'shell', prefix: 'db_'})), 'db_id="a-1"\ndb_replica_of="x"\ndb_a_b_c="\\$(rm -rf ~) \\`x\\` \\"q\\" \\\\"')
  assert.equal(formatOne(ONE, o({format: 'shell', columns: ['restart_required', 'task', 'replicas']})), 'restart_required="true"\nreplicas="b-2,c-3"\ntask=""')
  assert.throws(() => formatList(LIST, o({format: 'shell'})), /-f shell prints one object/)
})

test('csv: a header, strings quoted (quotes doubled), numbers and booleans bare, as cliff\'s nonnumeric quoting', () => {
  assert.equal(formatList(LIST, o({format: 'csv'})),
    '"ID","Name","Size (GB)","Replica of","Public"\n"b-2","web",2,"a-1",false\n"a-1","db ""main""",10,"",true')
  assert.throws(() => formatOne(ONE, o({format: 'csv'})), /-f csv prints a list/)
})

test('json and yaml: objects keyed by column (list) or field (one), structured values kept, --noindent', () => {
  assert.deepEqual(JSON.parse(formatList(LIST, o({format: 'json', columns: ['id', 'public']}))), [{ID: 'b-2', Public: false}, {ID: 'a-1', Public: true}])
  assert.equal(formatOne(ONE, o({format: 'json', noindent: true, columns: ['id', 'replicas', 'task']})), '{"id":"a-1","replicas":["b-2","c-3"],"task":null}')
  assert.deepEqual(YAML.parse(formatOne(ONE, o({format: 'yaml'}))), {id: 'a-1', name: 'db "main"', restart_required: true, replicas: ['b-2', 'c-3'], task: null})
  assert.equal(formatList({...LIST, rows: []}, o({format: 'json'})), '[]')
})

test('machine formats escape C1 controls and bidi overrides but keep the data', () => {
  const evil = 'a\u009b2J\u202eb\u001b]0;x\u0007'
  const json = formatOne([['name', evil]], o({format: 'json'}))
  assert.ok(!/[\u0080-\u009f\u202a-\u202e\u0000-\u001f]/.test(json.replace(/\n/g, '')), json)
  assert.equal(JSON.parse(json).name, evil)
  const yaml = formatOne([['name', evil]], o({format: 'yaml'}))
  assert.ok(!/[\u0080-\u009f\u202a-\u202e\u0000-\u0009\u000b-\u001f]/.test(yaml), yaml)
  assert.equal(YAML.parse(yaml).name, evil)
  assert.equal(formatOne([['name', evil]], o({format: 'value'})), 'ab', 'CSI (U+009B) with its parameters, bidi and OSC removed')
})

test('Formatted: the human face in tables, the machine face everywhere else (timestamps, names for ids)', () => {
  const l = {columns: ['Instance', 'Created'], rows: [[new Formatted('db1', 'a-1'), timestamp('2026-05-01T10:00:05.123Z')]]}
  assert.match(formatList(l, o()), /│ db1 {6}│ 2026-05-01 10:00 │/)
  assert.equal(formatList(l, o({format: 'value'})), 'a-1 2026-05-01T10:00:05.123Z')
  assert.deepEqual(JSON.parse(formatList(l, o({format: 'json'}))), [{Instance: 'a-1', Created: '2026-05-01T10:00:05.123Z'}])
})

test('sorting: by several columns, the first deciding; descending; empty values last either way; unknown column refused', () => {
  const l = {columns: ['Name', 'Size'], rows: [['b', 2], ['a', null], ['c', 2], ['d', 1]]}
  assert.equal(formatList(l, o({format: 'value', sortColumns: ['size', 'name']})), 'd 1\nb 2\nc 2\na ')
  assert.equal(formatList(l, o({format: 'value', sortColumns: ['size', 'name'], sortDescending: true})), 'c 2\nb 2\nd 1\na ')
  assert.throws(() => formatList(l, o({sortColumns: ['zzz']})), /unknown column "zzz" for --sort-column/)
  assert.throws(() => formatOne(ONE, o({sortColumns: ['id']})), /--sort-column sorts a list/)
})

test('table: cliff\'s shape — a rule under the header and none between rows, numbers right-aligned, booleans true/false', () => {
  const t = formatList(LIST, o())
  const lines = t.split('\n')
  assert.equal(lines.length, 6, t) // top, header (one line), rule, two rows, bottom
  assert.match(lines[3], /^│ b-2 │ web +│ +2 │ a-1 +│ false +│$/)
  assert.match(lines[4], /^│ a-1 │ db "main" │ +10 │ +│ true +│$/)
  assert.equal(formatList({...LIST, rows: []}, o()), 'No instances.')
  assert.match(formatList({...LIST, rows: []}, o({printEmpty: true})), /│ ID │ Name │/)
  assert.match(formatOne(ONE, o()), /│ restart_required │ true +│\n│ replicas +│ b-2 +│\n│ +│ c-3 +│/)
})

test('fitting: ids give up width first, names last; cut cells end with …; every line within the width', () => {
  const id = '3b96b7aa-c3cd-4029-9082-f2a03a8274c9'
  const l = {columns: ['ID', 'Name', 'Status', 'Datastore', 'Replica of'],
    rows: [[id, 'shop-primary', 'ACTIVE', 'mysql 8.0', id], ['4cc2077e-577b-45a8-be8d-46677d64b136', 'analytics', 'BUILD', 'postgresql 16', null]]}
  const t = formatList(l, o({maxWidth: 80}))
  for (const line of t.split('\n')) assert.ok(widthOf(line) <= 80, `${widthOf(line)}: ${line}`)
  assert.match(t, /│ shop-primary │ ACTIVE │ mysql 8\.0 +│/, 'names and short columns whole')
  assert.match(t, /│ 3b96b7aa-c3cd-40… │/, 'ids cut, sharing what the others leave')
  assert.match(t, /│ postgresql 16 │/)
  assert.match(t, /cut with … to fit 80 columns; --max-width 0 prints them whole/)
  assert.ok(!formatList(l, o({maxWidth: 0})).includes('…'), 'not fitted: nothing cut')
})

test('table helpers: wrap at spaces and inside words when it must; widths shared by water-filling above the floors', () => {
  assert.deepEqual(wrap('alpha beta gamma', 10), ['alpha beta', 'gamma'])
  assert.deepEqual(wrap('abcdefghijkl', 5), ['abcde', 'fghij', 'kl'])
  assert.deepEqual(shareWidths([36, 4, 20], [9, 4, 6], 40), [18, 4, 18])
  assert.deepEqual(shareWidths([10, 4], [6, 4], 30), [10, 4])
  const t = drawTable({head: ['Field', 'Value'], rows: [['values', 'a long value that wraps']], width: 30, overflow: 'wrap'})
  assert.ok(!t.cut)
  for (const line of t.text.split('\n')) assert.ok(widthOf(line) <= 30, line)
})
