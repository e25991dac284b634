import {Args, Flags, type Interfaces} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {connectionFlags, dialectFlag, filterFlags, LIMITS, numberFlag, wholeNumberFlag, worldFlags} from '../cli/flags.js'
import {metricsFlags, openMetrics, thresholdsFailed, thresholdsFrom} from '../cli/metrics-flags.js'
import {progressOutput} from '../cli/progress.js'
import {badLineText, renderReplaySummary, replayProgressBar, replayProgressLine} from '../cli/render/replay.js'
import {abortNotice, renderThresholds} from '../cli/render/thresholds.js'
import type {MetricsOutcome} from '../metrics/session.js'
import type {ThresholdResult} from '../metrics/thresholds.js'
import {rateFlag} from '../cli/simulate-flags.js'
import {createDriver} from '../messaging/factory.js'
import {checkFirstLines, checkSources} from '../recording/reader.js'
import {Replay} from '../replay/engine.js'
import {writeReportFile} from '../report/io.js'
import {renderReplayHtml} from '../report/replay-html.js'
import type {ReplayProgress, ReplayReport, Timing} from '../replay/report.js'
import {parseTenantMap} from '../replay/rewrite.js'
import {DEFAULT_MAX_INFLIGHT} from '../messaging/waiters.js'
import {buildFilter} from '../tail/filters.js'
import {UsageError} from '../util/errors.js'

export default class ReplayCommand extends BaseCommand {
  static summary = 'Publish recordings (tail --record, --driver log) again: as recorded, faster, or as fast as the broker confirms; every message confirmed.'
  static description = `Reads each FILE as a stream (several files play one after the other; - is stdin; gzip is recognised and read as it is) and publishes every message with its recorded body and AMQP properties — byte for byte unless a rewrite is asked — to the broker, exchange and topics of the command line (a recorded routing key's priority suffix is kept: notifications.error → <topic>.error).
Timing: --speed X plays the recorded gaps divided by X (default 1: as recorded; a message never leaves early); --rate R sends R per second; --rate 0 as fast as the broker confirms. --loop N plays it all N times.
Rewrites (off by default; each keeps every lifecycle paired): --retime moves every time so the first message is now (gaps, durations and exists windows unchanged); --fresh-ids gives new message ids and new request and resource ids, consistently, so a replayed lifecycle is a new one that still pairs and bills; --tenant-map OLD=NEW. The filters (--event, --tenant, --priority, --request-id, --publisher) select from the recording as it was.
A bad line is reported as FILE:LINE and skipped (--strict stops there, exit 1); a file that is not a recording is refused before anything is sent (exit 2). Progress on stderr; a summary at the end (--json for the data; --report FILE.json, or FILE.html for a page with charts). If the broker goes away, the publisher reconnects and republishes what was not confirmed (duplicates counted). Ctrl-C stops cleanly: every confirm is awaited, the summary printed (exit 130).
--dialect (or TROVE_NOTIFY_DIALECT, the config's dialect) only picks the default topics, as it does for every publishing command; the messages keep the shape they were recorded in.
Watch it live with --metrics-port (Prometheus) or --metrics-file (a row per second); --threshold makes it pass or fail (exit 99).`
  static examples = [
    '<%= config.bin %> <%= command.id %> incident.jsonl --topics notifications --url rabbit://guest:guest@staging:5672/',
    '<%= config.bin %> <%= command.id %> incident.jsonl --speed 10 --retime --fresh-ids   # an hour in 6 minutes, as new lifecycles of today',
    '<%= config.bin %> <%= command.id %> load.jsonl.gz --rate 0 --loop 3 --fresh-ids      # as fast as the broker confirms',
    "<%= config.bin %> <%= command.id %> a.jsonl b.jsonl --event 'dbaas.instance_*' --tenant-map 3f1e=9a2b --rate 200",
    "trove-notify simulate --driver log --operations 100000 | <%= config.bin %> <%= command.id %> - --rate 0",
  ]
  static strict = false
  static args = {
    file: Args.string({description: 'Recordings to play, one after the other (- for stdin; .gz read as is).', required: false}),
  }
  static flags = {
    ...connectionFlags,
    'config-file': worldFlags['config-file'],
    dialect: {
      ...dialectFlag,
      summary: "The consumer's dialect: picks the default topics as for every publishing command (spec: notification, trove-18: notifications). Recorded messages are sent as they are.",
    },
    speed: numberFlag({summary: 'Play the recorded gaps divided by X (default 1, as recorded).', helpValue: 'X', above: 0, max: LIMITS.timeScale, helpGroup: 'TIMING'}),
    rate: rateFlag({
      summary: 'Send R messages per second instead of the recorded gaps (0 = as fast as the broker confirms), or a profile as simulate takes: 100:60s,1000:10s or ramp:10..1000:5m.',
      helpValue: 'R|PROFILE', helpGroup: 'TIMING',
    }),
    loop: wholeNumberFlag({summary: 'Play the recordings N times (default 1); with --fresh-ids each pass is new lifecycles.', helpValue: 'N', min: 1, max: LIMITS.operations, helpGroup: 'TIMING'}),
    retime: Flags.boolean({summary: 'Move every time (oslo timestamp, payload times) so the first message is now; gaps kept.', helpGroup: 'REWRITE'}),
    'fresh-ids': Flags.boolean({summary: 'New message ids, request ids and resource ids (instance, cluster, backup…), mapped consistently.', helpGroup: 'REWRITE'}),
    'tenant-map': Flags.string({summary: 'Replace tenant OLD by NEW in payloads and contexts (repeatable).', helpValue: 'OLD=NEW', multiple: true, helpGroup: 'REWRITE'}),
    ...filterFlags,
    strict: Flags.boolean({summary: 'Stop at the first bad line (exit 1) instead of reporting and skipping it.'}),
    report: Flags.string({summary: 'Write the final report to FILE: .html for a self-contained page with charts, else JSON (with the time series).', helpValue: 'FILE'}),
    ...metricsFlags(),
  }

  async run(): Promise<ReplayReport & {thresholds?: readonly ThresholdResult[]}> {
    const {flags, argv} = await this.parse(ReplayCommand)
    const sources = argv as string[]
    const options = this.check(flags, sources)
    // (--tenant here is a filter, not the caller's tenant of the settings.)
    const {tenant: _filter, ...transport} = flags
    const settings = this.settingsFrom(transport)
    const {totalBytes} = checkSources(sources)
    await checkFirstLines(sources)
    const progress = progressOutput<ReplayProgress>(replayProgressBar, replayProgressLine)
    let replay: Replay | undefined
    const metrics = await openMetrics(flags, {
      kind: 'replay', worker: '1/1', thresholds: thresholdsFrom(flags, 'replay'), series: flags.report !== undefined, onNotice: (m) => this.notice(m),
      onAbort: (failed) => {
        progress.clear()
        this.notice(abortNotice(failed))
        replay?.stop()
      },
    })
    const hooks = metrics?.publisherHooks()
    const driver = createDriver(settings, {
      logStream: this.jsonEnabled() ? process.stderr : process.stdout,
      onNotice: (m) => {
        progress.clear()
        this.notice(m)
      },
      onConfirm: (ms) => {
        replay?.stats.confirmLatency.record(ms)
        hooks?.onConfirm(ms)
      },
      // The driver's capacity() waits until half the window is free; replay waits only once the window is full (engine.ts).
      maxInflight: DEFAULT_MAX_INFLIGHT / 2,
    })
    replay = new Replay({
      sources, totalBytes, driver: hooks ? hooks.wrapDriver(driver) : driver, driverName: settings.driver, topics: settings.topics, dialect: settings.dialect,
      window: DEFAULT_MAX_INFLIGHT,
      ...options,
      onBadLine: (b) => {
        progress.clear()
        process.stderr.write(badLineText(b, !flags.strict) + '\n')
      },
      onProgress: progress.onProgress,
      progressIntervalMs: progress.intervalMs,
    })
    if (options.loop > 1 && !options.rewrite.freshIds) {
      this.notice(`--loop ${options.loop} without --fresh-ids sends the same message ids ${options.loop} times: consumers that de-duplicate by message_id keep one`)
    }
    let report: ReplayReport
    let outcome: MetricsOutcome | undefined
    const r = replay
    this.onInterrupt(() => {
      progress.clear()
      this.notice('stopping: awaiting every confirm (Ctrl-C again to quit at once)…')
      r.stop()
    })
    metrics?.start()
    try {
      report = await r.run()
      outcome = await metrics?.finish()
    } finally {
      progress.clear()
      if (!outcome) await metrics?.abandon()
      await driver.close().catch(() => {})
    }
    const summary = [renderReplaySummary(report), renderThresholds(outcome?.thresholds ?? [], outcome?.aborted)].filter(Boolean).join('\n')
    const logOnStdout = settings.driver === 'log' && !settings.logFile && !this.jsonEnabled()
    if (logOnStdout) process.stderr.write(summary + '\n')
    else this.log(summary)
    if (flags.report) writeReportFile(flags.report, {...report, series: outcome?.series, thresholds: outcome?.thresholds}, renderReplayHtml)
    // Lost messages or a run that could not finish (a bad line under --strict) fail it (1); a failed threshold gives 99; Ctrl-C 130.
    if (report.notifications.unconfirmed > 0 || report.failure !== undefined) this.failed()
    if (thresholdsFailed(outcome)) this.thresholdsFailed()
    return outcome && outcome.thresholds.length > 0 ? {...report, thresholds: outcome.thresholds} : report
  }

  /** The replay's options from the flags, every misuse a usage error before anything is read or sent. */
  private check(flags: Interfaces.InferredFlags<typeof ReplayCommand.flags>, sources: string[]) {
    if (sources.length === 0) throw new UsageError('no recording given', 'name one or more files (or - for stdin), e.g. trove-notify replay capture.jsonl')
    if (flags.speed !== undefined && flags.rate !== undefined) throw new UsageError('--speed and --rate both given', 'pace by the recorded gaps (--speed X) or at a fixed rate (--rate R), not both')
    const loop = flags.loop ?? 1
    if (loop > 1 && sources.includes('-')) throw new UsageError('--loop reads the recordings again, and stdin can be read only once', 'save the recording to a file and replay that')
    const tenantMap = parseTenantMap(flags['tenant-map'] ?? [])
    if (typeof tenantMap === 'string') throw new UsageError(tenantMap, 'e.g. --tenant-map f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d=0a1b2c3d4e5f60718293a4b5c6d7e8f9')
    const timing: Timing = flags.rate !== undefined ? {kind: 'rate', rate: flags.rate} : {kind: 'speed', speed: flags.speed ?? 1}
    const filtered = [flags.event, flags.priority, flags.tenant, flags['request-id'], flags.publisher].some((f) => f !== undefined)
    return {
      timing,
      loop,
      filter: filtered
        ? buildFilter({events: flags.event, priorities: flags.priority, tenant: flags.tenant, requestId: flags['request-id'], publisher: flags.publisher})
        : undefined,
      rewrite: {retime: flags.retime === true, freshIds: flags['fresh-ids'] === true, tenantMap},
      strict: flags.strict === true,
    }
  }
}
