import {Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {connectionFlags, dialectFlag, LIMITS, secondsFlag, wholeNumberFlag, worldFlags} from '../cli/flags.js'
import {metricsFlags, openMetrics, thresholdsFailed, thresholdsFrom} from '../cli/metrics-flags.js'
import {rabbitFlags} from '../cli/rabbit-flags.js'
import {LineWriter} from '../cli/render/line-writer.js'
import {abortNotice, renderThresholds} from '../cli/render/thresholds.js'
import {tailObserver} from '../metrics/tail-observer.js'
import {openAtExitLines, summaryTable, TailRenderer} from '../cli/render/tail.js'
import {OSLO_PRIORITIES} from '../messaging/envelope.js'
import {parseTransportUrl} from '../messaging/transport-url.js'
import {buildFilter} from '../tail/filters.js'
import {TailSession} from '../tail/session.js'
import {Subscriber} from '../tail/subscriber.js'
import type {TailSummary} from '../tail/summary.js'
import type {ThresholdResult} from '../metrics/thresholds.js'

const PRIORITY_OPTIONS = OSLO_PRIORITIES.map((p) => p.toLowerCase())

export default class Tail extends BaseCommand {
  static summary = 'Watch notifications on the broker without taking them from anyone: decoded, filtered, checked, paired.'
  static description = `By default tail binds its own exclusive, auto-delete queue to the exchange with <topic>.info and <topic>.error (--priority to choose), so the shared queues (notification.info, …) keep every message for Ceilometer and other consumers.
--queue NAME instead consumes an existing queue as a consumer would: every message tail reads there is TAKEN from it (shown or filtered out), and its other consumers never get it.
One line per message: time, priority, event_type, request_id, tenant, the fields naming the subject, publisher_id. --check validates each message against the catalog and names Trove 18's known departures; --lifecycle pairs .start with .end/.error by request_id and shows durations. A summary table is printed on exit (Ctrl-C, --count, --timeout).`
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --lifecycle --check',
    "<%= config.bin %> <%= command.id %> --event 'dbaas.instance_*' --tenant f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d",
    '<%= config.bin %> <%= command.id %> --topics notifications --check   # a real Trove (oslo default topic)',
    '<%= config.bin %> <%= command.id %> --dialect trove-18 --check   # is my Trove 18 cloud sending what Trove 18 sends? (topic notifications)',
    "<%= config.bin %> <%= command.id %> --json --count 100 | jq -r '.event_type'",
    '<%= config.bin %> <%= command.id %> --queue notification.error --count 1 --raw   # takes the message',
  ]
  static flags = {
    url: connectionFlags.url,
    exchange: connectionFlags.exchange,
    topics: connectionFlags.topics,
    ...rabbitFlags,
    'config-file': worldFlags['config-file'],
    queue: Flags.string({
      summary: 'Consume this existing queue instead of a private one. Messages read are TAKEN from it (acked), so other consumers never see them.',
      helpValue: 'NAME',
    }),
    event: Flags.string({summary: "Only event types matching this glob (repeatable), e.g. 'dbaas.instance_*'.", multiple: true, helpValue: 'GLOB'}),
    priority: Flags.string({
      summary: 'Priorities to bind (private queue) and show (repeatable); default info and error.',
      options: PRIORITY_OPTIONS,
      multiple: true,
    }),
    tenant: Flags.string({summary: 'Only this tenant (payload tenant_id or context project_id; glob).'}),
    'request-id': Flags.string({summary: 'Only this request (req-…; glob).'}),
    publisher: Flags.string({summary: "Only this publisher_id (glob), e.g. 'taskmanager.*'."}),
    raw: Flags.boolean({summary: 'Print each envelope with its AMQP properties and routing key (one JSON line).', exclusive: ['json']}),
    count: wholeNumberFlag({summary: 'Exit after N messages.', helpValue: 'N', min: 1, max: LIMITS.operations}),
    timeout: secondsFlag({summary: 'Exit after S seconds without a matching message.', helpValue: 'S'}),
    check: Flags.boolean({summary: 'Validate every message against the catalog; print each violation and Trove 18 departure (with --dialect trove-18: against what Trove 18 sends).'}),
    dialect: dialectFlag,
    lifecycle: Flags.boolean({summary: 'Pair .start with .end/.error by request_id; show durations and starts left open.'}),
    'open-after': secondsFlag({summary: 'With --lifecycle: flag a start still open after this long (seconds, or 30s, 5m).', default: 60, helpValue: 'DURATION'}),
    ...metricsFlags(),
  }

  async run(): Promise<(TailSummary & {thresholds?: readonly ThresholdResult[]}) | undefined> {
    const {flags} = await this.parse(Tail)
    const settings = this.settingsFrom(flags)
    const mode = this.jsonEnabled() ? 'json' : flags.raw ? 'raw' : 'human'
    const out = new LineWriter(process.stdout)
    const err = new LineWriter(process.stderr)
    const priorities = flags.priority ?? ['info', 'error']
    let session: TailSession | undefined
    const metrics = await openMetrics(flags, {
      kind: 'tail', worker: '1/1', thresholds: thresholdsFrom(flags, 'tail'), onNotice: (m) => this.notice(m),
      onAbort: (failed) => {
        this.notice(abortNotice(failed))
        session?.stop('signal')
      },
    })
    session = new TailSession({
      filter: buildFilter({events: flags.event, priorities: flags.priority, tenant: flags.tenant, requestId: flags['request-id'], publisher: flags.publisher}),
      count: flags.count,
      idleTimeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
      lifecycle: flags.lifecycle,
      openAfterMs: flags['open-after'] * 1000,
      check: flags.check,
      dialect: settings.dialect,
      observer: metrics && tailObserver(metrics.recorder),
    }, new TailRenderer({mode, out, err, openAfterS: flags['open-after']}))
    const subscriber = new Subscriber({
      hosts: parseTransportUrl(settings.url),
      exchange: settings.exchange,
      rabbit: settings.rabbit,
      bindings: settings.topics.flatMap((t) => priorities.map((p) => `${t}.${p}`)),
      queue: flags.queue,
      onNotice: (m) => this.notice(m),
      onDelivery: (d) => session.handle(d),
    })
    if (metrics) {
      let reconnects = 0
      metrics.recorder.gauges = () => {
        metrics.recorder.inc('reconnects', subscriber.reconnects - reconnects)
        reconnects = subscriber.reconnects
        return {open_lifecycles: session.openLifecycles}
      }
      metrics.start()
    }
    // Ctrl-C (or SIGTERM) is how tail normally ends: the summary follows, exit 0.
    this.onInterrupt(() => session.stop('signal'), {expected: true})
    let finished = false
    try {
      const result = await session.run(subscriber, () => this.notice(`tailing: ${subscriber.describe()}; Ctrl-C to stop`))
      const outcome = await metrics?.finish()
      finished = true
      const report = [...openAtExitLines(result.open), summaryTable(result.summary, flags), renderThresholds(outcome?.thresholds ?? [], outcome?.aborted)].filter(Boolean)
      for (const line of report) (mode === 'human' ? out : err).line(line)
      if (thresholdsFailed(outcome)) this.thresholdsFailed()
      return mode === 'json' ? undefined : outcome && outcome.thresholds.length > 0 ? {...result.summary, thresholds: outcome.thresholds} : result.summary
    } finally {
      if (!finished) await metrics?.abandon()
      out.flush()
      err.flush()
    }
  }
}
