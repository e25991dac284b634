import {Args, Flags} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {BaseCommand} from '../cli/base-command.js'
import {connectionFlags, dialectFlag, worldFlags} from '../cli/flags.js'
import {renderSent} from '../cli/render/send.js'
import {OSLO_PRIORITIES, type OsloPriority} from '../messaging/envelope.js'
import {createDriver} from '../messaging/factory.js'
import {buildNotification, type SendResult} from '../send/notification.js'
import {randomIds} from '../util/runtime.js'
import {UsageError} from '../util/errors.js'

const priorityOption = Flags.custom<OsloPriority>({
  async parse(input) {
    const p = input.trim().toUpperCase()
    if (!(OSLO_PRIORITIES as readonly string[]).includes(p)) throw new Error(`expected one of ${OSLO_PRIORITIES.map((x) => x.toLowerCase()).join(', ')}, got "${input}"`)
    return p as OsloPriority
  },
})

/** A JSON object from an argument, `@FILE` or stdin (`-`); `what` names it in errors. */
function readJsonObject(text: string, what: string, example: string): Record<string, unknown> {
  let source = text
  if (text === '-' || text.startsWith('@')) {
    const from = text === '-' ? 0 : text.slice(1)
    try {
      source = readFileSync(from, 'utf8')
    } catch (err) {
      throw new UsageError(`cannot read ${what} from ${text === '-' ? 'stdin' : text.slice(1)}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`, `e.g. ${example}`)
    }
  }
  let value: unknown
  try {
    value = JSON.parse(source)
  } catch (err) {
    throw new UsageError(`${what} is not valid JSON (${(err as Error).message})`, `quote it for the shell, e.g. ${example}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${what} must be a JSON object`, `e.g. ${example}`)
  return value as Record<string, unknown>
}

export default class Send extends BaseCommand {
  static summary = 'Send one hand-made notification, checked against the catalog first; confirmed by the broker before exit 0.'
  static description = `Builds the message as oslo.messaging's notifier (and its oslo-messaging-send-notification tool) does — messagingv2 envelope, message_id, _unique_id, timestamp, the context as _context_* keys — and publishes it to <topic>.<priority> of every --topics topic.
PAYLOAD is a JSON object: the argument, @FILE, or - (stdin; also read when PAYLOAD is left out and stdin is not a terminal). --fill takes the fields the catalog requires and the payload lacks from the catalog's example (see \`events show EVENT_TYPE\`), with a request id of its own.
The message is checked as tail --check would check it (required fields and their types, priority vs queue, unknown event types…) and refused with the list of violations (exit 2, nothing sent) unless --no-check; Trove 18's known departures are named but not refused. --dialect trove-18 builds, fills and checks it against what Trove 18 itself sends instead of the spec.`
  static examples = [
    `<%= config.bin %> <%= command.id %> dbaas.instance_create.start --fill`,
    `<%= config.bin %> <%= command.id %> trove.instance.exists '{"instance_id": "7d3f…", "audit_period_beginning": "2026-11-24T09:00:00Z"}' --fill`,
    `<%= config.bin %> <%= command.id %> dbaas.instance_delete.error @payload.json --context '{"request_id": "req-…"}'`,
    `<%= config.bin %> <%= command.id %> test.event '{"anything": 1}' --no-check --priority warn --publisher-id tester.host1`,
  ]
  static args = {
    event_type: Args.string({description: 'The event type, e.g. dbaas.instance_create.start (`events list`).', required: true}),
    payload: Args.string({description: 'The payload: a JSON object, @FILE, or - for stdin.', required: false}),
  }
  static flags = {
    ...connectionFlags,
    'config-file': worldFlags['config-file'],
    tenant: worldFlags.tenant,
    user: worldFlags.user,
    priority: priorityOption({summary: "oslo priority (default: the catalog's for the event type, else info).", helpValue: 'info|error|warn|…'}),
    'publisher-id': Flags.string({summary: 'publisher_id (default: <service>.<host> of the component that emits the event type).', helpValue: 'SERVICE.HOST'}),
    context: Flags.string({summary: 'Request context as a JSON object, merged over the default (user_id, project_id, request_id, roles, is_admin).', helpValue: 'JSON'}),
    dialect: dialectFlag,
    fill: Flags.boolean({summary: "Fill the fields the catalog requires and the payload lacks from the catalog's example."}),
    'no-check': Flags.boolean({summary: 'Send even when the check finds violations (they are still listed).'}),
  }

  async run(): Promise<SendResult> {
    const {args, flags} = await this.parse(Send)
    const settings = this.settingsFrom(flags)
    const example = `trove-notify send ${args.event_type} '{"tenant_id": "…"}' --fill`
    // No PAYLOAD: stdin when something is piped in (nothing piped: an empty payload).
    const piped = args.payload === undefined && !process.stdin.isTTY ? readFileSync(0, 'utf8') : undefined
    const payloadText = args.payload ?? (piped !== undefined && piped.trim() !== '' ? piped : '{}')
    const payload = readJsonObject(payloadText, 'PAYLOAD', example)
    const context = flags.context === undefined ? undefined : readJsonObject(flags.context, '--context', `--context '{"request_id": "req-…", "roles": ["admin"]}'`)
    const built = buildNotification({
      eventType: args.event_type, payload, priority: flags.priority, publisherId: flags['publisher-id'], context, fill: flags.fill,
      dialect: settings.dialect,
      host: settings.host, tenant: settings.tenant, user: settings.user, exchange: settings.exchange, topics: settings.topics,
      now: new Date(), ids: randomIds,
    })
    const violations = built.findings.filter((f) => !f.departure)
    if (violations.length > 0 && !flags['no-check']) {
      const list = violations.map((v) => `${v.field}: ${v.problem}`).join('; ')
      throw new UsageError(`${args.event_type} refused, ${violations.length} violation(s): ${list}`,
        `add the fields${built.filled.length === 0 ? ', or --fill to take the required ones from the catalog\'s example' : ''}, or --no-check to send it anyway`)
    }
    const driver = createDriver(settings, {logStream: this.jsonEnabled() ? process.stderr : process.stdout, onNotice: (m) => this.notice(m)})
    try {
      await driver.open()
      for (const key of built.routingKeys) driver.send(key, built.body, built.message)
      await driver.flush() // never exit 0 before the broker confirmed
    } finally {
      await driver.close().catch(() => {})
    }
    const m = built.message
    const result: SendResult = {
      event_type: m.event_type, priority: m.priority, routing_keys: built.routingKeys, message_id: m.message_id,
      publisher_id: m.publisher_id, timestamp: m.timestamp, filled: built.filled, findings: built.findings, confirmed: true, message: m,
    }
    // With --driver log on stdout, stdout is the recording: the human line goes to stderr.
    if (settings.driver === 'log' && !settings.logFile && !this.jsonEnabled()) process.stderr.write(renderSent(result) + '\n')
    else this.log(renderSent(result))
    return result
  }
}
