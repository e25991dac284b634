import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../cli/base-command.js'
import {dialectFlag, filterFlags} from '../cli/flags.js'
import {LineWriter} from '../cli/render/line-writer.js'
import {messageReportLines, renderCheckResult} from '../cli/render/check.js'
import {type CheckResult, RecordingCheck} from '../recording/check.js'
import {checkFirstLines, checkSources, itemsOf, readBatches} from '../recording/reader.js'
import {buildFilter} from '../tail/filters.js'

export default class Check extends BaseCommand {
  static summary = 'Check recordings offline against the catalog (what tail --check does), with lifecycle pairing and exists windows; exit 1 on any violation.'
  static description = `Reads each FILE (tail --record, --driver log; - for stdin; .gz as it is) without a broker and checks every message as tail --check does: content type and encoding, envelope, the inner message's keys, priority vs the event type's queue, required payload fields and their types, timestamp format, unknown event types; Trove 18's known departures are named (and are not violations).
Across the whole stream: every .start must end (.end or .error with the same request id) and every end must have its start; each instance's trove.instance.exists windows must tile (no gap, no overlap, no empty window).
With --dialect trove-18 the messages are held against what Trove 18 itself sends (its event types, fields and priorities), and the spec's shapes are the departures.
Prints each message with findings as FILE:LINE, a summary per event type, the lifecycle and window findings, and a verdict. Exit 1 when anything violates (a line that cannot be read counts), 0 otherwise, 2 for a file that is not a recording. --partial for a slice of a longer stream (lifecycles cut at its edges are not violations).`
  static examples = [
    '<%= config.bin %> <%= command.id %> fixtures/*.jsonl',
    '<%= config.bin %> <%= command.id %> incident.jsonl.gz --partial --quiet',
    "<%= config.bin %> <%= command.id %> capture.jsonl --event 'trove.instance.exists' --json | jq .exists",
  ]
  static strict = false
  static args = {
    file: Args.string({description: 'Recordings to check (- for stdin; .gz read as is).', required: false}),
  }
  static flags = {
    ...filterFlags,
    dialect: {...dialectFlag, summary: "Whose shapes the messages are held against: spec (the Ceilometer-integration spec, default) or trove-18 (what Trove 18.0.0's own code sends)."},
    partial: Flags.boolean({summary: 'The recording is a slice of a longer stream: lifecycles cut at its edges are listed, not counted as violations.'}),
    quiet: Flags.boolean({summary: 'Print only the summary and the verdict, not each message with findings.', char: 'q'}),
  }

  async run(): Promise<CheckResult> {
    const {flags, argv} = await this.parse(Check)
    const sources = argv as string[]
    checkSources(sources)
    await checkFirstLines(sources)
    const filtered = [flags.event, flags.priority, flags.tenant, flags['request-id'], flags.publisher].some((f) => f !== undefined)
    const {dialect} = this.settingsFrom({dialect: flags.dialect})
    const check = new RecordingCheck({
      partial: flags.partial,
      dialect,
      filter: filtered ? buildFilter({events: flags.event, priorities: flags.priority, tenant: flags.tenant, requestId: flags['request-id'], publisher: flags.publisher}) : undefined,
    })
    const out = new LineWriter(process.stdout)
    const show = !flags.quiet && !this.jsonEnabled()
    try {
      for await (const batch of readBatches(sources)) {
        for (const item of itemsOf(batch)) {
          const report = check.item(item)
          if (report && show) for (const line of messageReportLines(report)) out.line(line)
        }
      }
    } finally {
      out.flush()
    }
    const result = check.result()
    this.log(renderCheckResult(result))
    if (result.violations > 0) this.failed()
    return result
  }
}
