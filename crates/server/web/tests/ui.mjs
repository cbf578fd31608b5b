// Browser tests of the annalist web UI in headless Chromium (Debian's /usr/bin/chromium driven by
// npm's playwright-core). Starts nothing: give it the base URL of a running `annalist serve` on a
// database holding the seed article (Kim–Putin call, published 2025-08-13) and a few dev articles.
//
//   node tests/ui.mjs http://127.0.0.1:8089 SCREENSHOT_DIR
//
// Prints one line per check and a closing "N passed, N failed" line; exits 1 when any failed.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node tests/ui.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const SEED_PASTE = `Telefonata Kim Jong Un-Putin: Pyongyang conferma pieno sostegno a Mosca
Il leader nordcoreano Kim Jong Un ha avuto una conversazione telefonica con il presidente russo Vladimir Putin mercoledì, ha riferito l'agenzia Kcna. Putin ha ringraziato Kim per il sostegno.`;

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`FAIL - ${name}${detail ? ': ' + detail : ''}`); }
}

// A fresh profile each run (the network is closed: no sync, updates or first-run pages), removed
// at the end.
const profile = mkdtempSync(join(tmpdir(), 'annalist-ui-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  viewport: { width: 1400, height: 1000 },
});
const page = browser.pages()[0] || await browser.newPage();
const consoleErrors = [];
page.on('pageerror', e => consoleErrors.push(String(e)));
page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text()); });

// Each view marks itself ready when its data has been drawn.
async function open(hash) {
  await page.goto(`${base}/#${hash}`);
  await page.waitForSelector(`#view[data-ready]`, { timeout: 20000 });
}
const shot = name => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

try {
  // Events table, unfiltered then filtered by type.
  await open('events');
  const all = await page.locator('#events-table tbody tr.event-row').count();
  check('events table lists stored events', all > 0, `${all} rows`);
  await shot('events');
  await page.fill('#filters input[name=type]', 'CONSULT');
  await page.click('#apply');
  await page.waitForSelector('#view[data-ready]');
  const types = await page.locator('#events-table tbody tr.event-row').evaluateAll(rs => rs.map(r => r.dataset.type));
  check('type filter CONSULT shows rows', types.length > 0, `${types.length} rows`);
  check('type filter CONSULT shows only CONSULT', types.every(t => t === 'CONSULT'), types.join(','));
  check('type filter narrows the table', types.length < all, `${types.length} of ${all}`);
  const sources = await page.locator('#events-table tbody tr.event-row td.src, #events-table tbody tr.event-row td.tgt').allTextContents();
  check('CONSULT rows name Putin', sources.some(s => s.includes('Putin')), sources.join(' | '));
  await shot('events-consult');
  await page.fill('#filters input[name=type]', 'NO_SUCH_TYPE');
  await page.click('#apply');
  await page.waitForSelector('#view[data-ready]');
  check('an unmatched filter shows no rows and says so',
    (await page.locator('#events-table tbody tr').count()) === 0 && (await page.locator('#empty').count()) === 1);
  await page.click('#clear');

  // Timeline, network, map.
  await open('timeline');
  // (The hash change keeps the page: the previous view's ready mark may still stand while the
  // timeline is drawn. Wait for its first dot and dyad row; the checks below still count them.)
  await page.waitForSelector('#timeline-svg circle.tl-event', { timeout: 20000 }).catch(() => {});
  await page.waitForSelector('#dyads-table tbody tr', { timeout: 20000 }).catch(() => {});
  const dots = await page.locator('#timeline-svg circle.tl-event').count();
  check('timeline draws dated events', dots > 0, `${dots} dots`);
  check('dyads table has rows', (await page.locator('#dyads-table tbody tr').count()) > 0);
  await shot('timeline');
  await open('network');
  const edges = await page.locator('#network-svg path.edge').count();
  const nodes = await page.locator('#network-svg g.node text').allTextContents();
  check('network draws edges', edges > 0, `${edges} edges`);
  check('network has Kim Jong Un and Vladimir Putin', nodes.includes('Kim Jong Un') && nodes.includes('Vladimir Putin'), nodes.join(','));
  await shot('network');
  await open('map');
  const places = await page.locator('#map-svg circle.place').count();
  check('map shows event places', places > 0, `${places} places`);
  const outline = await page.locator('#map-svg #world').count();
  const note = await page.locator('#map-note').count();
  // The build embeds the outline only when npm installed world-atlas; /api/health says which.
  const health = await (await fetch(`${base}/api/health`)).json();
  if (health.world_outline) check('map draws the world outline', outline === 1 && note === 0);
  else check('map without a built-in outline says so', outline === 0 && note === 1);
  await shot('map');

  // Article view of the seed.
  await open('documents');
  const links = page.locator('#documents-table a', { hasText: 'Kim Jong Un-Putin' });
  check('article list has the seed', (await links.count()) > 0);
  await links.first().click();
  await page.waitForSelector('#view[data-ready="doc"]');
  const persons = await page.locator('#article mark.ent-person').allTextContents();
  check('article view highlights Putin and Kim as persons',
    persons.some(p => p.startsWith('Putin')) && persons.some(p => p.startsWith('Kim')), persons.join(','));
  check('article view highlights times', (await page.locator('#article mark.time').count()) > 0);
  check('article view highlights quantities', (await page.locator('#article mark.qty').count()) > 0);
  check('article view underlines triggers', (await page.locator('#article u.trigger').count()) > 0);
  const evs = await page.locator('#doc-events li.doc-event').count();
  check('article view lists events with evidence', evs > 0 && (await page.locator('#doc-events .ev-evidence').first().textContent()).length > 20, `${evs} events`);
  await page.locator('#doc-events li.doc-event').first().click();
  check('clicking an event lights its sentence', (await page.locator('#article .sentence-on').count()) === 1);
  await shot('article');

  // Paste an article into the extract box.
  await open('extract');
  await page.fill('#extract-text', SEED_PASTE);
  await page.fill('#extract-published', '2025-08-13');
  await page.selectOption('#extract-lang', 'it');
  await page.click('#extract-run');
  await page.waitForSelector('#extract-result #doc-events', { timeout: 30000 });
  const pasted = await page.locator('#extract-result li.doc-event').evaluateAll(ls => ls.map(l => l.dataset.type));
  check('extract box shows events of the pasted article', pasted.length > 0, pasted.join(','));
  check('extract box finds the phone call (CONSULT)', pasted.includes('CONSULT'), pasted.join(','));
  check('extract box highlights entities', (await page.locator('#extract-result mark.ent').count()) > 0);
  await shot('extract');
  await page.fill('#extract-text', '');
  await page.click('#extract-run');
  await page.waitForSelector('#extract-result #error');
  check('extract of an empty text shows the server error', (await page.locator('#extract-result #error').textContent()).includes('no text'));

  check('no JavaScript errors', consoleErrors.filter(e => !e.includes('422')).length === 0, consoleErrors.join(' | '));
} catch (e) {
  check('ui run', false, e.stack || String(e));
  await shot('failure').catch(() => {});
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
