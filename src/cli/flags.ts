/**
 * Flags, defined once and spread into commands. Flags backed by the config
 * file have no oclif `default` (so we can tell what the user typed); their
 * default is shown with `defaultHelp`. Parsing and validation live inside the
 * flag, so a malformed value is a usage error (exit 2) before anything runs.
 */
import {Flags, type Interfaces} from '@oclif/core'
import {DEFAULTS} from '../settings/settings.js'
import {type NumberRule, parseNumber} from '../util/numbers.js'
import {type Format, LIST_FORMATS, ONE_FORMATS, type OutputOptions} from './render/format.js'
import {rabbitFlags} from './rabbit-flags.js'

export {type NumberRule, parseNumber} from '../util/numbers.js'

/** The limits of the numeric flags (usage errors past them). */
export const LIMITS = {
  /** Simulated tenants: 10⁵ take ~0.3 GB and 2 s to set up; 10⁶ take 2 GB. */
  tenants: 100_000,
  operations: 1_000_000_000,
  threads: 32,
  /** Each taskmanager publishes the whole set (tenants × 3) every run. */
  taskmanagers: 100,
  concurrency: 10_000,
  rate: 1_000_000,
  /** --delay: a day of simulated work. */
  delay: 86_400,
  /** --interval, --timeout, --duration, --open-after: a week (timers cannot go past 24.8 days). */
  period: 604_800,
  timeScale: 1_000_000,
} as const

/** A flag kind whose values follow `base`, refined by the rule given where the flag is declared. */
function ruledNumberFlag(base: NumberRule) {
  return Flags.custom<number, NumberRule>({
    parse: async (input, _ctx, opts) => parseNumber(input, {
      ...base,
      ...Object.fromEntries((['whole', 'min', 'above', 'max', 'why', 'unit', 'duration'] as const).filter((k) => opts[k] !== undefined).map((k) => [k, opts[k]])),
    }),
  })
}

/**
 * A flag holding a number by its rule: `numberFlag({summary, min: 0, max: …, why: …})`.
 * A bad value or one past the limit is a usage error before anything runs.
 */
export const numberFlag = ruledNumberFlag({})

/** A flag holding a whole number by its rule (`min`, `max`, `why`). */
export const wholeNumberFlag = ruledNumberFlag({whole: true})

/** A whole number (negative allowed: Trove's rules decide what is acceptable). */
export const integerFlag = wholeNumberFlag

/** A duration ≥ 0 in seconds: a plain number (fractions allowed) or with a unit (250ms, 30s, 5m, 1h); at most a week unless `max` says otherwise. */
export const secondsFlag = ruledNumberFlag({duration: true, min: 0, max: LIMITS.period, why: 'a week', unit: 'seconds'})

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
  ...rabbitFlags,
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
    max: LIMITS.delay,
    why: 'one day',
    defaultHelp: async () => String(DEFAULTS.delay),
    helpGroup: 'SIMULATION',
  }),
}

/** `--json` (oclif's enableJsonFlag), with a summary that says how it differs from -f json. */
export const jsonFlag = Flags.boolean({
  summary: "Print the command's whole result as one JSON document (every field, snake_case keys, as CLI.md documents). -f json instead prints the columns shown, openstack-style.",
  helpGroup: 'GLOBAL',
})

/**
 * openstack-style output flags (cliff's), one group spread into every list
 * and show command and every operation. A list command gets the list
 * formats and the sort flags; a show command or an operation (one object)
 * gets the one-object formats and --prefix.
 */
function outputFlagGroup<K extends 'list' | 'one'>(kind: K) {
  const helpGroup = 'OUTPUT'
  const common = {
    format: Flags.string({
      char: 'f',
      summary: `Output format: ${(kind === 'list' ? LIST_FORMATS : ONE_FORMATS).join(', ')} (openstack's; default table).`,
      description: 'The shapes of `openstack … -f FORMAT`: value prints bare values (one object per line), json/yaml the columns shown keyed by name. --json instead prints the command\'s whole result (every field, snake_case keys, as documented in CLI.md); the two cannot be combined.',
      options: [...(kind === 'list' ? LIST_FORMATS : ONE_FORMATS)],
      exclusive: ['json'],
      helpGroup,
    }),
    column: Flags.string({
      char: 'c',
      summary: `${kind === 'list' ? 'Column' : 'Field'} to include (repeatable), e.g. -c id; case and _/-/space do not matter.`,
      multiple: true,
      helpValue: 'NAME',
      helpGroup,
    }),
    noindent: Flags.boolean({summary: 'With -f json: one line, no indentation.', helpGroup}),
    'max-width': wholeNumberFlag({
      summary: 'With -f table: fit into N columns (< 1: never cut).',
      helpValue: 'N',
      min: 0,
      max: 100_000,
      env: 'CLIFF_MAX_TERM_WIDTH',
      helpGroup,
    }),
    'fit-width': Flags.boolean({
      summary: 'With -f table: fit to the terminal even when stdout is not one (on a terminal it always is).',
      env: 'CLIFF_FIT_WIDTH',
      helpGroup,
    }),
    'print-empty': Flags.boolean({summary: 'With -f table: print the empty table when there is nothing to show.', helpGroup}),
  }
  const list = {
    'sort-column': Flags.string({summary: 'Sort by this column (repeatable; the first given decides first).', multiple: true, helpValue: 'NAME', helpGroup}),
    'sort-ascending': Flags.boolean({summary: 'Sort ascending (the default).', exclusive: ['sort-descending'], helpGroup}),
    'sort-descending': Flags.boolean({summary: 'Sort descending.', exclusive: ['sort-ascending'], helpGroup}),
  }
  const one = {
    prefix: Flags.string({summary: 'With -f shell: prefix every variable name with this.', helpValue: 'PREFIX', helpGroup}),
  }
  return (kind === 'list' ? {...common, ...list} : {...common, ...one}) as K extends 'list' ? typeof common & typeof list : typeof common & typeof one
}

/** Output flags of a list command. */
export const listOutputFlags = outputFlagGroup('list')
/** Output flags of a show command and of an operation's result. */
export const showOutputFlags = outputFlagGroup('one')

/** The output flags as parsed (either group). */
export interface OutputFlagValues {
  readonly format?: string
  readonly column?: string[]
  readonly 'sort-column'?: string[]
  readonly 'sort-descending'?: boolean
  readonly noindent?: boolean
  readonly 'max-width'?: number
  readonly 'fit-width'?: boolean
  readonly 'print-empty'?: boolean
  readonly prefix?: string
}

/** Parsed output flags → formatter options. */
export function outputOptions(f: OutputFlagValues): OutputOptions {
  return {
    format: (f.format ?? 'table') as Format,
    columns: f.column ?? [],
    sortColumns: f['sort-column'] ?? [],
    sortDescending: f['sort-descending'] ?? false,
    noindent: f.noindent ?? false,
    maxWidth: f['max-width'],
    fitWidth: f['fit-width'] ?? false,
    printEmpty: f['print-empty'] ?? false,
    prefix: f.prefix ?? '',
  }
}

/** True when the user asked for openstack-style output (an operation then prints its resource only). */
export function formatAsked(f: OutputFlagValues): boolean {
  return f.format !== undefined || (f.column?.length ?? 0) > 0
}
