import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {dialectFlag} from '../../cli/flags.js'
import {buildJsonSchema, payloadSchema, SCHEMA_DIALECT} from '../../events/export/json-schema.js'
import {lookupEvent} from '../../events/lookup.js'

export default class EventsSchema extends BaseCommand {
  static summary = 'Print the JSON Schema (draft 2020-12) of every payload of a dialect, of the oslo message and of its envelope.'
  static description = 'The root schema validates an inner oslo message (its event_type selects the payload schema); $defs/envelope validates the AMQP body, $defs/<event type> each payload. With TYPE, only that payload\'s schema. --dialect trove-18 describes what Trove 18.0.0 sends.'
  static examples = [
    '<%= config.bin %> <%= command.id %> > trove-notifications.schema.json',
    '<%= config.bin %> <%= command.id %> --dialect trove-18 > trove18-notifications.schema.json',
    '<%= config.bin %> <%= command.id %> dbaas.backup_create.end',
  ]
  static args = {
    type: Args.string({description: 'Only the payload schema of this event type.'}),
  }
  static flags = {dialect: dialectFlag}

  async run() {
    const {args, flags} = await this.parse(EventsSchema)
    const {dialect} = this.settingsFrom({dialect: flags.dialect})
    const schema = args.type ? {$schema: SCHEMA_DIALECT, ...payloadSchema(lookupEvent(args.type, dialect))} : buildJsonSchema(dialect)
    this.log(JSON.stringify(schema, null, 2))
    return schema
  }
}
