// The lifecycle in both dialects, in-process: a request Trove 18 refuses
// before its StartNotification sends nothing in trove-18 (and .start +
// .error in the spec); one refused after it sends .start + .error in both;
// a call Trove 18 sends as one lifecycle (several databases) is one there;
// the world ends the same way in both.
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {call} from '../../dist/operations/calls.js'
import {world} from '../helpers/world.js'

/** Run the same requests in both dialects; per dialect the event types of each request, and the outcomes. */
async function both(requests) {
  const out = {}
  for (const dialect of ['spec', 'trove-18']) {
    const w = world({backend: 'memory', settingsOverride: {dialect, host: '10.0.0.2'}})
    const rows = []
    for (const [op, input] of requests) {
      w.reset()
      const r = await call(op, w.ctx(), input)
      const results = Array.isArray(r) ? r : [r]
      rows.push({events: w.events(), outcomes: results.map((x) => x.outcome)})
    }
    out[dialect] = rows
  }
  return out
}

test('refused before Trove 18\'s StartNotification: nothing in trove-18, .start + .error in the spec; the same outcome', async () => {
  const requests = [
    ['instance_create', {name: 'db1', flavor: '2'}],
    ['instance_restart', {instance: 'ghost'}],
    ['instance_create', {name: 'db2', flavor: 'no-such-flavor'}],
    ['user_grant', {instance: 'db1', name: 'nobody', databases: ['shop']}],
    ['upgrade', {instance: 'db1', datastoreVersion: '9.9'}],
    ['cluster_upgrade', {cluster: 'ghost', datastoreVersion: '1.0'}],
    ['configuration_delete', {configuration: 'ghost'}],
  ]
  const got = await both(requests)
  for (const [i, [op]] of requests.entries()) {
    assert.deepEqual(got['trove-18'][i].outcomes, got.spec[i].outcomes, op)
    if (i === 0) continue
    assert.deepEqual(got['trove-18'][i].events, [], `${op}: trove-18 sends nothing`)
    assert.deepEqual(got.spec[i].events, [`dbaas.${op}.start`, `dbaas.${op}.error`], `${op}: the spec sends .start and .error`)
  }
})

test('refused after the StartNotification (Trove 18 checks it inside): .start + .error in both', async () => {
  const requests = [
    ['instance_create', {name: 'db1', flavor: '2'}],
    ['backup_create', {name: 'b1', instance: 'ghost'}],
    ['user_grant', {instance: 'ghost', name: 'app', databases: ['shop']}],
    ['instance_reboot', {instance: 'db1'}],
  ]
  const got = await both(requests)
  for (const [i, [op]] of requests.slice(1, 3).entries()) {
    assert.deepEqual(got['trove-18'][i + 1].events, [`dbaas.${op}.start`, `dbaas.${op}.error`], op)
    assert.deepEqual(got.spec[i + 1].events, [`dbaas.${op}.start`, `dbaas.${op}.error`], op)
  }
  assert.deepEqual(got['trove-18'][3].events, ['dbaas.instance_reboot.start', 'dbaas.instance_reboot.end'])
})

test('several databases in one call: one lifecycle per database in the spec, one for the call in trove-18', async () => {
  const got = await both([['instance_create', {name: 'db1', flavor: '2'}], ['database_create', {instance: 'db1', names: ['a', 'b', 'c']}]])
  assert.deepEqual(got.spec[1].events, ['start', 'end', 'start', 'end', 'start', 'end'].map((p) => `dbaas.database_create.${p}`))
  assert.deepEqual(got['trove-18'][1].events, ['dbaas.database_create.start', 'dbaas.database_create.end'])
  assert.deepEqual(got['trove-18'][1].outcomes, got.spec[1].outcomes)
})
