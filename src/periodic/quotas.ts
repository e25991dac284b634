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
  return world.tx(() => {
    const tenants = world.tenants()
    for (const tenant of tenants) world.quotas.stamp(tenant, isoTime(now))
    return tenants.flatMap((tenant) => quotaRows(world, limits, tenant))
  })
}

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
 */
export async function publishQuotas(ctx: PeriodicContext, now: Date = ctx.clock.now(), taskmanagers = 1): Promise<QuotasRun> {
  if (!Number.isInteger(taskmanagers) || taskmanagers < 1) throw new Error(`bug: ${taskmanagers} taskmanagers`)
  const started = performance.now()
  const rows = quotaSnapshot(ctx.world, ctx.settings.limits, now)
  const dialect = dialectOf(ctx)
  const facts = rows.map(quotaFacts)
  const sent: Published[] = []
  for (let tm = 0; tm < taskmanagers; tm++) {
    const messages = dialect.quotas({periodic: periodicFacts(ctx), publisherId: taskmanagerPublisher(ctx.settings.host, tm, taskmanagers), rows: facts})
    for (const w of messages) sent.push(deliverQuota(ctx, dialect.name, w))
  }
  const run = await confirmRun(ctx, QUOTAS_EVENT.eventType, now, sent, started)
  return {...run, tenants: new Set(rows.map((r) => r.tenant_id)).size, taskmanagers}
}
