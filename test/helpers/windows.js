// trove.instance.exists audit windows as billing sees them: grouped per
// instance, and the check that they tile (first begins at launch, each next
// begins where the previous ended, the last ends where the instance's life
// ends), so Ceilometer's meter summed == the seconds the instance lived.
import assert from 'node:assert/strict'

/** Inner oslo messages → Map instance_id → [[beginning ms, ending ms, payload], …] in order. */
export function windowsByInstance(messages) {
  const by = new Map()
  for (const m of messages.filter((x) => x.event_type === 'trove.instance.exists')) {
    const p = m.payload
    if (!by.has(p.instance_id)) by.set(p.instance_id, [])
    by.get(p.instance_id).push([Date.parse(p.audit_period_beginning), Date.parse(p.audit_period_ending), p])
  }
  for (const ws of by.values()) ws.sort((a, b) => a[0] - b[0])
  return by
}

/** Assert the windows tile from `launched` to `end` (ms); returns Σ meter in seconds. */
export function assertTiling(windows, launched, end, label) {
  assert.ok(windows?.length > 0, `${label}: no window`)
  assert.equal(windows[0][0], launched, `${label}: the first window begins at launch`)
  for (let i = 1; i < windows.length; i++) assert.equal(windows[i][0], windows[i - 1][1], `${label}: window ${i} begins where window ${i - 1} ended`)
  for (const [b, e] of windows) assert.ok(e > b, `${label}: every window has a length`)
  assert.equal(windows.at(-1)[1], end, `${label}: the last window ends at ${new Date(end).toISOString()}`)
  const meterMs = windows.reduce((s, [b, e]) => s + (e - b), 0)
  assert.equal(meterMs, end - launched, `${label}: Σ meter == time lived`)
  return meterMs / 1000
}
