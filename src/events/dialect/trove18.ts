/**
 * The `trove-18` dialect: what Trove 18.0.0's own code puts on the wire for
 * the same facts. Everything at INFO (`notifier.info`, also for `.error`),
 * the whole accumulated payload in Trove's key order (`.end` and `.error`
 * repeat the `.start` keys), client_ip without port, server_type api /
 * taskmanager / guest, publisher `<server_type>.<CONF.host>` (CONF.host an IP),
 * the full TroveContext, and Trove's own message counts: none for a request
 * refused before its StartNotification, one lifecycle per call where the
 * spec has one per item, two `.start` for a user delete, two `.end` for a
 * configuration create, per-member lifecycles for the rolling cluster
 * operations, no `.end` where Trove never sends one. The data is in
 * ../trove18/; test/interop/trove18-dialect.test.js holds it against Trove's
 * own classes.
 */
import {eventsOf, findEventIn} from '../catalogs.js'
import {TROVE18_TOPIC} from '../trove18/catalog.js'
import {troveOperation, type TroveField, type TroveOperation} from '../trove18/operations.js'
import {
  adminContext, existsFields, existsInstances, isNovaTransformer, requestContext, type StatusField, troveHost, troveIsotime,
  TROVE18_EXISTS_SCHEDULE, TROVE18_QUOTA_TASK, TROVE18_STATUS,
} from '../trove18/status.js'
import type {AnyOperationName, Phase} from '../types.js'
import type {LifecycleFacts, RequestFacts, StatusChangeFacts} from './facts.js'
import {type FailingComponent, tracebackLines} from './traceback.js'
import type {Dialect, WireNotification} from './types.js'

type ServerType = 'api' | 'taskmanager' | 'guest'

const TRACE_COMPONENT: Readonly<Record<ServerType, FailingComponent>> = {api: 'api', taskmanager: 'task', guest: 'conductor'}

/** The keys a field list gives for some facts; an optional key without a value is left out. */
function render<F>(fields: ReadonlyArray<TroveField<F> | StatusField<F>>, facts: F): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const value = f.value(facts)
    if (value === undefined && f.presence === 'optional') continue
    out[f.name] = value === undefined ? null : value
  }
  return out
}

/** DBaaSAPINotification.__init__'s keys, in its order. */
function base(r: RequestFacts, serverType: ServerType): Record<string, unknown> {
  return {request_id: r.requestId, server_type: serverType, client_ip: r.clientIp, server_ip: r.serverIp, tenant_id: r.tenantId}
}

interface Sender {
  readonly f: LifecycleFacts
  readonly o: TroveOperation
}

function wire(f: LifecycleFacts, eventType: string, serverType: ServerType, payload: Record<string, unknown>): WireNotification {
  return {eventType, priority: 'INFO', publisherId: `${serverType}.${troveHost(f.request.host)}`, payload, context: requestContext(f.request)}
}

/** The `.start` keys (the handler's StartNotification kwargs), with a batch's items joined as Trove does. */
function startKeys({f, o}: Sender): Record<string, unknown> {
  const keys = render(o.start, f.start)
  if (o.batch && f.batch) keys[o.batch.field] = o.batch.join === 'list' ? [...f.batch.names] : f.batch.names.join(o.batch.join)
  return keys
}

function endKeys({f, o}: Sender): Record<string, unknown> {
  return f.end === undefined ? {} : render(o.end, f.end as never)
}

function errorKeys(s: Sender, serverType: ServerType): Record<string, unknown> {
  const e = s.f.error
  if (!e) throw new Error(`bug: dbaas.${s.o.eventAction}.error without error facts`)
  const qualified = `${e.exceptionModule ?? 'trove.common.exception'}.${e.exceptionClass}`
  return {message: e.message, exception: tracebackLines(s.f.operation, TRACE_COMPONENT[serverType], qualified, e.message)}
}

const type = (o: TroveOperation, phase: Phase): string => `dbaas.${o.eventAction}.${phase}`

function start(s: Sender): WireNotification[] {
  const {f, o} = s
  return [wire(f, type(o, 'start'), 'api', {...base(f.request, 'api'), ...startKeys(s)})]
}

/** models.User.delete: a second StartNotification whose username is the MySQLUser serialized (a dict). */
function serializedUser(s: Sender): Record<string, unknown> | undefined {
  if (!s.o.quirks.includes('second-start') || s.f.operation !== 'user_delete') return undefined
  const u = s.f.start as LifecycleFacts<'user_delete'>['start']
  return {username: {_name: u.username, _password: null, _host: u.host, _databases: [], _is_root: false}}
}

/** The API hands the work on: Trove 18 sends user delete's second .start here. */
function handoff(s: Sender): WireNotification[] {
  const user = serializedUser(s)
  return user ? [wire(s.f, type(s.o, 'start'), 'api', {...base(s.f.request, 'api'), ...startKeys(s), ...user})] : []
}

/** The `.start` keys as the finishing component holds them (after the hand-off). */
function handedKeys(s: Sender): Record<string, unknown> {
  return {...startKeys(s), ...serializedUser(s)}
}

/** The lifecycle Trove runs for one cluster member (taskmanager or API), under the cluster's request. */
function memberLifecycle(s: Sender, member: string, memberOp: AnyOperationName, serverType: ServerType, failed: boolean): WireNotification[] {
  const {f} = s
  const request = {...base(f.request, serverType), ...startKeys(s)}
  const action = troveOperation(memberOp).eventAction
  const own: Record<string, unknown> = {instance_id: member}
  if (memberOp === 'upgrade') own.datastore_version_id = (f.start as LifecycleFacts<'cluster_upgrade'>['start']).datastoreVersionId
  if (memberOp === 'instance_attach_configuration') own.configuration_id = (f.start as LifecycleFacts<'cluster_attach_configuration'>['start']).configurationId
  const payload = {...request, ...own}
  const msg = (phase: Phase, extra: Record<string, unknown> = {}): WireNotification => wire(f, `dbaas.${action}.${phase}`, serverType, {...payload, ...extra})
  if (failed) return [msg('start'), msg('error', errorKeys(s, serverType)), msg('error', errorKeys(s, serverType))]
  if (memberOp === 'upgrade') return [msg('start')] // guest.upgrade is a cast: the end is never sent
  return [msg('start'), msg('end'), msg('end')]
}

function members(s: Sender): readonly string[] {
  return (s.f.start as {memberIds?: readonly string[]}).memberIds ?? []
}

function rolling(s: Sender, failed: boolean): WireNotification[] | undefined {
  const {o, f} = s
  if (o.quirks.includes('rolling-restart') || o.quirks.includes('rolling-upgrade')) {
    const memberOp = o.quirks.includes('rolling-restart') ? 'instance_restart' : 'upgrade'
    // the taskmanager stops at the first member that fails
    return (failed ? members(s).slice(0, 1) : members(s)).flatMap((m) => memberLifecycle(s, m, memberOp, 'taskmanager', failed))
  }
  if (o.quirks.includes('rolling-configuration')) {
    const memberOp = f.operation === 'cluster_attach_configuration' ? 'instance_attach_configuration' : 'instance_detach_configuration'
    const ids = members(s)
    if (ids.length === 0) return undefined // no member to go through: the cluster's own .end / .error
    // a failure strikes the last member; the cluster's StartNotification then ends (or fails) the last member's notification again
    const out = ids.flatMap((m, i) => memberLifecycle(s, m, memberOp, 'api', failed && i === ids.length - 1))
    return [...out, out.at(-1)!]
  }
  return undefined
}

function end(s: Sender): WireNotification[] {
  const {f, o} = s
  const rolled = rolling(s, false)
  if (rolled) return rolled
  if (o.finisher === 'none') return []
  const server: ServerType = o.finisher
  const payload = {...base(f.request, server), ...handedKeys(s), ...endKeys(s)}
  if (o.quirks.includes('classname-on-end')) payload.notification_classname = `trove.common.notification.${o.troveClass}`
  if (f.operation === 'instance_create') {
    // each replica's guest ends it with its own CONF.guest_id
    const e = f.end as LifecycleFacts<'instance_create'>['end']
    const ids = e?.instanceIds?.length ? e.instanceIds : [e?.instanceId]
    return ids.map((id) => wire(f, type(o, 'end'), server, {...payload, instance_id: id}))
  }
  const msg = wire(f, type(o, 'end'), server, payload)
  return o.quirks.includes('double-end') ? [msg, msg] : [msg]
}

function error(s: Sender): WireNotification[] {
  const {f, o} = s
  const apiError = (): WireNotification => wire(f, type(o, 'error'), 'api', {...base(f.request, 'api'), ...startKeys(s), ...errorKeys(s, 'api')})
  if (f.error!.where === 'api') return [apiError()]
  const rolled = rolling(s, true)
  if (rolled) return rolled
  if (o.quirks.includes('worker-error-ends')) return end(s) // the taskmanager logs the failure and ends normally
  if (o.finisher === 'none') return [] // the taskmanager catches it (upgrade) or has no end notification (add_shard)
  const server: ServerType = o.finisher
  const payload: Record<string, unknown> = {...base(f.request, server), ...handedKeys(s), ...endKeys(s)}
  if (server === 'guest') {
    // the conductor adds CONF.guest_id: the instance the guest runs on
    const id = f.error!.instanceId ?? (f.start as {instanceId?: string}).instanceId ?? (f.end as {instanceId?: string} | undefined)?.instanceId
    if (id !== undefined && id !== null) payload.instance_id = id
  }
  const msg = wire(f, type(o, 'error'), server, {...payload, ...errorKeys(s, server)})
  return o.quirks.includes('double-end') ? [msg, msg] : [msg]
}

function lifecycle(f: LifecycleFacts): WireNotification[] {
  const s: Sender = {f, o: troveOperation(f.operation)}
  const b = f.batch
  if (b && s.o.batch) {
    if (f.phase === 'start' && b.index > 0) return []
    if (f.phase === 'end' && (b.index < b.names.length - 1 || b.earlierFailed)) return []
    if (f.phase === 'error' && b.earlierFailed) return []
  }
  switch (f.phase) {
    case 'start': return start(s)
    case 'handoff': return handoff(s)
    case 'end': return end(s)
    case 'error': return error(s)
  }
}

function status(f: StatusChangeFacts): WireNotification[] {
  const c = f.change
  if (c.event === 'modify_volume') return [] // Trove 18 has no trove.instance.modify_volume
  const eventType = `trove.instance.${c.event}` as keyof typeof TROVE18_STATUS
  const input = {
    instance: c.instance, requestUser: f.request.userId,
    modifyAt: c.event === 'modify_flavor' ? c.modifyAt : undefined,
    oldInstanceSize: c.event === 'modify_flavor' ? c.oldInstanceSize : undefined,
    deletedAt: c.event === 'delete' ? c.deletedAt : undefined,
  }
  const sent: WireNotification = {
    eventType, priority: 'INFO', publisherId: troveHost(f.request.host),
    payload: render(TROVE18_STATUS[eventType].fields, input), context: requestContext(f.request),
  }
  const o = troveOperation(f.operation)
  if (c.event === 'delete' && o.quirks.includes('member-ends')) {
    // a cluster member's delete ran in its own taskmanager EndNotification, which ends the cluster's lifecycle
    const facts = {operation: f.operation, phase: 'end', request: f.request, start: f.start} as LifecycleFacts
    const payload = {...base(f.request, 'taskmanager'), ...startKeys({f: facts, o}), notification_classname: `trove.common.notification.${o.troveClass}`}
    return [sent, wire(facts, type(o, 'end'), 'taskmanager', payload)]
  }
  return [sent]
}

export const trove18Dialect: Dialect = {
  name: 'trove-18',
  lifecycle,
  rejected: () => [],
  status,
  exists(f) {
    const beginning = troveIsotime(new Date(f.now.getTime() - f.interval * 1000).toISOString())
    const ending = troveIsotime(f.now.toISOString())
    const fields = existsFields(isNovaTransformer(f.transformer))
    const context = adminContext(f.periodic)
    return existsInstances(f).map((instance) => ({
      eventType: 'trove.instance.exists', priority: 'INFO' as const, publisherId: `taskmanager.${troveHost(f.periodic.host)}`, context,
      payload: render(fields, {instance, beginning, ending, serverUser: f.periodic.serviceUser}),
    }))
  },
  quotas: () => [],
  quotasSilentBecause: TROVE18_QUOTA_TASK.reason,
  existsSchedule: () => ({everySeconds: TROVE18_EXISTS_SCHEDULE.everySeconds, firstAfterSeconds: TROVE18_EXISTS_SCHEDULE.firstAfterSeconds, windows: 'fixed'}),
  events: eventsOf('trove-18'),
  findEvent: (eventType) => findEventIn('trove-18', eventType),
  defaultTopic: TROVE18_TOPIC,
}
