import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {dialectFlag} from '../../cli/flags.js'
import {eventPage} from '../../cli/render/events.js'
import {findEventIn} from '../../events/catalogs.js'
import {getOperation} from '../../events/catalog.js'
import {exampleMessage} from '../../events/export/example.js'
import {lookupEvent} from '../../events/lookup.js'

export default class EventsShow extends BaseCommand {
  static summary = 'Show one event type: fields with their descriptions, APIs, emitting component, and an example message as on the wire.'
  static description = 'With --dialect trove-18, the event as Trove 18.0.0 sends it (its notification class, its quirks); the other dialect\'s entry of the same event type, if any, is named.'
  static examples = [
    '<%= config.bin %> <%= command.id %> dbaas.instance_create.start',
    '<%= config.bin %> <%= command.id %> dbaas.instance_create.start --dialect trove-18',
    '<%= config.bin %> <%= command.id %> trove.instance.exists --json',
  ]
  static args = {
    type: Args.string({description: 'Event type, e.g. dbaas.instance_create.start.', required: true}),
  }
  static flags = {dialect: dialectFlag}

  async run() {
    const {args, flags} = await this.parse(EventsShow)
    const {dialect} = this.settingsFrom({dialect: flags.dialect})
    const spec = lookupEvent(args.type, dialect)
    const op = spec.operation ? getOperation(spec.operation) : undefined
    const example = exampleMessage(spec)
    const other = findEventIn(dialect === 'spec' ? 'trove-18' : 'spec', spec.eventType)
    this.log(eventPage(spec, op, example))
    return {...spec, finished_by: op?.finishedBy, note: op?.note, trove_rules: op?.troveRules, example, in_other_dialect: other !== undefined}
  }
}
