// docs/notifications.md is generated from the catalog (`npm run docs`); this
// fails when the committed file no longer matches what the catalog says.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {test} from 'node:test'
import {DOCS_PATH, notificationsMarkdown} from '../../dist/events/export/docs.js'
import {EVENTS} from '../../dist/events/catalog.js'

test('docs/notifications.md is up to date with the catalog (run `npm run docs` when this fails)', () => {
  const committed = readFileSync(new URL(`../../${DOCS_PATH}`, import.meta.url), 'utf8')
  assert.ok(committed === notificationsMarkdown(), 'docs/notifications.md is stale: run `npm run docs` and commit it')
})

test('the docs name every event type with its queue and every field with its spec description', () => {
  const md = notificationsMarkdown()
  for (const e of EVENTS) {
    assert.ok(md.includes(`| \`${e.eventType}\` | \`${e.queue}\` | ${e.specSection} |`), e.eventType)
    assert.ok(md.includes(`\`${e.eventType}\`\n`), `section of ${e.eventType}`)
    for (const f of e.fields) assert.ok(md.includes(`| \`${f.name}\` | ${f.type} |`) && md.includes(f.description.replace(/\|/g, '\\|')), `${e.eventType}.${f.name}`)
  }
})
