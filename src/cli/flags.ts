/**
 * Flags, defined once and spread into commands. Flags backed by the config
 * file have no oclif `default` (so we can tell what the user typed); their
 * default is shown with `defaultHelp`. Parsing and validation live inside the
 * flag, so a malformed value is a usage error (exit 2) before anything runs.
 */
import {Flags} from '@oclif/core'
import {DEFAULTS} from '../settings/settings.js'
import {DURATION_FORMS, parseDuration} from '../util/duration.js'

/** A duration ≥ 0 in seconds: a plain number (fractions allowed) or with a unit (250ms, 30s, 5m, 1h). */
export const secondsFlag = Flags.custom<number>({
  async parse(input) {
    const n = parseDuration(input)
    if (n === undefined || n < 0) throw new Error(`expected a duration ≥ 0: ${DURATION_FORMS}; got "${input}"`)
    return n
  },
})

/** A whole number (negative allowed: Trove's rules decide what is acceptable). */
export const integerFlag = Flags.custom<number>({
  async parse(input) {
    if (!/^-?\d+$/.test(input.trim())) throw new Error(`expected a whole number, got "${input}"`)
    return Number(input)
  },
})

/** Where notifications go: broker, exchange, topics, driver. */
export const connectionFlags = {
  url: Flags.string({
    summary: 'Transport URL: amqp://, amqps:// or rabbit://u:p@h1:5672,u:p@h2:5672/vhost (several hosts = failover).',
    env: 'TROVE_NOTIFY_URL',
    defaultHelp: async () => DEFAULTS.url,
    helpGroup: 'TRANSPORT',
  }),
  exchange: Flags.string({
    summary: 'oslo control_exchange: the topic exchange notifications are published to.',
    defaultHelp: async () => DEFAULTS.exchange,
    helpGroup: 'TRANSPORT',
  }),
  topics: Flags.string({
    summary: 'Comma list of notification topics; topic T uses routing keys T.info and T.error (stock Ceilometer listens on "notifications").',
    defaultHelp: async () => DEFAULTS.topics.join(','),
    helpGroup: 'TRANSPORT',
  }),
  driver: Flags.string({
    summary: 'messagingv2 (RabbitMQ, oslo v2 envelope), log (one JSON line per notification) or noop.',
    options: ['messagingv2', 'log', 'noop'],
    defaultHelp: async () => DEFAULTS.driver,
    helpGroup: 'TRANSPORT',
  }),
  durable: Flags.boolean({
    summary: 'Declare the exchange and queues durable (oslo amqp_durable_queues); must match what the broker already has.',
    allowNo: true,
    helpGroup: 'TRANSPORT',
  }),
  'log-file': Flags.string({
    summary: 'With --driver log: append the JSON lines to this file instead of stdout.',
    helpGroup: 'TRANSPORT',
  }),
}

/** The wire shape (one flag for every command that publishes or reads the catalog). */
export const dialectFlag = Flags.string({
  summary: "Wire shape: spec (the Ceilometer-integration spec) or trove-18 (what Trove 18.0.0's own code sends). Changes only the wire, never the world.",
  options: ['spec', 'trove-18'],
  env: 'TROVE_NOTIFY_DIALECT',
  defaultHelp: async () => 'spec',
  helpGroup: 'TRANSPORT',
})

/** Which simulated world, and who is calling. */
export const worldFlags = {
  state: Flags.string({
    summary: 'State store (SQLite file) of the simulated Trove; ":memory:" for a throwaway world.',
    env: 'TROVE_NOTIFY_STATE',
    defaultHelp: async () => '<data dir>/state.db',
    helpGroup: 'WORLD',
  }),
  'config-file': Flags.string({
    summary: 'INI config file (trove.conf option names).',
    env: 'TROVE_NOTIFY_CONFIG',
    defaultHelp: async () => '<config dir>/trove-notify.conf',
    helpGroup: 'WORLD',
  }),
  tenant: Flags.string({
    summary: 'tenant_id (project) of the caller. [env: OS_PROJECT_ID]',
    defaultHelp: async () => DEFAULTS.tenant,
    helpGroup: 'WORLD',
  }),
  user: Flags.string({
    summary: 'user_id of the caller. [env: OS_USER_ID, OS_USERNAME]',
    defaultHelp: async () => DEFAULTS.user,
    helpGroup: 'WORLD',
  }),
  region: Flags.string({
    summary: 'Region named in status notifications. [env: OS_REGION_NAME]',
    defaultHelp: async () => DEFAULTS.region,
    helpGroup: 'WORLD',
  }),
}

/** How the simulated operation behaves. */
export const operationFlags = {
  fail: Flags.string({
    summary: 'Inject a failure: the component that finishes the work fails with MESSAGE, and the lifecycle ends in .error.',
    helpValue: 'MESSAGE',
    helpGroup: 'SIMULATION',
  }),
  delay: secondsFlag({
    summary: 'Seconds the taskmanager / guest agent takes before the end notification (statuses visible meanwhile).',
    helpValue: 'SECONDS',
    defaultHelp: async () => String(DEFAULTS.delay),
    helpGroup: 'SIMULATION',
  }),
}
