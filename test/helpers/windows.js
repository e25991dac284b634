// trove.instance.exists audit windows as billing sees them (src/recording/windows.ts):
// grouped per instance, and the check that they tile (first begins at launch,
// each next begins where the previous ended, the last ends where the
// instance's life ends), so Ceilometer's meter summed == the seconds the instance lived.
import assert from 'node:assert/strict'
import {meterSeconds, tilingProblems, windowsByInstance} from '../../dist/recording/windows.js'

export {windowsByInstance}

/** Assert the windows tile from `launched` to `end` (ms); returns Σ meter in seconds. */
export function assertTiling(windows, launched, end, label) {
  assert.deepEqual(tilingProblems(windows, launched, end), [], `${label}: the windows tile from launch to ${new Date(end).toISOString()}`)
  return meterSeconds(windows)
}
