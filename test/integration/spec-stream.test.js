// The spec stream is byte-for-byte what it was before the dialects were wired
// into the operations (issue 12): a seeded simulate, recorded, times blanked,
// hashes to what trove-notify produced before the wiring (measured on that
// code, commit ffadaa7). A change to what the spec dialect sends must change
// this hash on purpose.
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {runCli} from '../helpers/cli.js'

const BEFORE_THE_WIRING = '04c9cbcf494bb289937a36d248dcda9250377a204439294ab4801917ba54a018'

test('simulate --seed 1 (spec dialect): the recording is byte-identical to the one before the wiring, times aside', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-spec-stream-'))
  const config = join(dir, 'trove-notify.conf')
  writeFileSync(config, '[DEFAULT]\nhost = spec-host\n')
  const log = join(dir, 'spec.log')
  const r = await runCli(['simulate', '--seed', '1', '--operations', '150', '--concurrency', '1', '--error-rate', '0.1',
    '--config-file', config, '--driver', 'log', '--log-file', log], {timeoutMs: 120_000})
  assert.equal(r.code, 0, r.stderr)
  const text = readFileSync(log, 'utf8').replace(/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?/g, 'TIME')
  assert.equal(text.split('\n').length - 1, 377)
  assert.equal(createHash('sha256').update(text).digest('hex'), BEFORE_THE_WIRING)
})
