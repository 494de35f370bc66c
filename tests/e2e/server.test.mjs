// The simulator with the real server: sign in, save, reload, open, clone, delete, and a
// kept draft offered back. Needs PLANNER_USER and PLANNER_PASSWORD (a planner).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ARTIFACTS, BASE, launch, amounts, enter, openPage, setWan, signIn } from './browser.mjs';

const USER = process.env.PLANNER_USER;
const PASSWORD = process.env.PLANNER_PASSWORD;

let browser;
before(async () => {
  assert.ok(USER && PASSWORD, 'PLANNER_USER and PLANNER_PASSWORD are set by cargo xtask test');
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function open(context) {
  return (await openPage(context)).page;
}

// The bytes of a download, as the browser saved them.
async function downloaded(download) {
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Signs in and names the scenario on the page `prefix` and the time; the name.
async function signInAndName(page, prefix) {
  await signIn(page);
  const name = `${prefix} ${Date.now()}`;
  await enter(page, '#scenario-name', name);
  return name;
}

test('a first visit transfers the front end compressed, kept immutable under hashed names; the page is revalidated', async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const page = await open(context);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/explain_bg\.[0-9a-f]{16}\.wasm$/.test(e.name) && e.responseEnd > 0));
  const sizes = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => /\/(web|explain)_bg\.[0-9a-f]{16}\.wasm$/.test(e.name))
    .map((e) => ({ name: e.name, sent: e.encodedBodySize, size: e.decodedBodySize })));
  assert.equal(sizes.length, 2, JSON.stringify(sizes));
  for (const { name, sent, size } of sizes) {
    assert.ok(sent > 0 && sent < size * 0.6, `${name}: ${sent} bytes sent for ${size}`);
  }
  const wasm = new URL(sizes.find((s) => s.name.includes('/web_bg.')).name).pathname;
  const headers = await page.evaluate(async (paths) => Promise.all(paths.map(async (path) => {
    const reply = await fetch(path, { cache: 'no-store' });
    return ['content-encoding', 'cache-control', 'vary'].map((h) => reply.headers.get(h));
  })), [wasm, '/']);
  // Brotli where Chromium offers it, else gzip: compressed either way.
  assert.deepEqual(headers, [
    [headers[0][0], 'public, max-age=31536000, immutable', 'accept-encoding'],
    [headers[1][0], 'no-cache', 'accept-encoding'],
  ]);
  for (const [coding] of headers) assert.ok(['br', 'gzip'].includes(coding), `sent as ${coding}`);
  await context.close();
});

test('a saved scenario reloads identically, its locks too, and can be cloned and deleted', async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const page = await open(context);
  const name = await signInAndName(page, 'e2e');
  await setWan(page, 'patents', 1800);
  await page.click('#lock-brands');
  await setWan(page, 'tech_enterprise', 4200);
  const saved = await amounts(page);
  await page.click('#save-as-new');
  await page.waitForSelector('#save-message.hint');

  // A fresh page (the session cookie is kept) opens it from the server.
  const again = await open(context);
  await again.waitForSelector('#saved-list tr');
  const row = again.locator('#saved-list tr', { hasText: name });
  await row.locator('button.open').click();
  await again.waitForFunction((n) => document.querySelector('#scenario-name').value === n, name);
  assert.deepEqual(await amounts(again), saved);
  // The lock is saved with the scenario and back on when it is opened.
  assert.equal(await again.getAttribute('#lock-brands', 'aria-pressed'), 'true');
  assert.equal(await again.getAttribute('#lock-patents', 'aria-pressed'), 'false');
  assert.ok(await again.isDisabled('#amount-brands'), 'a locked line cannot be typed into');

  await row.locator('button.clone').click();
  await again.waitForSelector(`#saved-list tr:has-text("${name} (copy)")`);
  const copy = again.locator('#saved-list tr', { hasText: `${name} (copy)` });
  await copy.locator('button.delete').click();
  await again.waitForFunction((n) => ![...document.querySelectorAll('#saved-list tr')].some((r) => r.textContent.includes(n)), `${name} (copy)`);
  await context.close();
});

test('a kept draft is offered back on the next visit and restores the scenario', async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const page = await open(context);
  await setWan(page, 'patents', 2100);
  const kept = await amounts(page);
  const next = await context.newPage();
  await next.goto(BASE + '/');
  await next.waitForSelector('#draft-offer');
  await next.click('#restore-draft');
  assert.deepEqual(await amounts(next), kept);
  await context.close();
});

test('下载 Excel downloads the workbook the server writes for the scenario on screen, in the page language', async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  const page = await open(context);
  await setWan(page, 'patents', 1700);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  assert.match(download.suggestedFilename(), /-zh\.xlsx$/);
  const bytes = await downloaded(download);
  // The same scenario posted to the API gives the same workbook (the page sends what is
  // on screen: the edited line included).
  const fromApi = await page.evaluate(async () => {
    const draft = localStorage.getItem('sme-planner.draft');
    const reply = await fetch('/api/v1/workbook.xlsx?lang=zh', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: draft });
    return { status: reply.status, size: (await reply.arrayBuffer()).byteLength };
  });
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an xlsx is a zip');
  assert.equal(fromApi.status, 200);
  assert.ok(Math.abs(bytes.length - fromApi.size) < 64, `${bytes.length} vs ${fromApi.size}`);
  await context.close();
});

test('a saved scenario shows its status in the page language and 下载简报 downloads its briefing PDF', async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  const page = await open(context);
  const name = await signInAndName(page, 'briefing');
  await page.click('#save-as-new');
  await page.waitForSelector('#briefing');
  assert.match(await page.textContent('#copy-status'), /状态 草稿/);
  const saved = await page.textContent('#saved');
  assert.doesNotMatch(saved, /\b(draft|proposed|approved)\b/);
  assert.match(saved, /\(规划员\)/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#briefing')]);
  const bytes = await downloaded(download);
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const file = `${ARTIFACTS}/briefing-from-page.pdf`;
  writeFileSync(file, bytes);
  const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  assert.ok(text.includes(name), `the briefing names the scenario ${name}`);
  await context.close();
});

test("the page's CSV download is byte for byte the API's CSV of the same saved scenario", async () => {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
  const page = await open(context);
  const name = await signInAndName(page, 'csv');
  await setWan(page, 'patents', 1700);
  await page.click('#save-as-new');
  await page.waitForSelector('#save-message.hint');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const fromPage = (await downloaded(download)).toString('utf8');
  const fromApi = await page.evaluate(async (n) => {
    const list = await fetch(`/api/v1/scenarios?name=${encodeURIComponent(n)}`, { headers: { Accept: 'application/json' } });
    const [item] = (await list.json()).items;
    const csv = await fetch(`/api/v1/scenarios/${item.id}/allocations`, { headers: { Accept: 'text/csv' } });
    // The bytes as sent: `text()` would drop the byte-order mark.
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
  }, name);
  assert.equal(fromPage.split('\n')[0], '\ufeffyear,programme,amount_cny,name_zh,name_en');
  assert.ok(fromPage.includes(',patents,17000000,'), 'the edited line is in the download');
  assert.equal(fromPage, fromApi);
  await context.close();
});
