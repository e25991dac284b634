#!/usr/bin/env node
// Run many `trove-notify` command lines in one process, as bin/run.js would
// (oclif's own `run` over the built CLI), and write each one's `--json`
// result or error to the file named by argv[2], as one JSON array. The
// command lines come as a JSON array of argv arrays on stdin. Used where a
// test runs hundreds of short command lines (--dry-run) and a process each
// would cost minutes of CPU on a shared machine.
import {readFileSync, writeFileSync} from 'node:fs'
import {Config, run} from '@oclif/core'
import {ROOT} from './cli.js'

const lines = JSON.parse(readFileSync(0, 'utf8'))
const config = await Config.load(ROOT)
const out = []
let printed = ''
process.stdout.write = (chunk) => { printed += String(chunk); return true }
for (const argv of lines) {
  printed = ''
  try {
    const result = await run(argv, config)
    // With --json, oclif prints an error as JSON and sets the exit code instead of throwing.
    if (process.exitCode) {
      let message = printed
      try { message = JSON.parse(printed).error?.message ?? printed } catch { /* not JSON */ }
      out.push({error: {message, exit: process.exitCode}})
    } else {
      out.push({result})
    }
  } catch (err) {
    out.push({error: {message: err.message, exit: err.oclif?.exit ?? process.exitCode}})
  }
  process.exitCode = undefined
}
writeFileSync(process.argv[2], JSON.stringify(out))
