/**
 * Trove's domain failures. An operation that breaks one of Trove's rules
 * throws one of these; the lifecycle turns it into a `.error` notification
 * (message + traceback-style exception, class names as Trove's) and an
 * `outcome: 'error'` result. They are never shown as a crash.
 */

export type TroveExceptionClass =
  | 'NotFound' | 'BadRequest' | 'UnprocessableEntity' | 'QuotaExceeded' | 'Forbidden'
  | 'FlavorNotFound' | 'DatastoreNotFound' | 'DatastoreVersionNotFound' | 'BackupNotFound'
  | 'ClusterNotFound' | 'ConfigurationNotFound' | 'DatabaseNotFound' | 'UserNotFound'
  | 'VolumeQuotaExceeded' | 'InvalidModelError' | 'ReplicationSlaveAttachError'
  | 'DatabaseAlreadyExists' | 'UserAlreadyExists' | 'BackupCreationError'
  | 'ClusterActionError' | 'ConfigurationParameterInvalid' | 'TroveError'
  | 'GuestError'

export class TroveError extends Error {
  readonly troveClass: TroveExceptionClass
  readonly module: string

  constructor(troveClass: TroveExceptionClass, message: string, module = 'trove.common.exception') {
    // No stack trace: a TroveError is a rule's answer, never a crash (the traceback published is
    // Trove's, built from the operation), and capturing one costs more than the rest of a refusal.
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(message)
    Error.stackTraceLimit = limit
    this.troveClass = troveClass
    this.module = module
    this.name = troveClass
  }

  /** `trove.common.exception.NotFound` — what Python's traceback prints. */
  get qualifiedName(): string {
    return `${this.module}.${this.troveClass}`
  }
}

export const notFound = (what: string, ref: string, cls: TroveExceptionClass = 'NotFound'): TroveError =>
  new TroveError(cls, `${what} ${ref} could not be found.`)

export const badRequest = (message: string): TroveError => new TroveError('BadRequest', message)

export const unprocessable = (message: string): TroveError => new TroveError('UnprocessableEntity', message)

/** Trove's QuotaExceeded wording, naming the resource(s). */
export const quotaExceeded = (resources: readonly string[], detail: string): TroveError =>
  new TroveError('QuotaExceeded', `Quota exceeded for resources: ${JSON.stringify(resources).replace(/"/g, "'")}. ${detail}`)

/** The failure `--fail MESSAGE` injects into the component that finishes the work. */
export const injected = (message: string, component: 'api' | 'task' | 'conductor'): TroveError =>
  new TroveError(component === 'conductor' ? 'GuestError' : 'TroveError', message)
