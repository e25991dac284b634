#!/usr/bin/env node
// Entry point of the built CLI: oclif finds commands through the manifest.
// When stderr is not a terminal (scripts, CI, logs), errors stay on one line:
// oclif would otherwise wrap them at 80 columns.
if (!process.stderr.isTTY && !process.env.OCLIF_COLUMNS) process.env.OCLIF_COLUMNS = '100000'
// The reader of our output went away (`simulate --driver log | head`, `tail --json | head`):
// stop quietly, as a Unix tool killed by SIGPIPE would, instead of writing into a closed pipe forever.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0)
  throw err
})
// DEBUG=* prints argv and more through the `debug` loggers: passwords and URL passwords are redacted first.
if (process.env.DEBUG) {
  const {installDebugRedaction} = await import('../dist/cli/redact.js')
  installDebugRedaction(process.argv.slice(2), new URL('../oclif.manifest.json', import.meta.url))
}
const {execute} = await import('@oclif/core')

await execute({dir: import.meta.url})
