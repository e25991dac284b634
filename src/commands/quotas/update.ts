import {Args} from '@oclif/core'
import {askIfMissing} from '../../cli/prompts.js'
import {listOutputFlags} from '../../cli/flags.js'
import {quotaListing} from '../../cli/render/periodic.js'
import {WorldCommand} from '../../cli/world-command.js'
import {parseQuotaLimit, parseQuotaResource, updateQuota} from '../../periodic/quotas.js'

export default class QuotasUpdate extends WorldCommand {
  static summary = "Set a tenant's limit of one resource (instances, volumes in GB, backups; -1 = unlimited); no notification."
  static description = 'The new limit applies to the next operations (a reservation over it ends in .error with QuotaExceeded) and to the next dbaas.quotas.'
  static aliases = ['quota-update']
  static examples = [
    '<%= config.bin %> <%= command.id %> f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d instances 20',
    '<%= config.bin %> <%= command.id %> f4b5c6d7e8f94a0b9c1d2e3f4a5b6c7d volumes -1 --json',
  ]
  static args = {
    tenant: Args.string({description: 'Tenant (project) id.'}),
    resource: Args.string({description: 'instances, volumes or backups.'}),
    limit: Args.string({description: 'New limit: a whole number ≥ 0, or -1 for unlimited.'}),
  }

  static flags = {...listOutputFlags}

  async run() {
    const {args, flags} = await this.parse(QuotasUpdate)
    const settings = this.settingsFrom(flags)
    const example = 'trove-notify quotas update TENANT instances 20'
    const tenant = await askIfMissing(args.tenant, {name: 'TENANT', message: 'Tenant id', example})
    const resource = parseQuotaResource(await askIfMissing(args.resource, {name: 'RESOURCE', message: 'Resource', example,
      choices: [{value: 'instances'}, {value: 'volumes'}, {value: 'backups'}]}))
    const limit = parseQuotaLimit(await askIfMissing(args.limit, {name: 'LIMIT', message: 'New limit (-1 = unlimited)', example}))
    const rows = updateQuota(this.world, settings.limits, tenant, resource, limit)
    this.showList(quotaListing(rows), flags)
    return rows
  }
}
