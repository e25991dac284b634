import {Flags} from '@oclif/core'
import {PeriodicCommand, periodicFlags} from '../cli/periodic-command.js'
import {DEFAULTS} from '../settings/settings.js'
import {EXISTS_EVENT, publishExists} from '../periodic/exists.js'
import {existsTransformer, planRuns} from '../periodic/plan.js'
import {getDialect} from '../events/dialect/index.js'

export default class Exists extends PeriodicCommand {
  static summary = 'Publish trove.instance.exists for every live instance, with audit windows that tile, every --interval seconds.'
  static description = `Only when exists_notification_transformer is set under [DEFAULT] in the config file, or --transformer is given, as in Trove.
Each instance's first audit window begins at its launch and each next one exactly where the previous ended (kept in the state store, so a restart continues without gap or overlap); a deleted instance gets a final window ending at its deletion. Summed, Ceilometer's trove.instance.exists meter (audit_period_ending − audit_period_beginning) is the seconds each instance lived.
The interval is --interval or exists_notification_interval (default 3600); < 0 disables. Runs are scheduled without drift until Ctrl-C or --count runs.
With --dialect trove-18, as Trove 18 does: a run every 60 s whatever the interval, each reporting the fixed window [now − interval, now] for every live instance (the windows overlap).`
  static examples = [
    '<%= config.bin %> <%= command.id %> --transformer nova --once',
    '<%= config.bin %> <%= command.id %> --interval 300',
    '<%= config.bin %> <%= command.id %> --transformer nova --interval 0.5 --count 3 --json',
  ]
  static flags = {
    ...periodicFlags('exists_notification_interval', String(DEFAULTS.existsInterval)),
    transformer: Flags.string({summary: 'Enable exists notifications, naming the transformer (default: exists_notification_transformer in the config file).', helpValue: 'NAME'}),
  }

  async run() {
    const {flags} = await this.parse(Exists)
    const settings = this.settingsFrom(flags)
    const transformer = existsTransformer(flags.transformer, settings.existsTransformer)
    const plan = planRuns({flag: flags.interval, config: settings.existsInterval, configKey: 'exists_notification_interval',
      once: flags.once, count: flags.count, command: 'trove-notify exists'})
    // Trove 18 runs its exists task every 60 s whatever the interval, each run reporting [now − interval, now]
    const window = plan.interval ?? settings.existsInterval
    const schedule = getDialect(settings.dialect).existsSchedule(window)
    const runs = schedule.windows === 'fixed' && !plan.disabled && plan.interval !== undefined ? {...plan, interval: schedule.everySeconds} : plan
    if (runs !== plan) this.notice(`trove-18: a run every ${schedule.everySeconds} s (Trove 18's periodic task), each reporting [now − ${window} s, now] for every live instance: the windows overlap`)
    return this.periodic(EXISTS_EVENT.eventType, runs, (ctx) => publishExists(ctx, undefined, {interval: window, transformer}),
      (r) => `${r.instances} instance(s)${r.final > 0 ? `, ${r.final} final window(s)` : ''}`, flags)
  }
}
