// The input rules of src/inputs/rules.ts against Trove 18's own API schema:
// every sample value is validated by trove.common.apischema with the
// jsonschema Draft4 validator Trove's WSGI layer uses (through
// /usr/bin/python3), and our rule must agree — accepting what Trove accepts,
// refusing (as a usage error) what Trove's schema refuses before a `.start`.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {test} from 'node:test'
import {integer} from '../../dist/inputs/codecs.js'
import {cidr, hostString, ipv4, troveName, troveString, uuid} from '../../dist/inputs/rules.js'

const TEXTS = ['', ' ', '   ', 'a', 'db1', 'my db', 'x'.repeat(255), 'x'.repeat(256), 'ab\ncd', 'ab\n', '\n', '\nab', 'é', '名前', 'é1',
  '!!!', '-_-', '\u001b[2Ja', 'a\tb', 'a\rb', '\u202Eab', 'x'.repeat(1000), 'a'.repeat(100_000)]
const HOSTS = ['%', '10.0.0.%', '%.example.com', 'host-1', 'a(b)', '::1', '10.%.0.1', '%%', 'ex ample', 'héte', '']
const UUIDS = ['5e1f6a3c-0b8e-4d27-9c1a-2f4b6d8e0a13', '5E1F6A3C-0B8E-4D27-9C1A-2F4B6D8E0A13', 'private', '5e1f6a3c0b8e4d279c1a2f4b6d8e0a13', '']
const IPS = ['10.0.0.1', '999.1.1.1', '10.0.0', '::1', '10.0.0.1/24']
const CIDRS = ['10.0.0.0/24', '10.0.0.1', '10.0.0.0/33', '10.0.0.0/032', 'any']
const INTEGERS = [0, 1, 2, 3, 4, -1]

/** Trove's verdicts, in one python run. */
function trove(cases) {
  return JSON.parse(execFileSync('/usr/bin/python3', [new URL('./apischema_check.py', import.meta.url).pathname], {input: JSON.stringify(cases), encoding: 'utf8'}))
}

const ours = {
  non_empty_string: (v) => troveString(v) === undefined,
  name_string: (v) => troveName(v) === undefined,
  host_string: (v) => hostString(v) === undefined,
  uuid: (v) => uuid(v) === undefined,
  ip_address_v4: (v) => ipv4(v) === undefined,
  allowed_cidr: (v) => cidr(v) === undefined,
  volume_size: (v) => integer({min: 1}).check(v) === undefined,
  instance_replica_count: (v) => integer({min: 1, max: 3}).check(v) === undefined,
}

test("our input rules accept exactly what Trove 18's API schema accepts", () => {
  const cases = [
    ...TEXTS.flatMap((v) => [['non_empty_string', v], ['name_string', v]]),
    ...HOSTS.map((v) => ['host_string', v]),
    ...UUIDS.map((v) => ['uuid', v]),
    ...IPS.map((v) => ['ip_address_v4', v]),
    ...CIDRS.map((v) => ['allowed_cidr', v]),
    ...INTEGERS.flatMap((v) => [['volume_size', v], ['instance_replica_count', v]]),
  ]
  const verdicts = trove(cases)
  const disagree = cases.flatMap(([name, v], i) => (ours[name](v) === verdicts[i] ? [] : [`${name}(${JSON.stringify(v).slice(0, 40)}): Trove says ${verdicts[i] ? 'valid' : 'invalid'}`]))
  assert.deepEqual(disagree, [])
})

test('the messages name the limit and never repeat a secret', () => {
  assert.equal(troveString('x'.repeat(300)), 'is 300 characters long; Trove accepts at most 255')
  assert.equal(troveString('   '), 'must contain a letter or a digit (Trove refuses "   ")')
  assert.equal(troveString('!!s3cr3t-no', {secret: true}), undefined)
  assert.ok(!troveString('!!!!', {secret: true}).includes('!!!!'))
})
