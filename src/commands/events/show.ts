import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {formatAsked, showOutputFlags} from '../../cli/flags.js'
import type {Shown} from '../../cli/render/format.js'
import {eventPage} from '../../cli/render/events.js'
import {getOperation} from '../../events/catalog.js'
import {exampleMessage} from '../../events/export/example.js'
import {lookupEvent} from '../../events/lookup.js'

export default class EventsShow extends BaseCommand {
  static summary = 'Show one event type: fields with the spec\'s descriptions, APIs, emitting component, and an example message as on the wire.'
  static examples = [
    '<%= config.bin %> <%= command.id %> dbaas.instance_create.start',
    '<%= config.bin %> <%= command.id %> trove.instance.exists --json',
  ]
  static flags = {...showOutputFlags}
  static args = {
    type: Args.string({description: 'Event type, e.g. dbaas.instance_create.start.', required: true}),
  }

  async run() {
    const {args, flags} = await this.parse(EventsShow)
    const spec = lookupEvent(args.type)
    const op = spec.operation ? getOperation(spec.operation) : undefined
    const example = exampleMessage(spec)
    if (!formatAsked(flags)) this.log(eventPage(spec, op, example))
    else {
      this.showOne([
        ['event_type', spec.eventType], ['summary', spec.summary], ['kind', spec.kind], ['queue', spec.queue], ['priority', spec.priority],
        ['spec_section', spec.specSection], ['emitted_by', [...spec.emittedBy]], ['python_api', spec.pythonApi ?? null], ['rest_api', spec.restApi ?? null],
        ['finished_by', op?.finishedBy ?? null], ['required_fields', spec.fields.filter((f) => f.required).map((f) => f.name)],
        ['optional_fields', spec.fields.filter((f) => !f.required).map((f) => f.name)],
      ] as Shown, flags)
    }
    return {...spec, finished_by: op?.finishedBy, note: op?.note, example}
  }
}
