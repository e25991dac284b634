/**
 * How the simulated Trove publishes what it builds: the payload is checked
 * against the catalog first (a payload our own code builds that misses a
 * required field is a bug, refused before anything is sent), then handed to
 * the notifier. The check is here, above messaging, so the transport knows
 * nothing of the catalog (and a tool that sends payloads as given need not
 * pass through it).
 */
import {assertPayload} from '../events/payload.js'
import type {DialectName} from '../events/types.js'
import type {Notifier, Outgoing, Published} from '../messaging/notifier.js'

/** Check one notification against the catalog of `dialect` (default spec) and publish it to every topic. */
export function publish(notifier: Notifier, n: Outgoing, dialect?: DialectName): Published {
  assertPayload(n.eventType, n.payload, dialect)
  return notifier.notify(n)
}
