import {BaseCommand} from '../../cli/base-command.js'
import {dialectFlag} from '../../cli/flags.js'
import {ceilometerDefinitions, ceilometerYaml} from '../../events/export/ceilometer.js'

export default class EventsCeilometer extends BaseCommand {
  static summary = "Print Ceilometer event_definitions.yaml entries for the dbaas.* events of a dialect (traits for the base and each event's fields)."
  static description = "Append the output to Ceilometer's event_definitions.yaml (e.g. /etc/ceilometer/event_definitions.yaml) so the events Ceilometer builds from Trove's dbaas.* notifications carry their fields as typed traits. --dialect trove-18 gives the definitions for what Trove 18.0.0 sends (flavor_id, image_id, …)."
  static examples = [
    '<%= config.bin %> <%= command.id %> >> /etc/ceilometer/event_definitions.yaml',
    '<%= config.bin %> <%= command.id %> --dialect trove-18 >> /etc/ceilometer/event_definitions.yaml',
    '<%= config.bin %> <%= command.id %> --json',
  ]
  static flags = {dialect: dialectFlag}

  async run() {
    const {flags} = await this.parse(EventsCeilometer)
    const {dialect} = this.settingsFrom({dialect: flags.dialect})
    this.log(ceilometerYaml(dialect).trimEnd())
    const {base, events} = ceilometerDefinitions(dialect)
    return [base, ...events.map(({event_type, traits}) => ({event_type, traits}))]
  }
}
