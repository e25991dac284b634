/**
 * Trove 18's known departures from the spec, by name (WIRE.md, "Decisions
 * where the spec and real Trove 18 differ", checked against Trove 18's code:
 * see operations.ts and status.ts beside this file). `tail --check` (the spec
 * dialect) recognises each on the wire and reports it by the name below, so
 * an operator watching a real Trove sees "that is Trove 18 being Trove 18"
 * rather than a wall of violations; `tail --check --dialect trove-18` checks
 * against Trove 18's own shapes instead.
 */
import {BEYOND_SPEC_OPERATION_NAMES} from '../catalog.js'
import {BARE_IP} from '../payload.js'

/** The name of each departure, as printed. */
export const TROVE18 = {
  errorAtInfo: 'trove18: error event at INFO priority',
  quotaEventType: 'trove18: dbaas.quota instead of dbaas.quotas',
  quotaNoTenant: 'trove18: dbaas.quota without tenant_id',
  flavorId: 'trove18: flavor_id instead of flavor',
  serverTypeTaskmanager: 'trove18: server_type taskmanager (spec: task)',
  serverTypeGuest: 'trove18: server_type guest (spec: conductor)',
  accumulatedPayload: 'trove18: whole accumulated payload',
  promoteEjectSwapped: 'trove18: promote/eject swapped',
  clientIpWithoutPort: 'trove18: client_ip without port',
  extraEventType: 'trove18: operation beyond the spec',
  noModifyVolume: 'trove18: resize_volume without trove.instance.modify_volume',
  existsOverlap: 'trove18: overlapping trove.instance.exists audit periods',
} as const

export type Trove18Departure = typeof TROVE18[keyof typeof TROVE18]

/** Trove 18's own quota event type, and the spec's one it stands for. */
export const TROVE18_EVENT_ALIASES: Readonly<Record<string, string>> = {'dbaas.quota': 'dbaas.quotas'}

/**
 * Operations Trove 18 notifies that the spec does not define (the catalog's
 * *beyond the spec (Trove 18)* entries: DBaaSInstanceReboot, … in notification.py).
 */
export const TROVE18_EXTRA_OPERATIONS: ReadonlySet<string> = new Set(BEYOND_SPEC_OPERATION_NAMES)

/** Trove 18's server_type values and the spec's words for them. */
export const TROVE18_SERVER_TYPES: Readonly<Record<string, {spec: string, departure: Trove18Departure}>> = {
  taskmanager: {spec: 'task', departure: TROVE18.serverTypeTaskmanager},
  guest: {spec: 'conductor', departure: TROVE18.serverTypeGuest},
}

/** Trove 18 sends `request.remote_addr`: an IP without the port. */
export function isBareIp(value: unknown): boolean {
  return typeof value === 'string' && BARE_IP.test(value)
}

/**
 * Does this message carry a mark only Trove 18 leaves? (client_ip without
 * port, a taskmanager/guest server_type, an error at INFO.) Used to judge
 * promote/eject, which cannot be told apart on the wire.
 */
export function looksLikeTrove18(payload: Readonly<Record<string, unknown>>, errorAtInfo: boolean): boolean {
  return errorAtInfo || isBareIp(payload.client_ip) || (typeof payload.server_type === 'string' && payload.server_type in TROVE18_SERVER_TYPES)
}
