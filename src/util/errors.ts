/**
 * Errors a user sees: one line naming the problem, and a "try" line naming the
 * fix. The base command maps them to exit codes (2 usage, 1 runtime); any
 * other error is a bug, shown as one line (a stack only under DEBUG).
 */

export class UserError extends Error {
  constructor(message: string, readonly suggestion?: string, readonly exitCode = 1) {
    super(message)
    this.name = new.target.name
  }
}

/** Bad input: exit 2, nothing published, the state store untouched. */
export class UsageError extends UserError {
  constructor(message: string, suggestion?: string) {
    super(message, suggestion, 2)
  }
}

/** The broker cannot be reached or refused what we asked: exit 1. */
export class TransportError extends UserError {}

/** The state store cannot be opened or is damaged: exit 1. */
export class StateError extends UserError {}
