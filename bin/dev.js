#!/usr/bin/env node
// Development entry point: same as run.js, with oclif's development mode (no manifest cache).
if (!process.stderr.isTTY && !process.env.OCLIF_COLUMNS) process.env.OCLIF_COLUMNS = '100000'
const {execute} = await import('@oclif/core')

await execute({development: true, dir: import.meta.url})
