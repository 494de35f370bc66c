// Where the keyboard is after an action: Enter or Space on a focused slide button turns
// the slide once (the button's own press, not the deck's shortcut as well); taking or
// dropping the optimiser's proposal leaves the focus on 生成优化方案; signing in leaves
// it on 退出 in the simulator and on the main content in the execution view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage } from './browser.mjs';

const USER = process.env.PLANNER_USER;
const PASSWORD = process.env.PLANNER_PASSWORD;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const focused = (page) => page.evaluate(() => document.activeElement?.id ?? '');
const current = (page) => page.locator('.slide.current').getAttribute('id');

test('Enter and Space on a focused slide button turn the slide once', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE + '/?present');
  await page.waitForSelector('#slide-1.current');
  await page.focus('#next-slide');
  await page.keyboard.press('Enter');
  assert.equal(await current(page), 'slide-2');
  await page.keyboard.press(' ');
  assert.equal(await current(page), 'slide-3');
  await page.focus('#prev-slide');
  await page.keyboard.press('Enter');
  assert.equal(await current(page), 'slide-2');
  // Elsewhere Space and Enter are still the deck's own keys.
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press(' ');
  assert.equal(await current(page), 'slide-3');
  await context.close();
});

test("taking or dropping the optimiser's proposal leaves the focus on Propose", async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page, errors } = await openPage(context);
  for (const settle of ['#accept-proposal', '#discard-proposal']) {
    await page.focus('#propose');
    await page.keyboard.press('Enter');
    await page.waitForSelector(settle);
    if (settle === '#accept-proposal' && await page.locator('#confirm-proposal').count()) {
      await page.check('#confirm-proposal');
    }
    await page.focus(settle);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#proposal', { state: 'detached' });
    assert.equal(await focused(page), 'propose', `after ${settle}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [path, after] of [['/', 'sign-out'], ['/?execution', 'main']]) {
  test(`signing in at ${path} leaves the focus on #${after}`, async () => {
    assert.ok(USER && PASSWORD, 'PLANNER_USER and PLANNER_PASSWORD are set by cargo xtask test');
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(BASE + path);
    await page.waitForSelector('#sign-in');
    await page.fill('#user-name', USER);
    await page.fill('#password', PASSWORD);
    await page.press('#password', 'Enter');
    await page.waitForFunction((id) => document.activeElement?.id === id, after);
    await context.close();
  });
}
