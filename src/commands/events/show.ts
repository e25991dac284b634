import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {dialectFlag, formatAsked, showOutputFlags} from '../../cli/flags.js'
import type {Shown} from '../../cli/render/format.js'
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
  static flags = {dialect: dialectFlag, ...showOutputFlags}

  async run() {
    const {args, flags} = await this.parse(EventsShow)
    const {dialect} = this.settingsFrom({dialect: flags.dialect})
    const spec = lookupEvent(args.type, dialect)
    const op = spec.operation ? getOperation(spec.operation) : undefined
    const example = exampleMessage(spec)
    const other = findEventIn(dialect === 'spec' ? 'trove-18' : 'spec', spec.eventType)
    if (!formatAsked(flags)) this.log(eventPage(spec, op, example))
    else {
      this.showOne([
        ['event_type', spec.eventType], ['dialect', spec.dialect], ['summary', spec.summary], ['kind', spec.kind], ['queue', spec.queue], ['priority', spec.priority],
        ['spec_section', spec.specSection], ['emitted_by', [...spec.emittedBy]], ['python_api', spec.pythonApi ?? null], ['rest_api', spec.restApi ?? null],
        ['finished_by', op?.finishedBy ?? null], ['required_fields', spec.fields.filter((f) => f.required).map((f) => f.name)],
        ['optional_fields', spec.fields.filter((f) => !f.required).map((f) => f.name)],
        ['in_other_dialect', other !== undefined],
      ] as Shown, flags)
    }
    return {...spec, finished_by: op?.finishedBy, note: op?.note, trove_rules: op?.troveRules, example, in_other_dialect: other !== undefined}
  }
}
