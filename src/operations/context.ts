/**
 * What an operation runs with: the world (its repositories), the way out (notifier), the
 * runtime (clock, ids), the settings it needs and who is calling. Commands
 * build one per invocation; `simulate` builds one per simulated request.
 * Nothing here knows of oclif, flags or terminals.
 */
import type {Component} from '../events/types.js'
import type {Notifier, Published} from '../messaging/notifier.js'
import type {Settings} from '../settings/settings.js'
import type {World} from '../state/world.js'
import type {Clock, IdSource} from '../util/runtime.js'

/** What operations read of the settings; the dialect (spec unless set) and Trove's service credentials are optional. */
export type OpSettings = Pick<Settings, 'region' | 'host' | 'serviceIds' | 'limits' | 'clientIp' | 'serverIp'>
  & Partial<Pick<Settings, 'dialect' | 'serviceCredentials'>>

export interface Caller {
  readonly tenantId: string
  readonly userId: string
  readonly roles?: readonly string[]
}

export interface OpContext {
  readonly world: World
  readonly notifier: Notifier
  readonly clock: Clock
  readonly ids: IdSource
  readonly settings: OpSettings
  readonly caller: Caller
  /** Seconds the taskmanager / guest agent takes before it finishes. */
  readonly delay: number
  /** Inject a failure: the finishing component fails with this message. */
  readonly fail?: string
  /**
   * The operation outlives its process (a command's world, issue 15): its
   * changes commit with their notifications, an owner record names it while
   * in flight, and `interrupted` (Ctrl-C, SIGTERM) ends its work as a
   * failure. Simulate runs without (its world is its own and thrown away).
   */
  readonly durable?: {readonly interrupted?: AbortSignal}
  /** Told when a simulated resource changes status (progress display). */
  readonly onStatus?: (resource: string, status: string) => void
}

/** The resource an operation acted on, as shown to the user. */
export interface ResourceRef {
  readonly id: string
  readonly name?: string
  readonly status?: string
  readonly [key: string]: unknown
}

/** The result of one lifecycle: what `--json` prints for an operation. */
export interface OperationResult {
  readonly operation: string
  readonly request_id: string
  readonly outcome: 'end' | 'error'
  readonly resource?: ResourceRef
  /** With outcome `error`: the message, and the Trove exception class. */
  readonly error?: string
  readonly error_class?: string
  /** The component that ended the lifecycle (server_type of the last message). */
  readonly ended_by: Component
  readonly notifications: readonly Published[]
}

/** `<service>.<host>`: the publisher_id of a component (the spec dialect's, events/dialect/spec.ts). */
export {specPublisherId as publisherId} from '../events/dialect/spec.js'
