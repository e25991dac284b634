// The HTML report in a real browser: headless Chromium (Debian's chromium,
// driven by playwright-core) opens the report of a run against RabbitMQ,
// offline, and the test checks that every chart rendered with data —
// non-empty paths and bars with a size, axis labels — that nothing was
// fetched, and that it fits a phone and prints. TROVE_NOTIFY_SCREENSHOT=FILE
// keeps the browser's screenshot (docs/report.png was taken this way).
import assert from 'node:assert/strict'
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {test} from 'node:test'
import {chromium} from 'playwright-core'
import {privateBus} from '../helpers/broker.js'
import {runCli} from '../helpers/cli.js'

const CHROMIUM = process.env.TROVE_NOTIFY_CHROMIUM ?? '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

// CI installs chromium (.ci/run); elsewhere, say why the test did not run.
const skip = !existsSync(CHROMIUM) && !process.env.CI ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false

test('the HTML report opens offline in Chromium with every chart drawn from the run\'s data', {skip}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-report-'))
  const file = join(dir, 'run.html')
  const bus = await privateBus('html')
  try {
    const r = await runCli(['simulate', ...bus.args, '--rate', 'ramp:20..120:3s,hold:120:2s', '--error-rate', '0.05', '--tenants', '12', '--seed', 'html',
      '--threshold', 'confirm_p99<5s', '--threshold', 'unconfirmed==0', '--report', file, '--json'], {timeoutMs: 60_000})
    assert.equal(r.code, 0, r.stderr)
  } finally {
    await bus.cleanup()
  }
  const browser = await chromium.launch({executablePath: CHROMIUM, args: FLAGS})
  try {
    const context = await browser.newContext({viewport: {width: 1200, height: 900}, offline: true})
    const page = await context.newPage()
    const requests = []
    page.on('request', (req) => requests.push(req.url()))
    await page.goto(pathToFileURL(file).href)
    assert.deepEqual(requests, [pathToFileURL(file).href], 'the page loads nothing but itself')
    const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => {
      const paths = [...f.querySelectorAll('path.series')].map((p) => ({d: p.getAttribute('d') ?? '', w: p.getBBox().width, h: p.getBBox().height, name: p.dataset.series}))
      const bars = [...f.querySelectorAll('rect.bar')].map((b) => ({w: b.getBBox().width, h: b.getBBox().height}))
      const labels = [...f.querySelectorAll('.axis-label')].map((t) => ({text: t.textContent, w: t.getBBox().width}))
      const ticks = [...f.querySelectorAll('.tick')].map((t) => t.textContent)
      const svg = f.querySelector('svg')?.getBoundingClientRect()
      return {id: f.dataset.chart, title: f.querySelector('figcaption')?.textContent, paths, bars, labels, ticks, empty: f.querySelector('.empty')?.textContent, width: svg?.width ?? 0, height: svg?.height ?? 0}
    }))
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]))
    for (const id of ['throughput', 'requests', 'confirm-latency', 'lifecycle-latency']) {
      const c = byId[id]
      assert.ok(c, `chart ${id}`)
      assert.equal(c.empty, undefined, `${id}: ${c.empty}`)
      assert.ok(c.width > 200 && c.height > 60, `${id} is drawn (${c.width}×${c.height})`)
      assert.ok(c.paths.length >= 2, `${id}: ${c.paths.length} lines`)
      for (const p of c.paths) {
        assert.ok((p.d.match(/L/g) ?? []).length >= 3, `${id}/${p.name}: a line through the run's points (${p.d.slice(0, 60)}…)`)
        assert.ok(p.w > 100, `${id}/${p.name} spans the chart (${p.w} px)`)
      }
      assert.ok(c.labels.length === 2 && c.labels.every((l) => l.text && l.w > 0), `${id}: axis labels ${JSON.stringify(c.labels)}`)
      assert.ok(c.ticks.includes('0:00') && c.ticks.length >= 6, `${id}: ticks ${c.ticks}`)
    }
    assert.ok(byId.requests.paths.some((p) => p.name === 'target (--rate)'), 'the rate asked for is drawn')
    for (const id of ['errors', 'operations', 'event-types', 'lifecycle-histogram', 'confirm-histogram']) {
      const c = byId[id]
      assert.ok(c && c.empty === undefined, `${id}: ${c?.empty}`)
      assert.ok(c.bars.length >= (id === 'errors' ? 1 : 3) && c.bars.every((b) => b.w > 0 && b.h > 0), `${id}: ${c.bars.length} bars with a size`)
    }
    assert.ok(byId.operations.bars.length >= 5, 'several operations in the mix')
    const text = await page.textContent('body')
    assert.match(text, /PASS: all 2 thresholds held/)
    assert.match(text, /trove-notify simulate .*--rate ramp:20\.\.120:3s,hold:120:2s.* --seed html/)
    assert.match(text, /confirm_p99 [\d.]+ms \(< 5s\)/)
    if (process.env.TROVE_NOTIFY_SCREENSHOT) await page.screenshot({path: process.env.TROVE_NOTIFY_SCREENSHOT, fullPage: true})
    // A phone: one column, nothing wider than the screen.
    await page.setViewportSize({width: 390, height: 844})
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `${overflow} px wider than a phone`)
    const columns = await page.$eval('.grid2', (g) => getComputedStyle(g).gridTemplateColumns.split(' ').length)
    assert.equal(columns, 1)
    // Printed: the charts are still there, none split across pages.
    await page.emulateMedia({media: 'print'})
    assert.equal(await page.$eval('figure.chart', (f) => getComputedStyle(f).breakInside), 'avoid')
    const pdf = await page.pdf({format: 'A4'})
    assert.ok(pdf.length > 20_000, `${pdf.length} bytes of PDF`)
  } finally {
    await browser.close()
  }
})

test('replay --report run.html opens offline in Chromium with its throughput and latency drawn from the replay', {skip}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tn-replay-report-'))
  const recording = join(dir, 'sim.jsonl')
  const file = join(dir, 'replay.html')
  const made = await runCli(['simulate', '--driver', 'log', '--log-file', recording, '--operations', '200', '--tenants', '6', '--seed', 'replay-html'], {timeoutMs: 60_000})
  assert.equal(made.code, 0, made.stderr)
  const bus = await privateBus('replay-html')
  try {
    // ~500 notifications at 120/s: several seconds, so every chart has points to draw through.
    const r = await runCli(['replay', recording, ...bus.args, '--rate', '120', '--threshold', 'unconfirmed==0', '--report', file, '--json'], {timeoutMs: 60_000})
    assert.equal(r.code, 0, r.stderr)
  } finally {
    await bus.cleanup()
  }
  const browser = await chromium.launch({executablePath: CHROMIUM, args: FLAGS})
  try {
    const page = await (await browser.newContext({viewport: {width: 1200, height: 900}, offline: true})).newPage()
    const requests = []
    page.on('request', (req) => requests.push(req.url()))
    await page.goto(pathToFileURL(file).href)
    assert.deepEqual(requests, [pathToFileURL(file).href], 'the page loads nothing but itself')
    const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => ({
      id: f.dataset.chart,
      paths: [...f.querySelectorAll('path.series')].map((p) => ({d: p.getAttribute('d') ?? '', w: p.getBBox().width, name: p.dataset.series})),
      labels: [...f.querySelectorAll('.axis-label')].map((t) => t.textContent),
    })))
    assert.deepEqual(charts.map((c) => c.id), ['throughput', 'confirm-latency'])
    for (const c of charts) {
      assert.ok(c.paths.length >= 2, `${c.id}: ${c.paths.length} lines`)
      for (const p of c.paths) {
        assert.ok((p.d.match(/L/g) ?? []).length >= 2, `${c.id}/${p.name}: a line through the replay's points (${p.d.slice(0, 60)}…)`)
        assert.ok(p.w > 100, `${c.id}/${p.name} spans the chart (${p.w} px)`)
      }
      assert.equal(c.labels.length, 2)
    }
    const text = await page.textContent('body')
    assert.match(text, /PASS: all 1 thresholds held/)
    assert.match(text, /--rate 120/)
    assert.match(text, /bad lines \(skipped\)0/)
  } finally {
    await browser.close()
  }
})
