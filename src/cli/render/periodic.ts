/**
 * Human output of the periodic commands (`quotas`, `exists`): what will run,
 * one line per run (published, confirmed, took), and the rows of `quotas
 * show`.
 */
import type {QuotaRow} from '../../periodic/quotas.js'
import type {PeriodicRun} from '../../periodic/run.js'
import {safe} from './sanitize.js'
import {Formatted, type Listing} from './format.js'
import {c} from './style.js'

/** `Publishing dbaas.quotas every 60 s until Ctrl-C` and the like. */
export function renderSchedule(eventType: string, interval: number | undefined, count: number | undefined): string {
  const every = interval === undefined ? '' : ` every ${interval} s`
  const how = count === 1 ? 'once' : count === undefined ? `${every.trim()}, until Ctrl-C` : `${count} times,${every}`
  return c.dim(`Publishing ${eventType} ${how}`)
}

/** One line per run: `✔ run 2/3  dbaas.quotas  6 published, 6 confirmed, took 12.5 ms  (2 tenants)`. */
export function renderRun(index: number, count: number | undefined, r: PeriodicRun, detail: string): string {
  const n = count === undefined ? `run ${index + 1}` : `run ${index + 1}/${count}`
  return `${c.green('✔')} ${n.padEnd(10)} ${c.bold(r.event_type)}  ${r.published} published, ${r.confirmed} confirmed, took ${r.took_ms} ms  ${c.dim(detail)}`
}

/** Why nothing was published. */
export function renderDisabled(eventType: string, source: string): string {
  return `${eventType} is disabled (${safe(source)} < 0): nothing published. Set a positive interval to publish.`
}

/** `quotas show`: resource, in use, reserved, limit (-1 = unlimited, shown so in tables). */
export function quotaListing(rows: readonly QuotaRow[]): Listing {
  return {
    columns: ['Resource', 'In use', 'Reserved', 'Limit', 'Updated'],
    hidden: ['Updated'],
    rows: rows.map((r) => [r.resource, r.in_use, r.reserved, r.limit < 0 ? new Formatted('unlimited', r.limit) : r.limit, r.updated ?? null]),
  }
}
