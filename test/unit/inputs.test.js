// Each operation's input, declared once (src/inputs), and what is derived
// from it: every catalog operation has a declaration the command, the
// simulator and the operation share; the simulator's scenario arguments and
// their checks come from it (Trove's input rules refuse a scenario file
// before anything runs); the codecs read troveclient's syntax.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {BEYOND_SPEC_OPERATION_NAMES, OPERATION_NAMES} from '../../dist/events/catalog.js'
import {keyValues, member, nic, userSpec} from '../../dist/inputs/codecs.js'
import {DECLARATIONS} from '../../dist/inputs/index.js'
import {scenarioKey} from '../../dist/inputs/schema.js'
import {CALLS} from '../../dist/operations/calls.js'
import {findSimOperation, SIM_OPERATIONS} from '../../dist/simulate/operations.js'
import {inputFromArgs} from '../../dist/simulate/registry.js'
import {parseScenario} from '../../dist/simulate/scenario.js'

test('every operation of the catalog (the spec\'s 29 and Trove 18\'s nine) has one declaration and one call, and nothing else does', () => {
  const all = [...OPERATION_NAMES, ...BEYOND_SPEC_OPERATION_NAMES]
  assert.equal(Object.keys(DECLARATIONS).length, 38)
  assert.deepEqual(Object.keys(DECLARATIONS).sort(), [...all].sort())
  assert.deepEqual(Object.keys(CALLS).sort(), Object.keys(DECLARATIONS).sort())
  for (const [op, d] of Object.entries(DECLARATIONS)) assert.equal(d.operation, op)
})

test("the simulator's scenario arguments are the declaration's", () => {
  for (const e of SIM_OPERATIONS) {
    const decl = DECLARATIONS[e.operation]
    const keys = Object.entries(decl.fields).map(([n, f]) => scenarioKey(n, f)).filter(Boolean)
    const only = e.args?.only ?? keys
    assert.deepEqual(Object.keys(e.params), keys.filter((k) => only.includes(k)), e.kind)
  }
  assert.equal(findSimOperation('replica_create').params.replica_of.required, true)
  assert.equal(findSimOperation('instance_create').params.replica_of.required, false)
})

test('scenario arguments become the same input the command builds', () => {
  const decl = DECLARATIONS.instance_create
  assert.deepEqual(inputFromArgs(decl, {
    name: 'db1', size: 2, databases: 'shop,crm', users: [{name: 'app', password: 'pw'}], volume_type: 'ssd', nics: [{'net-id': 'n1'}],
  }), {name: 'db1', size: 2, volumeType: 'ssd', databases: ['shop', 'crm'], users: [{name: 'app', password: 'pw', host: undefined}], nics: [{netId: 'n1'}]})
  assert.deepEqual(inputFromArgs(DECLARATIONS.instance_delete, {instance: 'db1'}), {instances: ['db1']})
  assert.deepEqual(inputFromArgs(DECLARATIONS.cluster_grow, {cluster: 'c', instances: [{flavor: 2, volume: 1, availability_zone: 'az2'}]}),
    {cluster: 'c', instances: [{flavor: '2', volume: 1, availabilityZone: 'az2'}]})
})

test("a scenario file breaking Trove's input rules is refused when loaded, naming the line", () => {
  const step = (args) => `steps:\n  - operation: instance create\n    args: ${args}\n`
  for (const [args, message] of [
    ['{name: "   ", flavor: "2"}', /f\.yaml:3: argument "name" of step "step 1" must contain a letter or a digit/],
    [`{name: ${'x'.repeat(300)}, flavor: "2"}`, /is 300 characters long; Trove accepts at most 255/],
    ['{name: db1, size: 0}', /argument "size" of step "step 1" must be at least 1, got 0/],
    ['{name: db1, replica_of: x, replica_count: 5}', /replica_count" of step "step 1" must be 1 to 3, got 5/],
    ['{name: db1, users: [{name: "bad name!", password: pw}]}', /User name 'bad name!' is not valid/],
    ['{name: db1, nics: [{foo: bar}]}', /nics.*needs net-id, subnet-id or port-id/],
    ['{name: db1, locality: near}', /must be one of affinity, anti-affinity/],
  ]) {
    assert.throws(() => parseScenario(step(args), 'f.yaml'), (e) => e.exitCode === 2 && message.test(e.message), args)
  }
  // {i} is checked as a number; references are resolved (and checked by Trove's rules in the operation) at run time.
  const ok = parseScenario(`${step('{name: "db{i}", flavor: "2"}')}    as: db\n  - operation: instance delete\n    args: {instance: $db}\n`, 'f.yaml')
  assert.equal(ok.steps.length, 2)
})

test("codecs read troveclient's syntax", () => {
  assert.deepEqual(keyValues("flavor=2,nic='net-id=a,v4-fixed-ip=1.2.3.4',volume=1"), [['flavor', '2'], ['nic', 'net-id=a,v4-fixed-ip=1.2.3.4'], ['volume', '1']])
  assert.deepEqual(member().fromText("flavor=2,volume=3,nic='net-id=5e1f6a3c-0b8e-4d27-9c1a-2f4b6d8e0a13',type=a,type=b"),
    {flavor: '2', volume: 3, nics: [{netId: '5e1f6a3c-0b8e-4d27-9c1a-2f4b6d8e0a13'}], type: ['a', 'b']})
  assert.throws(() => member().fromText('flavor=2,volume=1,related_to=x'), /unknown key "related_to"/)
  assert.equal(member({grow: true}).fromText('flavor=2,volume=1,related_to=x').relatedTo, 'x')
  assert.throws(() => member().fromText('flavor=2'), /needs volume=GB as a whole number/)
  assert.equal(member().check(member().fromText('flavor=2,volume=0')), "volume must be at least 1 GB, got 0 (Trove's API schema)")
  assert.throws(() => nic.fromText('foo=bar'), /unknown key "foo"/)
  assert.equal(nic.check(nic.fromText('net-id=5e1f6a3c-0b8e-4d27-9c1a-2f4b6d8e0a13,port-id=5e1f6a3c-0b8e-4d27-9c1a-2f4b6d8e0a13')), 'give net-id or port-id, not both')
  assert.equal(nic.check(nic.fromText('net-id=5e1f6a3c-0b8e-4d27-9c1a-2f4b6d8e0a13,ip-address=10.0.0.5')), 'ip-address needs subnet-id (the subnet the address is in)')
  const users = userSpec()
  assert.deepEqual(users.fromText('app:s3:cr3t'), {name: 'app', password: 's3:cr3t'})
  assert.deepEqual(users.fromText('app:pw@10.0.0.%'), {name: 'app', password: 'pw', host: '10.0.0.%'})
  assert.deepEqual(users.fromText('app'), {name: 'app', password: ''}, 'left out: filled in from stdin, the environment or a prompt')
  assert.equal(users.secret.get(users.fromText('app:-')), '-')
  assert.deepEqual(users.show(users.fromText('app:pw')), {name: 'app', password: '********'})
})
