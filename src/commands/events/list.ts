import {Args} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {dialectFlag, formatAsked, listOutputFlags} from '../../cli/flags.js'
import {eventsTable} from '../../cli/render/events.js'
import {eventsOf} from '../../events/catalogs.js'
import {globToRegExp} from '../../tail/filters.js'

export default class EventsList extends BaseCommand {
  static summary = 'List every event type of a dialect: its queue and its required and optional payload fields.'
  static examples = [
    '<%= config.bin %> <%= command.id %>',
    "<%= config.bin %> <%= command.id %> 'dbaas.user_*'",
    '<%= config.bin %> <%= command.id %> --dialect trove-18',
    "<%= config.bin %> <%= command.id %> --json | jq -r '.[].event_type'",
  ]
  static args = {
    glob: Args.string({description: "Only event types matching this glob, e.g. 'dbaas.instance_*'."}),
  }
  static flags = {dialect: dialectFlag, ...listOutputFlags}

  async run() {
    const {args, flags} = await this.parse(EventsList)
    const {dialect} = this.settingsFrom({dialect: flags.dialect})
    const re = args.glob ? globToRegExp(args.glob) : undefined
    const events = eventsOf(dialect).filter((e) => !re || re.test(e.eventType))
    const rows = events.map((e) => ({
      event_type: e.eventType, dialect: e.dialect, kind: e.kind, queue: e.queue, priority: e.priority,
      required: e.fields.filter((f) => f.required).map((f) => f.name),
      optional: e.fields.filter((f) => !f.required).map((f) => f.name),
      nullable: e.fields.filter((f) => f.nullable).map((f) => f.name),
      emitted_by: e.emittedBy, spec_section: e.specSection, beyond_spec: e.beyondSpec, summary: e.summary,
      ...(e.troveClass ? {trove_class: e.troveClass} : {}), ...(e.notes?.length ? {notes: e.notes} : {}),
    }))
    // The catalog table abbreviates the shared field sets; -f/-c print every field name.
    if (!formatAsked(flags)) this.log(eventsTable(events))
    else {
      this.showList({
        columns: ['Event type', 'Kind', 'Queue', 'Priority', 'Required fields', 'Optional fields', 'Emitted by', 'Spec section', 'Summary'],
        rows: rows.map((r) => [r.event_type, r.kind, r.queue, r.priority, r.required, r.optional, r.emitted_by, r.spec_section, r.summary]),
      }, flags)
    }
    return rows
  }
}
