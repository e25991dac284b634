import {BaseCommand} from '../../cli/base-command.js'
import {ceilometerDefinitions, ceilometerYaml} from '../../events/export/ceilometer.js'

export default class EventsCeilometer extends BaseCommand {
  static summary = "Print Ceilometer event_definitions.yaml entries for the dbaas.* events (traits for the base and each event's fields)."
  static description = "Append the output to Ceilometer's event_definitions.yaml (e.g. /etc/ceilometer/event_definitions.yaml) so the events Ceilometer builds from Trove's dbaas.* notifications carry their fields as typed traits."
  static examples = [
    '<%= config.bin %> <%= command.id %> >> /etc/ceilometer/event_definitions.yaml',
    '<%= config.bin %> <%= command.id %> --json',
  ]

  async run() {
    await this.parse(EventsCeilometer)
    this.log(ceilometerYaml().trimEnd())
    const {base, events} = ceilometerDefinitions()
    return [base, ...events.map(({event_type, traits}) => ({event_type, traits}))]
  }
}
