import {WorldCommand} from '../../cli/world-command.js'
import {listOutputFlags} from '../../cli/flags.js'
import {quotaListing} from '../../cli/render/periodic.js'
import {quotaRows} from '../../periodic/quotas.js'

export default class QuotasShow extends WorldCommand {
  static summary = "Show a tenant's quotas: resource, in use, reserved, limit (no notification)."
  static description = 'The tenant is the caller (--tenant, OS_PROJECT_ID, or the config). Volumes are in GB; a limit of -1 is unlimited. With --json each row also has `updated`, the last allocation event (null when never allocated).'
  static aliases = ['quota-show']
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --tenant f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d --json']

  static flags = {...listOutputFlags}

  async run() {
    const {flags} = await this.parse(QuotasShow)
    const settings = this.settingsFrom(flags)
    const rows = quotaRows(this.world, settings.limits, settings.tenant)
    this.showList(quotaListing(rows), flags)
    return rows
  }
}
