// Presentation mode in headless Chromium: every slide reached with the keyboard, each
// saved as a screenshot for a person to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ARTIFACTS, launch } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function explorer() {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(BASE + '/');
  await page.waitForSelector('#row-demo_bases');
  return { context, page, errors };
}

async function stepThrough(page, count, prefix, keys) {
  for (let i = 1; i <= count; i += 1) {
    const current = page.locator('.slide.current');
    assert.equal(await current.getAttribute('id'), `slide-${i}`);
    const box = await current.boundingBox();
    assert.ok(box.width >= 1500 && box.height >= 850, 'a slide fills the screen');
    await page.screenshot({ path: `${ARTIFACTS}/${prefix}-slide-${i}.png` });
    if (i < count) await page.keyboard.press(keys[(i - 1) % keys.length]);
  }
}

test('presentation of one scenario: five slides by keyboard, and back', async () => {
  const { context, page, errors } = await explorer();
  await page.fill('#amount-equipment_upgrade', '3000');
  await page.press('#amount-equipment_upgrade', 'Tab');
  const href = await page.getAttribute('#present', 'href');
  await page.goto(BASE + '/' + href);
  await page.waitForSelector('#slide-1.current');
  assert.equal(await page.locator('.slide').count(), 5);
  assert.match(await page.textContent('#slide-1'), /转型企业/);
  assert.match(await page.textContent('#slide-1'), /未达成/);
  await stepThrough(page, 5, 'present', ['ArrowRight', 'PageDown', ' ', 'ArrowRight']);
  await page.keyboard.press('End');
  assert.equal(await page.locator('.slide.current').getAttribute('id'), 'slide-5');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('.slide.current').getAttribute('id'), 'slide-5', 'stops at the last slide');
  await page.keyboard.press('Home');
  await page.keyboard.press('PageUp');
  assert.equal(await page.locator('.slide.current').getAttribute('id'), 'slide-1');
  // Print: every slide is laid out, one per page.
  await page.emulateMedia({ media: 'print' });
  const shown = await page.locator('.slide').evaluateAll((slides) => slides.filter((s) => getComputedStyle(s).display !== 'none').length);
  assert.equal(shown, 5);
  assert.deepEqual(errors, []);
  await context.close();
});

test('presentation of a comparison adds a sixth slide with what changed and what it buys', async () => {
  const { context, page } = await explorer();
  await page.fill('#amount-equipment_upgrade', '3000');
  await page.press('#amount-equipment_upgrade', 'Tab');
  await page.click('text=方案对比');
  const href = await page.getAttribute('#present-comparison', 'href');
  await page.goto(BASE + '/' + href);
  await page.waitForSelector('#slide-1.current');
  assert.equal(await page.locator('.slide').count(), 6);
  await stepThrough(page, 6, 'compare', ['ArrowRight']);
  const last = await page.textContent('#slide-6');
  assert.match(last, /设备升级/);
  assert.match(last, /-8,000 万元/);
  await context.close();
});
