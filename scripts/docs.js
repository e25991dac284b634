#!/usr/bin/env node
// Write docs/notifications.md from the catalog (run after `npm run build`, as `npm run docs` does).
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {DOCS_PATH, notificationsMarkdown} from '../dist/events/export/docs.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const path = join(root, DOCS_PATH)
mkdirSync(dirname(path), {recursive: true})
writeFileSync(path, notificationsMarkdown())
console.log(`wrote ${DOCS_PATH}`)
