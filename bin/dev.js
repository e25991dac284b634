#!/usr/bin/env node
// Development entry point: same as run.js, with oclif's development mode (no manifest cache).
if (!process.stderr.isTTY && !process.env.OCLIF_COLUMNS) process.env.OCLIF_COLUMNS = '100000'
if (process.env.DEBUG) {
  const {installDebugRedaction} = await import('../dist/cli/redact.js')
  installDebugRedaction(process.argv.slice(2), new URL('../oclif.manifest.json', import.meta.url))
}
const {execute} = await import('@oclif/core')

await execute({development: true, dir: import.meta.url})
