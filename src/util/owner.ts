/**
 * Who a process is, for what it leaves in the state store (outbox rows,
 * operations in flight): its host and pid, and whether the owner of a row
 * is gone. A process on another host cannot be asked; only its deadline
 * tells (operations/recovery.ts).
 */
import {hostname} from 'node:os'

export interface Owner {
  readonly host: string
  readonly pid: number
}

/** This process. */
export const ME: Owner = Object.freeze({host: hostname(), pid: process.pid})

/** `host:pid`, as outbox rows name their owner. */
export function ownerName(o: Owner): string {
  return `${o.host}:${o.pid}`
}

export function parseOwner(name: string): Owner | undefined {
  const i = name.lastIndexOf(':')
  const pid = Number(name.slice(i + 1))
  return i > 0 && Number.isInteger(pid) ? {host: name.slice(0, i), pid} : undefined
}

/**
 * True when `o` is known to be gone: on this host, no process has its pid.
 * Asked before this process owns anything (drain and recovery run first),
 * so a row naming this very pid is an earlier process's whose pid came round again.
 */
export function ownerGone(o: Owner): boolean {
  if (o.host !== ME.host) return false
  if (o.pid === ME.pid) return true
  try {
    process.kill(o.pid, 0)
    return false
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
}
