/**
 * Who a process is, for what it leaves in the state store (outbox rows,
 * operations in flight): its host and pid, and whether the owner of a row
 * is gone. A process on another host cannot be asked; only its deadline
 * tells (operations/recovery.ts).
 */
import {readFileSync} from 'node:fs'
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

/** A pid's process as Linux's /proc tells it: its state letter and when it started (ms); undefined where /proc cannot say. */
function procStat(pid: number): {state: string, startedMs: number} | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // pid (comm) state ppid … : comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))
    // Field 22, starttime, in clock ticks since boot (USER_HZ, 100 on Linux).
    const ticks = Number(fields[19])
    return {state: fields[0] ?? '', startedMs: btime ? Number(btime[1]) * 1000 + ticks * 10 : Number.NaN}
  } catch {
    return undefined
  }
}

/** Slack between a process's start as /proc rounds it (to the second of boot) and what it wrote. */
const START_SLACK_MS = 5000

/**
 * True when `o` is known to be gone: on this host, no process has its pid,
 * or the one that has it is a zombie (killed, not yet reaped by its
 * parent), or started after `since` (an ISO time the owner wrote, e.g. the
 * operation's start: then the pid came round again to another process).
 * Asked before this process owns anything (drain and recovery run first),
 * so a row naming this very pid is an earlier process's whose pid came round again.
 */
export function ownerGone(o: Owner, since?: string): boolean {
  if (o.host !== ME.host) return false
  if (o.pid === ME.pid) return true
  try {
    process.kill(o.pid, 0)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH'
  }
  const proc = procStat(o.pid)
  if (!proc) return false
  if (proc.state === 'Z' || proc.state === 'X') return true
  return since !== undefined && proc.startedMs > Date.parse(since) + START_SLACK_MS
}
