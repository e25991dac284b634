import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
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
  static args = {
    type: Args.string({description: 'Event type, e.g. dbaas.instance_create.start.', required: true}),
  }

  async run() {
    const {args} = await this.parse(EventsShow)
    const spec = lookupEvent(args.type)
    const op = spec.operation ? getOperation(spec.operation) : undefined
    const example = exampleMessage(spec)
    this.log(eventPage(spec, op, example))
    return {...spec, finished_by: op?.finishedBy, note: op?.note, example}
  }
}
