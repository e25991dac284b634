/** `--report FILE`: a command's final report written as pretty JSON (a bad path is a one-line error). */
import {writeFileSync} from 'node:fs'
import {UserError} from '../util/errors.js'

export function writeReport(file: string, report: unknown): void {
  try {
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
  } catch (err) {
    throw new UserError(`cannot write the report to ${file}: ${(err as Error).message}`, 'give --report a path in a directory you can write to')
  }
}
