#!/usr/bin/env node
// Entry point of the built CLI: oclif finds commands through the manifest.
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
