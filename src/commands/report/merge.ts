import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../../cli/base-command.js'
import {renderSummary} from '../../cli/render/simulate.js'
import {readReport, writeReport} from '../../report/io.js'
import {mergeReports} from '../../report/merge.js'
import type {SimulationReport} from '../../simulate/report.js'

export default class ReportMerge extends BaseCommand {
  static summary = 'Merge the reports of several simulate runs (--worker processes) into one: counts summed, histograms merged, time series aligned.'
  static description = `Reads reports written by simulate --report (JSON, or HTML: the page carries its data) and writes one report of everything they did, as JSON or as the self-contained HTML page (by --out's extension). Latency percentiles come from the merged histograms, so they are those of every value the runs measured; the time series are aligned on the wall clock and summed (at the coarsest resolution of the inputs).`
  static examples = [
    '<%= config.bin %> <%= command.id %> worker-1.json worker-2.json worker-3.json worker-4.json --out all.html',
    '<%= config.bin %> <%= command.id %> worker-*.json --out all.json',
  ]
  static strict = false
  static args = {
    reports: Args.string({description: 'Reports to merge (JSON or HTML, from simulate --report).', required: true}),
  }
  static flags = {
    out: Flags.string({summary: 'Where to write the merged report: FILE.html (the page) or FILE.json.', helpValue: 'FILE', required: true}),
  }

  async run(): Promise<SimulationReport> {
    const {argv, flags} = await this.parse(ReportMerge)
    const files = argv as string[]
    const merged = mergeReports(files.map((f) => readReport(f)), files)
    writeReport(flags.out, merged)
    this.log(renderSummary(merged))
    this.log(`merged ${files.length} report${files.length === 1 ? '' : 's'} into ${flags.out}`)
    return merged
  }
}
