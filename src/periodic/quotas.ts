/**
 * `dbaas.quotas` (spec 1.2.1.6): for every tenant the world knows and each
 * quota resource (instances, volumes in GB, backups), what is in use, what is
 * reserved by work in flight, the limit, and `updated` — the time of the last
 * allocation event of that tenant and resource (quota_usages.updated_at, kept
 * by src/state/quotas.ts). Each simulated taskmanager emits its own full
 * set, as the spec notes.
 *
 * `updated` of a resource never allocated: Trove's periodic task reads the
 * usage record through get_quota_usage, which creates an empty one (in use 0,
 * reserved 0) stamped with the current time when there is none. We do the
 * same: the first report of such a resource creates its usage record, and
 * `updated` is that time in every report until an allocation changes it — so
 * the field is always a valid time, and it stays put while nothing happens.
 */
import {getEvent} from '../events/catalog.js'
import {isoTime} from '../messaging/envelope.js'
import type {Published} from '../messaging/notifier.js'
import type {QuotaFacts} from '../events/dialect/facts.js'
import type {WireNotification} from '../events/dialect/index.js'
import type {DialectName} from '../events/types.js'
import {dialectOf} from '../operations/lifecycle.js'
import {publish} from '../operations/publish.js'
import type {Limits} from '../settings/settings.js'
import {QUOTA_RESOURCES, type QuotaResource} from '../state/quotas.js'
import type {World} from '../state/world.js'
import {UsageError} from '../util/errors.js'
import {confirmRun, type PeriodicContext, type PeriodicRun, periodicFacts, taskmanagerPublisher} from './run.js'

export const QUOTAS_EVENT = getEvent('dbaas.quotas')

/** One tenant's quota of one resource, as `quotas show` lists it and dbaas.quotas reports it. */
export interface QuotaRow {
  readonly tenant_id: string
  readonly resource: QuotaResource
  readonly in_use: number
  readonly reserved: number
  /** The limit; -1 = unlimited. */
  readonly limit: number
  /** Last allocation event, ISO 8601 with Z; null when never allocated (and never reported). */
  readonly updated: string | null
}

/** A stored time as ISO 8601 with Z (whatever ISO form it was written in). */
function iso(value: string): string {
  return isoTime(new Date(value))
}

/** The quota rows of one tenant, in the spec's resource order. */
export function quotaRows(world: World, limits: Limits, tenantId: string): QuotaRow[] {
  return QUOTA_RESOURCES.map((resource) => {
    const usage = world.quotas.usage(tenantId, resource)
    return {
      tenant_id: tenantId,
      resource,
      in_use: usage.in_use,
      reserved: usage.reserved,
      limit: world.quotas.limit(tenantId, resource, limits),
      updated: usage.updated_at === null ? null : iso(usage.updated_at),
    }
  })
}

/**
 * Every tenant's rows, read in one transaction (a consistent snapshot), after
 * giving each missing usage record its first `updated` (see the header).
 */
export function quotaSnapshot(world: World, limits: Limits, now: Date): QuotaRow[] {
  return world.tx(() => quotaPage(world, limits, world.tenants(), now))
}

/** The rows of some tenants (a page of them), each tenant's usage records stamped first; call it inside a tx. */
function quotaPage(world: World, limits: Limits, tenants: readonly string[], now: Date): QuotaRow[] {
  for (const tenant of tenants) world.quotas.stamp(tenant, isoTime(now))
  return tenants.flatMap((tenant) => quotaRows(world, limits, tenant))
}

/** Tenants per page of a command's quotas run. */
export const QUOTAS_PAGE = 500

/** `--taskmanagers`: 1 when not given, else a whole number ≥ 1. */
export function taskmanagerCount(n: number | undefined): number {
  if (n === undefined) return 1
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--taskmanagers must be a whole number ≥ 1, got ${n}`, 'e.g. trove-notify quotas --once --taskmanagers 3')
  return n
}

/** A quota resource name as typed, or a usage error listing the valid ones. */
export function parseQuotaResource(text: string): QuotaResource {
  const resource = text.trim().toLowerCase()
  if (!(QUOTA_RESOURCES as readonly string[]).includes(resource)) {
    throw new UsageError(`unknown quota resource "${text}"`, `use one of ${QUOTA_RESOURCES.join(', ')}, e.g. trove-notify quotas update TENANT volumes 100`)
  }
  return resource as QuotaResource
}

/** A quota limit as typed: a whole number ≥ 0, or -1 for unlimited. */
export function parseQuotaLimit(text: string): number {
  const t = text.trim()
  if (!/^-?\d+$/.test(t) || Number(t) < -1 || !Number.isSafeInteger(Number(t))) {
    throw new UsageError(`the limit must be a whole number ≥ 0 (or -1 for unlimited), got "${text}"`, 'e.g. trove-notify quotas update TENANT instances 20')
  }
  return Number(t)
}

/** Store a tenant's limit of one resource (Trove's mgmt quota update: no notification); returns the tenant's rows. */
export function updateQuota(world: World, limits: Limits, tenantId: string, resource: QuotaResource, limit: number): QuotaRow[] {
  world.tx(() => world.quotas.setLimit(tenantId, resource, limit))
  return quotaRows(world, limits, tenantId)
}

/** A quota row as the dialects read it. */
function quotaFacts(row: QuotaRow): QuotaFacts {
  return {tenantId: row.tenant_id, resource: row.resource, inUse: row.in_use, reserved: row.reserved, limit: row.limit, updated: row.updated as string}
}

/**
 * THE way out of a quotas run: every message the dialect builds for it is
 * sent here (checked against the dialect's catalog, then handed to the notifier).
 */
function deliverQuota(ctx: PeriodicContext, dialect: DialectName, w: WireNotification): Published {
  return publish(ctx.notifier, w, dialect)
}

export interface QuotasRun extends PeriodicRun {
  readonly tenants: number
  readonly taskmanagers: number
}

/**
 * One run: every taskmanager publishes what the dialect says of the quota
 * rows (spec: one dbaas.quotas per tenant and resource, INFO; trove-18:
 * nothing, `quotasSilentBecause`); resolves when the broker confirmed them all.
 *
 * A command's run (its world has an outbox) streams: each taskmanager reads
 * the tenants a page at a time (each page one transaction, its messages
 * confirmed before the next is read), so memory stays flat however many
 * tenants; the messages and their order are those of one snapshot, as long
 * as nothing changes the quotas meanwhile. Simulate's own world is read in
 * one snapshot per run.
 */
export async function publishQuotas(ctx: PeriodicContext, now: Date = ctx.clock.now(), taskmanagers = 1): Promise<QuotasRun> {
  if (!Number.isInteger(taskmanagers) || taskmanagers < 1) throw new Error(`bug: ${taskmanagers} taskmanagers`)
  const started = performance.now()
  const dialect = dialectOf(ctx)
  const {world} = ctx
  const limits = ctx.settings.limits
  const tenants = world.tx(() => world.tenants())
  const pageSize = ctx.notifier.keepsOutbox ? QUOTAS_PAGE : Math.max(tenants.length, 1)
  const snapshot = pageSize >= tenants.length ? world.tx(() => quotaPage(world, limits, tenants, now)).map(quotaFacts) : undefined
  let notifications = 0
  let published = 0
  for (let tm = 0; tm < taskmanagers; tm++) {
    const publisherId = taskmanagerPublisher(ctx.settings.host, tm, taskmanagers)
    const periodic = periodicFacts(ctx)
    // (no tenants: one empty page, so the dialect is asked as always)
    for (let i = 0; i === 0 || i < tenants.length; i += pageSize) {
      // A page's rows are read and its messages queued (in the outbox, if any) in one transaction.
      world.tx(() => {
        const rows = snapshot ?? quotaPage(world, limits, tenants.slice(i, i + pageSize), now).map(quotaFacts)
        for (const w of dialect.quotas({periodic, publisherId, rows})) {
          published += deliverQuota(ctx, dialect.name, w).routing_keys.length
          notifications++
        }
      })
      if (!snapshot) await ctx.notifier.flush() // a page confirmed before the next is read
    }
  }
  const run = await confirmRun(ctx, QUOTAS_EVENT.eventType, now, [], started)
  return {...run, notifications, published, confirmed: published, tenants: tenants.length, taskmanagers}
}
