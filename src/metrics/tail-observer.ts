/**
 * What `tail` hands its live metrics: every message read (by event type and
 * priority), the violations and Trove 18 departures `--check` found, the
 * skipped deliveries by reason, the lifecycles `--lifecycle` closed (their
 * duration by operation and outcome) and those still open.
 */
import type {Finding} from '../tail/checker.js'
import type {LifecycleMark} from '../tail/lifecycle.js'
import type {TailObserver} from '../tail/session.js'
import type {MetricsRecorder} from './recorder.js'
import {labelKey} from './sample.js'

export function tailObserver(recorder: MetricsRecorder): TailObserver {
  const durations = recorder.histogram('observed_lifecycle')
  return {
    message(eventType: string, priority: string, findings: readonly Finding[] | undefined, mark: LifecycleMark | undefined): void {
      const type = eventType || '(no event_type)'
      recorder.incBy('consumed', labelKey(type, priority))
      for (const f of findings ?? []) if (!f.note) recorder.incBy(f.departure ? 'departures' : 'violations', type)
      if (mark?.kind === 'closed') durations.observe(labelKey(mark.startEventType.replace(/\.start$/, '').replace(/^dbaas\./, ''), mark.phase), mark.durationMs)
    },
    skipped(reason: string): void {
      recorder.incBy('skipped', reason)
    },
  }
}
