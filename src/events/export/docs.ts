/**
 * docs/notifications.md, generated from the catalogs of both dialects (the
 * spec's work item "provide documentation for new notifications"): the wire
 * format in each, then one section per operation with its three event types,
 * the status notifications and the quota event — every field side by side,
 * as the spec dialect sends it and as Trove 18 does, with the differences
 * marked. `npm run docs` writes it; a test fails when it is stale.
 */
import {eventsOf, findEventIn} from '../catalogs.js'
import {BEYOND_SPEC_OPERATIONS, DBAAS_BASE_FIELDS, EVENTS, OPERATIONS} from '../catalog.js'
import {TROVE18_TOPIC} from '../trove18/catalog.js'
import {troveOperation} from '../trove18/operations.js'
import {TROVE18_EXISTS_SCHEDULE, TROVE18_QUOTA_TASK} from '../trove18/status.js'
import type {EventSpec, FieldSpec, OperationSpec, Phase} from '../types.js'
import {exampleMessage} from './example.js'

export const DOCS_PATH = 'docs/notifications.md'

const DIFF = '**≠**'

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** How a field is sent in one dialect: `type, required` (`or null`), `type, optional`, or — when absent. */
export function fieldCell(f: FieldSpec | undefined): string {
  if (!f) return '—'
  return `${f.type}, ${f.required ? 'required' : 'optional'}${f.nullable ? ' or null' : ''}`
}

/** Both dialects' fields of one event type, side by side; a row differs when the cells do. */
export function sideBySide(spec: EventSpec | undefined, trove: EventSpec | undefined, ownOnly: boolean): string[] {
  const base = new Set(DBAAS_BASE_FIELDS.map((f) => f[0]))
  const names = [...new Set([...(spec?.fields ?? []), ...(trove?.fields ?? [])].map((f) => f.name))]
    .filter((n) => !ownOnly || !base.has(n))
  if (names.length === 0) return ['Base fields only, in both dialects.']
  const rows = names.map((name) => {
    const s = spec?.fields.find((f) => f.name === name)
    const t = trove?.fields.find((f) => f.name === name)
    const sc = spec ? fieldCell(s) : 'not sent'
    const tc = trove ? fieldCell(t) : 'not sent'
    const description = s ? `${s.description}${s.inSpec ? '' : ' *(not in the spec; carried for Ceilometer)*'}` : t!.description
    const differs = sc !== tc
    const trDescription = differs && s && t && t.description !== s.description ? ` — Trove 18: ${t.description}` : ''
    return `| ${differs ? `${DIFF} ` : ''}\`${name}\` | ${sc} | ${tc} | ${cell(description + trDescription)} |`
  })
  return ['| field | spec | Trove 18 | description |', '|---|---|---|---|', ...rows]
}

function eventHeader(e: EventSpec | undefined, label: string): string {
  if (!e) return `${label}: not sent.`
  const who = e.emittedBy.length > 0 ? e.emittedBy.map((c) => `\`${c}\``).join(' or ') : 'nobody (never sent)'
  return `${label}: queue \`${e.queue}\` · priority \`${e.priority}\` · emitted by ${who}`
}

function eventSection(type: string, level: string, ownOnly: boolean, intro?: string, shown: readonly string[] = []): string[] {
  const spec = findEventIn('spec', type)
  const trove = findEventIn('trove-18', type)
  const section = spec?.specSection ?? trove?.specSection ?? ''
  return [
    `${level} \`${type}\``,
    '',
    ...(intro ? [intro, ''] : []),
    `- ${section === 'Trove 18' ? '*Beyond the spec (Trove 18)*' : `Spec ${section}`}`,
    `- ${eventHeader(spec, 'spec dialect')}`,
    `- ${eventHeader(trove, 'Trove 18')}`,
    ...(trove?.notes ?? []).filter((n) => !shown.includes(n)).map((n) => `- Trove 18: ${n}`),
    '',
    ...(ownOnly && spec ? ['Base fields, plus:', ''] : []),
    ...sideBySide(spec, trove, ownOnly),
    '',
  ]
}

const PHASES: readonly Phase[] = ['start', 'end', 'error']

function operationSection(op: OperationSpec): string[] {
  const t = troveOperation(op.name)
  const troveTypes = PHASES.map((p) => `\`dbaas.${t.eventAction}.${p}\``).join(', ')
  const out = [
    `### ${op.name}${op.section === undefined ? ' *(beyond the spec, Trove 18)*' : ''}`, '', op.summary, '',
    `- Python API: \`${op.pythonApi}\``, `- REST API: \`${op.restApi}\``,
    `- spec dialect: \`.start\` from \`api\`; \`.end\` from \`${op.finishedBy}\``, ...(op.note ? [`- ${op.note}`] : []),
    `- Trove 18: \`${t.troveClass}\` (${t.source}) sends ${troveTypes}${t.eventAction === op.name ? '' : ` ${DIFF} not dbaas.${op.name}.*`}; ` +
      `\`.end\` ${t.finisher === 'none' ? 'never sent' : `from \`${t.finisher}\``}`,
    ...(t.checkedBeforeStart.length > 0 ? [`- Trove 18 checks before its \`.start\` (a failure there sends nothing): ${t.checkedBeforeStart.join('; ')}`] : []),
    ...t.notes.map((n) => `- Trove 18: ${n}`),
    ...(op.troveRules ?? []).map((r) => `- Rule: ${r}`),
    '',
  ]
  for (const phase of PHASES) out.push(...eventSection(`dbaas.${op.name}.${phase}`, '####', true, undefined, t.notes))
  return out
}

function wireExample(e: EventSpec, lead: string): string[] {
  const ex = exampleMessage(e)
  return [lead, '', '```json', ex.body, '```', '', 'The inner message, decoded:', '', '```json', JSON.stringify(ex.message, null, 2), '```', '']
}

/** An event reduced to the base fields of every dbaas.* event. */
function baseOnly(e: EventSpec): EventSpec {
  return {...e, fields: e.fields.filter((f) => DBAAS_BASE_FIELDS.some(([n]) => n === f.name))}
}

/** The whole document. */
export function notificationsMarkdown(): string {
  const first = EVENTS[0]!
  const trove = eventsOf('trove-18')
  const out = [
    '<!-- Generated by `npm run docs` from src/events/ (catalog.ts, trove18/); do not edit. -->',
    '# Trove notifications',
    '',
    "Every notification of the Ceilometer-integration spec, and of Trove 18.0.0 as its own code sends them, generated from trove-notify's catalogs.",
    'Each state-changing API call emits `dbaas.<action>.start`, then `.end` or `.error`, correlated by `request_id`;',
    'the `trove.instance.*` status notifications and the periodic quota notification report state.',
    'Two dialects: `spec` (the default) and `trove-18` (`--dialect trove-18`, `TROVE_NOTIFY_DIALECT`, `[trove_notify] dialect`).',
    'A dialect changes only what goes on the wire: the simulated world, Trove\'s rules and the outcomes are the same.',
    'Below, every field is shown as each dialect sends it; rows marked ' + DIFF + ' differ.',
    '',
    '## On the wire',
    '',
    'oslo.messaging `messagingv2`: a topic exchange (`control_exchange`, default `trove`), routing key `<topic>.<priority>`',
    '(the spec\'s queues `notification.info` and `notification.error`), AMQP properties `content_type: application/json`,',
    '`content_encoding: utf-8`, `delivery_mode: 2`. The body is an envelope holding the inner message as a JSON string.',
    '',
    ...wireExample(first, 'In the spec dialect (`trove-notify events show TYPE` prints this for any event type):'),
    ...wireExample(findEventIn('trove-18', first.eventType)!, 'The same event as Trove 18 sends it (`trove-notify events show TYPE --dialect trove-18`):'),
    '## Trove 18 at a glance',
    '',
    'Read from Trove 18.0.0\'s code (trove/common/notification.py, the API handlers, the taskmanager, the conductor) and checked',
    'against its own classes by `test/interop/trove18-dialect.test.js`:',
    '',
    `- Every notification at \`INFO\` (\`notifier.info\`, also \`.error\`), on oslo's default topic: \`${TROVE18_TOPIC}.info\`.`,
    '- `.end` and `.error` carry the whole accumulated payload: the `.start` keys again, then their own.',
    '- `client_ip` is `request.remote_addr` (no port); `server_type` is `api`, `taskmanager` or `guest` (forwarded by the conductor).',
    '- `publisher_id` is `<server_type>.<CONF.host>` for `dbaas.*`, `taskmanager.<CONF.host>` for `trove.instance.exists` and `CONF.host` alone for',
    '  `trove.instance.create|delete|modify_flavor`. Trove\'s `host` option is an IP address (default `0.0.0.0`); a host name is sent as `0.0.0.0`.',
    '- The request context is a whole oslo.context: `_context_user` (not `user_id`), `_context_project`, `_context_user_identity`, `_context_auth_token: null`,',
    '  `_context_limit`, `_context_marker`, `_context_service_catalog` and more, most of them null.',
    '- A request refused by a check Trove runs before its `StartNotification` (unknown resource, invalid body) sends nothing at all.',
    '- Message counts differ: one lifecycle per call where the spec has one per database or user; two `.start` for a user delete;',
    '  two `.end` for a configuration create; per-member lifecycles for the rolling cluster operations; no `.end` for an upgrade or an add-shard.',
    '- No `trove.instance.modify_volume`; promote sends `dbaas.instance_eject.*` and eject `dbaas.instance_promote.*`; add-shard sends `dbaas.cluster_grow.*`.',
    `- \`trove.instance.exists\` every ${TROVE18_EXISTS_SCHEDULE.everySeconds} s (first after ${TROVE18_EXISTS_SCHEDULE.firstAfterSeconds} s) with the window \`[now − exists_notification_interval, now]\`:`,
    '  with the default 3600 s, consecutive windows overlap by 3540 s, so a meter summing audit periods counts every hour 60 times.',
    `- \`dbaas.quota\` (not \`dbaas.quotas\`, no \`tenant_id\`) is never sent: ${TROVE18_QUOTA_TASK.reason}.`,
    '',
    '## Event types',
    '',
    '| event type | spec dialect | Trove 18 | spec |',
    '|---|---|---|---|',
    ...[...eventsOf('spec'), ...trove.filter((e) => !findEventIn('spec', e.eventType))].map((e) => {
      const s = findEventIn('spec', e.eventType)
      const t = findEventIn('trove-18', e.eventType)
      const troveCell = !t ? 'not sent' : t.emittedBy.length === 0 ? `\`${t.queue}\` (never sent)` : `\`${t.queue}\``
      return `| \`${e.eventType}\` | ${s ? `\`${s.queue}\`` : 'not sent'} | ${troveCell} | ${s?.specSection ?? t?.specSection} |`
    }),
    '',
    '## API notifications (`dbaas.*`)',
    '',
    'Every `dbaas.*` API notification carries these base fields (spec 1.10.1):',
    '',
    ...sideBySide(baseOnly(first), baseOnly(findEventIn('trove-18', first.eventType)!), false),
    '',
  ]
  for (const op of OPERATIONS as readonly OperationSpec[]) out.push(...operationSection(op))
  out.push('## Beyond the spec (Trove 18)', '',
    'Trove 18 notifies nine operations the spec does not define. The spec dialect sends them in the spec\'s conventions',
    '(start/end/error, the base fields, `.error` at ERROR on notification.error), the trove-18 dialect as Trove does.', '')
  for (const op of BEYOND_SPEC_OPERATIONS as readonly OperationSpec[]) out.push(...operationSection(op))
  out.push('## Status notifications (`trove.instance.*`)', '')
  for (const e of EVENTS.filter((x) => x.kind === 'status')) out.push(...eventSection(e.eventType, '###', false, e.summary))
  out.push('## Quota usage', '')
  out.push(...eventSection('dbaas.quotas', '###', false, findEventIn('spec', 'dbaas.quotas')!.summary))
  out.push(...eventSection('dbaas.quota', '###', false, "Trove 18's name for it (DBaaSQuotas)."))
  return out.join('\n').replace(/\n+$/, '\n')
}
