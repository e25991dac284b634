// docs/notifications.md is generated from the catalogs (`npm run docs`); this
// fails when the committed file no longer matches what the catalogs say, or
// when an event or a field of either dialect is missing from it.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {test} from 'node:test'
import {DOCS_PATH, fieldCell, notificationsMarkdown} from '../../dist/events/export/docs.js'
import {eventsOf, findEventIn} from '../../dist/events/catalogs.js'

test('docs/notifications.md is up to date with the catalogs (run `npm run docs` when this fails)', () => {
  const committed = readFileSync(new URL(`../../${DOCS_PATH}`, import.meta.url), 'utf8')
  assert.ok(committed === notificationsMarkdown(), 'docs/notifications.md is stale: run `npm run docs` and commit it')
})

test('the docs name every event type of both dialects, and every field as each dialect sends it', () => {
  const md = notificationsMarkdown()
  for (const dialect of ['spec', 'trove-18']) {
    for (const e of eventsOf(dialect)) {
      assert.ok(md.includes(`| \`${e.eventType}\` | `), `${dialect}: ${e.eventType} in the event type table`)
      assert.ok(md.includes(`\`${e.eventType}\`\n`), `${dialect}: section of ${e.eventType}`)
      for (const f of e.fields) {
        const other = findEventIn(dialect === 'spec' ? 'trove-18' : 'spec', e.eventType)
        const mine = fieldCell(f)
        const theirs = other ? fieldCell(other.fields.find((x) => x.name === f.name)) : 'not sent'
        const [specCell, troveCell] = dialect === 'spec' ? [mine, theirs] : [theirs, mine]
        const mark = specCell === troveCell ? '' : '**≠** '
        assert.ok(md.includes(`| ${mark}\`${f.name}\` | ${specCell} | ${troveCell} |`), `${dialect}: ${e.eventType}.${f.name}`)
      }
    }
  }
})

test('the differences are marked: flavor vs flavor_id, the quota event, modify_volume', () => {
  const md = notificationsMarkdown()
  assert.match(md, /\| \*\*≠\*\* `flavor` \| string, required \| — \|/)
  assert.match(md, /\| \*\*≠\*\* `flavor_id` \| — \| string, required \|/)
  assert.match(md, /\| `dbaas\.quota` \| not sent \| `notifications\.info` \(never sent\) \|/)
  assert.match(md, /\| `trove\.instance\.modify_volume` \| `notification\.info` \| not sent \|/)
})
