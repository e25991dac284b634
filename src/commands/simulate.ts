import {Flags, type Interfaces} from '@oclif/core'
import {randomBytes} from 'node:crypto'
import {BaseCommand} from '../cli/base-command.js'
import {connectionFlags, LIMITS, numberFlag, secondsFlag, wholeNumberFlag, worldFlags, dialectFlag} from '../cli/flags.js'
import {metricsFlags, openMetrics, thresholdsFailed, thresholdsFrom} from '../cli/metrics-flags.js'
import {progressOutput} from '../cli/progress.js'
import {progressBar, progressLine, renderSummary} from '../cli/render/simulate.js'
import {abortNotice, renderThresholds} from '../cli/render/thresholds.js'
import {rateFlag} from '../cli/simulate-flags.js'
import {maskUrl} from '../messaging/transport-url.js'
import type {MetricsOutcome, MetricsSession} from '../metrics/session.js'
import {writeReport} from '../report/io.js'
import type {Settings} from '../settings/settings.js'
import {Simulation, type SimulationOptions} from '../simulate/engine.js'
import {defaultMix, parseMix} from '../simulate/mix.js'
import {RateProfile} from '../simulate/rate-profile.js'
import type {Progress, SimulationReport} from '../simulate/report.js'
import {loadScenario} from '../simulate/scenario.js'
import {parseWorker} from '../simulate/tenants.js'
import {ThreadedSimulation} from '../simulate/threads.js'
import {formatDuration} from '../util/duration.js'
import {UsageError} from '../util/errors.js'

export default class Simulate extends BaseCommand {
  static summary = 'Load simulation: a realistic, reproducible mix of Trove operations (or a scenario file), every notification confirmed.'
  static description = `Tenants create instances, add databases and users, resize, back up, replicate, promote, attach configurations, build clusters and delete — through the same operations the commands run, so Trove's rules apply and the stream is one a real Trove could produce. The same --seed gives the same operations and payloads (ids included).
Its own world by default (an in-memory state store); --state FILE uses or keeps one. A progress bar on a terminal, plain lines on stderr otherwise; a summary at the end (--json / --report FILE for the data). Ctrl-C stops cleanly: requests in flight finish, every confirm is awaited, the summary is printed (exit 130).
If the broker goes away, the publisher reconnects (trying the URL's hosts in turn) and republishes what was not confirmed; --json reports reconnects, republished and unconfirmed (0 when nothing was lost).
--rate takes a steady rate or a profile of steps and ramps (a profile repeats; alone it sets the run's length to one pass). Watch a run live with --metrics-port (Prometheus) or --metrics-file (a row per second); --report run.html writes a self-contained page with charts; --threshold makes it pass or fail (exit 99).`
  static examples = [
    '<%= config.bin %> <%= command.id %> --operations 10000 --tenants 50 --seed 42',
    '<%= config.bin %> <%= command.id %> --duration 60 --rate 200 --concurrency 16 --error-rate 0.02',
    '<%= config.bin %> <%= command.id %> --mix default,backup_create=20,cluster_*=0 --operations 5000',
    '<%= config.bin %> <%= command.id %> --scenario scenarios/billing-day.yaml --tenants 500 --time-scale 10',
    '<%= config.bin %> <%= command.id %> --operations 100000 --seed 7 --worker 2/4 --tenants 400 --report w2.json',
    '<%= config.bin %> <%= command.id %> --operations 200000 --tenants 400 --threads 4',
    "<%= config.bin %> <%= command.id %> --rate 'ramp:10..2000:2m' --concurrency 64 --metrics-port 9464 --report run.html --threshold 'confirm_p99<100ms'",
    "<%= config.bin %> <%= command.id %> --rate '100:60s,1000:10s' --duration 10m --metrics-file run.csv --threshold 'rate>=0.95*target'",
  ]
  static flags = {
    ...connectionFlags,
    dialect: dialectFlag,
    state: Flags.string({
      summary: 'State store of the simulated world; default a throwaway in-memory world (":memory:"). A file is used and kept.',
      helpGroup: 'WORLD',
    }),
    'config-file': worldFlags['config-file'],
    region: worldFlags.region,
    scenario: Flags.string({summary: 'Run a scenario file (YAML or JSON) instead of the realistic mix (see docs/simulate.md).', helpValue: 'FILE'}),
    operations: wholeNumberFlag({summary: 'Stop after N requests (default 100 for the mix).', helpValue: 'N', min: 1, max: LIMITS.operations, exclusive: ['duration']}),
    duration: secondsFlag({summary: 'Stop after this long: seconds, or 30s, 5m, 1h, at most a week (with a rate profile and no --operations: one pass of it).', helpValue: 'DURATION', exclusive: ['operations']}),
    rate: rateFlag({summary: 'Requests per second: steady (0 = as fast as possible) or a profile, e.g. "100:60s,1000:10s" (repeating) or "ramp:10..1000:5m,hold:1000:10m".', helpValue: 'R|PROFILE'}),
    concurrency: wholeNumberFlag({summary: 'Requests in flight at once (default 8).', helpValue: 'C', min: 1, max: LIMITS.concurrency}),
    tenants: wholeNumberFlag({
      summary: `Simulated tenants, over all workers (default 10, at most ${LIMITS.tenants}).`,
      helpValue: 'T',
      min: 1,
      max: LIMITS.tenants,
      why: "every tenant's world is kept in memory; split larger runs with --worker I/N",
    }),
    'error-rate': numberFlag({summary: 'Probability (0–1) that a request fails where its work is done (injected .error).', helpValue: 'P', min: 0, max: 1}),
    seed: Flags.string({summary: 'Seed: the same seed gives the same operations and payloads (default: random, printed).', helpValue: 'S'}),
    mix: Flags.string({summary: 'Weights of the operation kinds, e.g. "default,backup_create=20,user_*=0" (names as in the report).', helpValue: 'KIND=W,...'}),
    'time-scale': numberFlag({summary: 'Simulated time runs X times faster than real time (delays, waits, timestamps).', helpValue: 'X', above: 0, max: LIMITS.timeScale}),
    worker: Flags.string({summary: 'Worker I of N: partitions tenants and seeds so N simulators produce disjoint, reproducible streams.', helpValue: 'I/N'}),
    threads: wholeNumberFlag({
      min: 1,
      max: LIMITS.threads,
      summary: 'Simulation threads in this process (default 1): each runs its share of the tenants in a world of its own. One per core the broker leaves free.',
      helpValue: 'N',
    }),
    report: Flags.string({summary: 'Write the final report to FILE: .html for a self-contained page with charts, else JSON (with the time series).', helpValue: 'FILE'}),
    delay: secondsFlag({
      summary: 'Simulated time the taskmanager / guest takes before each end notification (seconds, or 30s, 5m; at most a day).',
      helpValue: 'DURATION',
      max: LIMITS.delay,
      why: 'one day',
      helpGroup: 'SIMULATION',
    }),
    ...metricsFlags(),
  }

  async run(): Promise<SimulationReport> {
    const {flags} = await this.parse(Simulate)
    const options = this.options(flags)
    const threads = flags.threads ?? 1
    const thresholds = thresholdsFrom(flags, 'simulate', !options.rate.unlimited)
    let sim: Simulation | ThreadedSimulation | undefined
    const metrics = await openMetrics(flags, {
      kind: 'simulate', worker: `${options.worker.index}/${options.worker.count}`, sources: threads, thresholds,
      series: flags.report !== undefined, target: (elapsedS) => targetRate(options.rate, elapsedS),
      onNotice: (m) => this.notice(m),
      onAbort: (failed) => {
        this.clearBar()
        this.notice(abortNotice(failed))
        sim?.stop()
      },
    })
    let outcome: MetricsOutcome | undefined
    let report: SimulationReport
    try {
      // The threads open worlds of their own: the main thread opens none.
      sim = threads > 1
        ? new ThreadedSimulation({...options, threads, scenarioFile: flags.scenario, onSample: metrics && ((t, s, last) => {
          metrics.ingest(t, s)
          if (last) metrics.end(t)
        })})
        : new Simulation({...options, world: this.world, recorder: metrics?.recorder})
      if (threads === 1) metrics?.start()
      report = await this.untilDoneOrInterrupted(sim)
      outcome = await metrics?.finish()
    } finally {
      if (!outcome) await metrics?.abandon()
    }
    report = {...report, ...this.extras(flags, options, outcome, metrics)}
    // With --driver log on stdout, stdout is the notification stream: the summary goes to stderr.
    const logOnStdout = options.settings.driver === 'log' && !options.settings.logFile && !this.jsonEnabled()
    const summary = [renderSummary(report), renderThresholds(outcome?.thresholds ?? [], outcome?.aborted)].filter(Boolean).join('\n')
    if (logOnStdout) process.stderr.write(summary + '\n')
    else this.log(summary)
    // Lost notifications or a run that could not finish fail the command (exit 1); a failed threshold gives 99; both over an interruption's 130/143.
    if (report.notifications.unconfirmed > 0 || report.failure !== undefined || report.crashes.length > 0) this.failed()
    if (thresholdsFailed(outcome)) this.thresholdsFailed()
    if (flags.report) writeReport(flags.report, report)
    return report
  }

  /** What the report adds to the run's numbers: its settings, how to run it again, the time series, the thresholds. */
  private extras(flags: Interfaces.InferredFlags<typeof Simulate.flags>, o: Omit<SimulationOptions, 'world'>, outcome: MetricsOutcome | undefined, metrics: MetricsSession | undefined): Partial<SimulationReport> {
    const settings: Record<string, string | number | boolean | null> = {
      scenario: flags.scenario ?? null,
      rate: o.rate.unlimited ? '0 (as fast as possible)' : o.rate.describe(),
      duration: o.durationS === undefined ? null : formatDuration(o.durationS),
      operations: o.operations ?? null,
      concurrency: o.concurrency,
      error_rate: o.errorRate,
      mix: flags.mix ?? 'default',
      time_scale: o.timeScale,
      delay: o.delay,
      url: maskUrl(o.settings.url),
      exchange: o.settings.exchange,
      topics: o.settings.topics.join(','),
    }
    return {
      settings,
      reproduce: reproduceLine(this.argv, o.seed),
      event_types: metrics ? metrics.eventTypes() : undefined,
      series: outcome?.series,
      thresholds: outcome && outcome.thresholds.length > 0 ? outcome.thresholds : undefined,
    }
  }

  /** The simulation's options: flags, else the scenario's defaults, else ours. */
  private options(flags: Interfaces.InferredFlags<typeof Simulate.flags>): Omit<SimulationOptions, 'world'> {
    const scenario = flags.scenario ? loadScenario(flags.scenario) : undefined
    const d = scenario?.defaults ?? {}
    const worker = flags.worker ? parseWorker(flags.worker) : {index: 1, count: 1}
    const tenants = flags.tenants ?? d.tenants ?? 10
    const threads = flags.threads ?? 1
    if (tenants < worker.count * threads) {
      const who = threads > 1 ? `${worker.count * threads} simulators (${worker.count} worker${worker.count > 1 ? 's' : ''} × ${threads} threads)` : `${worker.count} workers`
      throw new UsageError(`--tenants ${tenants} is fewer than the ${who}`, 'give at least one tenant per worker and thread')
    }
    const settings = this.settingsFrom({...flags, state: flags.state ?? ':memory:', delay: flags.delay ?? d.delay})
    if (threads > 1) checkThreadable(settings)
    const rate = flags.rate ?? d.rate ?? RateProfile.steady(0)
    // A profile alone is one pass of it; else 100 requests of the mix by default.
    const profileLength = rate.steadyRate === undefined && flags.operations === undefined && !scenario ? rate.cycleS : undefined
    const durationS = flags.duration ?? profileLength
    return {
      settings,
      ownWorld: settings.statePath === ':memory:',
      seed: flags.seed ?? randomBytes(4).toString('hex'),
      worker,
      tenants,
      operations: flags.operations ?? (durationS === undefined && !scenario ? 100 : undefined),
      durationS,
      rate,
      concurrency: flags.concurrency ?? d.concurrency ?? 8,
      errorRate: flags['error-rate'] ?? d.error_rate ?? 0,
      mix: flags.mix ? parseMix(flags.mix) : defaultMix(),
      timeScale: flags['time-scale'] ?? d.time_scale ?? 1,
      delay: settings.delay,
      scenario,
      onNotice: (m) => this.notice(m),
      logStream: this.jsonEnabled() ? process.stderr : process.stdout,
      ...this.progressOutput(),
    }
  }

  /** Run; the first Ctrl-C (or SIGTERM) stops cleanly (summary follows, exit 130/143), a second one quits at once. */
  private async untilDoneOrInterrupted(sim: Simulation | ThreadedSimulation): Promise<SimulationReport> {
    const off = this.onInterrupt(() => {
      this.clearBar()
      this.notice('stopping: finishing the requests in flight and awaiting every confirm (Ctrl-C again to quit at once)…')
      sim.stop()
    })
    try {
      return await sim.run()
    } finally {
      off()
      this.clearBar()
    }
  }

  /** A bar rewritten in place on a terminal; a plain line every 5 s otherwise. */
  private readonly progress = progressOutput<Progress>(progressBar, progressLine)

  private progressOutput(): {onProgress: (p: Progress) => void, progressIntervalMs: number} {
    return {progressIntervalMs: this.progress.intervalMs, onProgress: this.progress.onProgress}
  }

  private clearBar(): void {
    this.progress.clear()
  }
}

/** --threads N runs N worlds and N publishers: not with one state file, nor with one ordered log stream. */
function checkThreadable(settings: Settings): void {
  if (settings.statePath !== ':memory:') {
    throw new UsageError(`--threads gives each thread a world of its own; --state ${settings.statePath} is one store`, 'drop --state (the threads use in-memory worlds), or use --threads 1')
  }
  if (settings.driver === 'log') {
    throw new UsageError('--threads publishes from several threads; --driver log writes one ordered stream', 'use --driver messagingv2 or noop with --threads, or --threads 1')
  }
}

/** Requests per second the rate asked for over the first `elapsedS` seconds (undefined with no limit). */
function targetRate(rate: RateProfile, elapsedS: number): number | undefined {
  if (rate.unlimited || !(elapsedS > 0)) return undefined
  return rate.countAt(elapsedS) / elapsedS
}

/** The command line that runs this simulation again: the same arguments, the seed fixed, URL passwords masked. */
function reproduceLine(argv: readonly string[], seed: string): string {
  const args = argv.map((a) => maskUrl(a))
  if (!args.some((a) => a === '--seed' || a.startsWith('--seed='))) args.push('--seed', seed)
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)
  return ['trove-notify', 'simulate', ...args].map(quote).join(' ')
}
