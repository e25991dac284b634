import {LIMITS, wholeNumberFlag} from '../../cli/flags.js'
import {PeriodicCommand, periodicFlags} from '../../cli/periodic-command.js'
import {getDialect} from '../../events/dialect/index.js'
import {planRuns} from '../../periodic/plan.js'
import {publishQuotas, QUOTAS_EVENT, taskmanagerCount} from '../../periodic/quotas.js'

export default class Quotas extends PeriodicCommand {
  static summary = 'Publish dbaas.quotas for every tenant and resource (instances, volumes, backups), every --interval seconds.'
  static description = `Each run publishes, from every simulated taskmanager, one dbaas.quotas per tenant the world knows and per resource: in_use, reserved (held by work in flight), limit (-1 = unlimited) and updated (the last allocation event; for a resource never allocated, the time it was first reported).
The interval is --interval or quota_notification_interval under [DEFAULT] in the config file (needed unless --once); < 0 disables (nothing is published). Runs are scheduled without drift (run k at start + k·interval) until Ctrl-C or --count runs; every message is confirmed by the broker before a run is reported.
With --dialect trove-18 nothing is published, as in Trove 18: its periodic quota task fails before sending (said in one line).`
  static examples = [
    '<%= config.bin %> <%= command.id %> --once',
    '<%= config.bin %> <%= command.id %> --interval 60',
    '<%= config.bin %> <%= command.id %> --interval 0.5 --count 3 --taskmanagers 2 --json',
  ]
  static flags = {
    ...periodicFlags('quota_notification_interval'),
    taskmanagers: wholeNumberFlag({
      summary: `Simulated taskmanagers (at most ${LIMITS.taskmanagers}); each (taskmanager.<host>-<i>) publishes its own full set.`,
      helpValue: 'N',
      min: 1,
      max: LIMITS.taskmanagers,
      why: 'each publishes tenants × 3 messages per run',
      defaultHelp: async () => '1',
    }),
  }

  async run() {
    const {flags} = await this.parse(Quotas)
    const settings = this.settingsFrom(flags)
    const taskmanagers = taskmanagerCount(flags.taskmanagers)
    const plan = planRuns({flag: flags.interval, config: settings.quotaInterval, configKey: 'quota_notification_interval',
      once: flags.once, count: flags.count, command: 'trove-notify quotas'})
    const dialect = getDialect(settings.dialect)
    if (dialect.quotasSilentBecause && !plan.disabled) this.notice(`${settings.dialect}: nothing is published: ${dialect.quotasSilentBecause}`)
    // the dialect's name of the quota event (Trove 18: dbaas.quota)
    const eventType = dialect.events.find((e) => /^dbaas\.quotas?$/.test(e.eventType))?.eventType ?? QUOTAS_EVENT.eventType
    return this.periodic(eventType, plan, (ctx) => publishQuotas(ctx, undefined, taskmanagers),
      (r) => `${r.tenants} tenant(s) × 3 resources × ${r.taskmanagers} taskmanager(s)`, flags)
  }
}
