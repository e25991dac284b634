// Whether the owner of a row in the state store (an outbox row, an
// operation in flight) is gone: asked of real processes of this host.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {test} from 'node:test'
import {ME, ownerGone} from '../../dist/util/owner.js'
import {until} from '../helpers/tail.js'

const linux = existsSync('/proc/self/stat') ? false : 'no /proc here'

test('a live process is not gone; one that exited is; this very pid counts as an earlier process\'s', async () => {
  const child = spawn('sleep', ['30'], {stdio: 'ignore'})
  try {
    await until(() => child.pid !== undefined, 10_000, 'the child to start')
    assert.equal(ownerGone({host: ME.host, pid: child.pid}), false)
    assert.equal(ownerGone({host: 'another-host', pid: child.pid}), false, 'another host cannot be asked')
  } finally {
    child.kill('SIGKILL')
  }
  await new Promise((r) => child.once('close', r))
  assert.equal(ownerGone({host: ME.host, pid: child.pid}), true)
  assert.equal(ownerGone(ME), true)
})

test('a killed process its parent has not reaped yet (a zombie) is gone', {skip: linux}, async () => {
  // sh starts `sleep 0` in the background, then becomes `sleep 30`, which never reaps it.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], {stdio: ['ignore', 'pipe', 'ignore']})
  try {
    let out = ''
    parent.stdout.on('data', (d) => { out += d })
    await until(() => /\d+\n/.test(out), 10_000, 'the background pid')
    const pid = Number(out.trim())
    const state = () => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      return stat[stat.lastIndexOf(')') + 2]
    }
    await until(() => state() === 'Z', 10_000, 'the zombie')
    assert.equal(ownerGone({host: ME.host, pid}), true)
  } finally {
    parent.kill('SIGKILL')
  }
})

test('a pid that came round again to a process started after the owner wrote its row is gone', {skip: linux}, async () => {
  const child = spawn('sleep', ['30'], {stdio: 'ignore'})
  try {
    await until(() => child.pid !== undefined, 10_000, 'the child to start')
    const owner = {host: ME.host, pid: child.pid}
    assert.equal(ownerGone(owner, new Date(Date.now() - 3_600_000).toISOString()), true, 'written an hour before this process started')
    assert.equal(ownerGone(owner, new Date().toISOString()), false, 'written after it started: its own')
  } finally {
    child.kill('SIGKILL')
  }
})
