/**
 * One flag per [oslo_messaging_rabbit] option, derived from the option
 * table (messaging/rabbit-options.ts): oslo's name with dashes (`--ssl-ca-file`,
 * `--rabbit-quorum-queue`, oslo's own `--rabbit-quroum-max-memory-length`
 * with the corrected spelling as an alias), parsed by the same rules as the
 * INI value. No oclif defaults: the config file and oslo's defaults apply
 * when a flag is not typed (the default is shown in help).
 */
import {Flags} from '@oclif/core'
import {OptionValueError, parseOptionValue, RABBIT_OPTIONS, type RabbitOptionSpec} from '../messaging/rabbit-options.js'

function flagFor(spec: RabbitOptionSpec) {
  const common = {
    summary: `${spec.help} [${spec.name}]`,
    aliases: spec.flagAliases ? [...spec.flagAliases] : undefined,
    helpGroup: 'RABBIT',
    defaultHelp: async () => String(spec.default === '' ? '(empty)' : spec.default),
  }
  if (spec.type.kind === 'bool') return Flags.boolean({...common, allowNo: true})
  return Flags.custom<boolean | number | string>({
    ...common,
    helpValue: spec.type.kind === 'int' ? 'N' : spec.type.kind === 'choice' ? 'METHOD' : spec.name.endsWith('_file') ? 'FILE' : 'VERSION',
    async parse(input) {
      try {
        return parseOptionValue(spec, input)
      } catch (err) {
        if (err instanceof OptionValueError) throw new Error(`${err.message}: ${err.fix}`)
        throw err
      }
    },
  })()
}

/** The flags, keyed by flag name (`durable`, `ssl-ca-file`, …). */
export const rabbitFlags = Object.fromEntries(RABBIT_OPTIONS.map((spec) => [spec.flag, flagFor(spec)])) as Record<string, ReturnType<typeof flagFor>>
