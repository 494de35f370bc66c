// Accessibility (WCAG 2.2 AA) in headless Chromium: axe-core checks every view in both
// languages and must find nothing, and a planner who uses only the keyboard does the core
// job: moves money between two programmes, runs the optimiser and accepts its proposal,
// signs in and saves the scenario, opens the presentation and turns to the next slide.
// Needs PLANNER_USER and PLANNER_PASSWORD (a planner), as server.test.mjs, and
// PLANNER_APPROVER for the review page's approver view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BASE, amounts, launch, signIn } from './browser.mjs';

const USER = process.env.PLANNER_USER;
const PASSWORD = process.env.PLANNER_PASSWORD;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmarks, one
// main, every piece of content inside a region).
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

let browser;
before(async () => {
  assert.ok(USER && PASSWORD, 'PLANNER_USER and PLANNER_PASSWORD are set by cargo xtask test');
  browser = await launch();
});
after(async () => { await browser?.close(); });

// A fresh context whose page speaks `lang`.
async function pageIn(lang, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((l) => localStorage.setItem('sme-planner.lang', l), lang);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return { context, page, errors };
}

// axe-core's violations on the page as it is now, one line each, for a readable failure.
async function violations(page) {
  // Evaluated, not injected as a <script>: the page's CSP forbids inline scripts.
  await page.evaluate(AXE_SOURCE);
  const found = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s): `
      + v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`).join(' | '));
  }, TAGS);
  return found;
}

async function expectClean(page, view, lang) {
  const found = await violations(page);
  assert.deepEqual(found, [], `axe-core on ${view} (${lang})`);
}

for (const lang of ['zh', 'en']) {
  test(`axe-core finds no WCAG 2.2 AA violation on the simulator's views (${lang})`, async () => {
    const { context, page, errors } = await pageIn(lang);
    await page.goto(BASE + '/');
    await page.waitForSelector('#row-demo_bases');
    // Signed out, the saved-scenarios panel is the sign-in form.
    await page.waitForSelector('#sign-in');
    await page.waitForSelector('.charts canvas');
    await expectClean(page, 'explorer, signed out (sign-in form)', lang);
    // The 计算过程 dialog of one programme.
    await page.click('#explain-equipment_upgrade');
    await page.waitForSelector('.dialog');
    await expectClean(page, 'explanation dialog', lang);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.dialog', { state: 'detached' });
    // Signed in, with a saved scenario in the list.
    await signIn(page);
    await page.click('#save-as-new');
    await page.waitForSelector('#saved-list tr');
    await expectClean(page, 'explorer with saved scenarios', lang);
    const tabs = page.locator('[role=tab]');
    await tabs.nth(1).click();
    await page.waitForSelector('#assumptions');
    await expectClean(page, 'assumptions', lang);
    await tabs.nth(2).click();
    await page.waitForSelector('#compare');
    await page.selectOption('#compare-b-source', { index: await page.locator('#compare-b-source option').count() - 1 });
    await page.waitForSelector('#compare-b-file');
    await expectClean(page, 'compare (with its file input)', lang);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`axe-core finds no violation on the execution view, signed out and in (${lang})`, async () => {
    const { context, page, errors } = await pageIn(lang);
    await page.goto(BASE + '/?execution');
    await page.waitForSelector('#sign-in');
    await expectClean(page, 'execution, signed out', lang);
    await signIn(page, '#year-chooser');
    await expectClean(page, 'execution, signed in', lang);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`axe-core finds no violation on the review page, signed out, as planner and approver, frozen (${lang})`, async () => {
    const { context, page, errors } = await pageIn(lang);
    await page.goto(BASE + '/');
    await page.waitForSelector('#row-demo_bases');
    await signIn(page);
    await page.click('#save-as-new');
    await page.waitForSelector('#save-message.hint');
    const id = Number((await page.textContent('#save-message')).match(/#(\d+)/)[1]);
    await context.clearCookies();
    await page.goto(`${BASE}/?review=${id}`);
    await page.waitForSelector('#sign-in');
    await expectClean(page, 'review, signed out', lang);
    await signIn(page, '#submit-review');
    await expectClean(page, 'review, a draft for a planner', lang);
    await page.click('#submit-review');
    await page.waitForSelector('#note-error');
    await expectClean(page, 'review, the note required', lang);
    // Each move with its note, until the scenario is `status`.
    const move = async (button, status) => {
      await page.fill('#review-note', 'a11y');
      await page.click(button);
      await page.waitForSelector(`#review-status[data-status="${status}"]`);
    };
    await move('#submit-review', 'proposed');
    await context.clearCookies();
    await page.reload();
    await signIn(page, '#approve', process.env.PLANNER_APPROVER);
    await expectClean(page, 'review, a proposal for an approver', lang);
    await move('#approve', 'approved');
    await page.waitForSelector('#history tr[data-revision="3"]');
    await expectClean(page, 'review, approved and frozen', lang);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectClean(page, 'review, approved, on a phone', lang);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`axe-core finds no violation on any slide (${lang})`, async () => {
    const { context, page, errors } = await pageIn(lang);
    await page.goto(BASE + '/?present');
    await page.waitForSelector('#slide-1.current');
    const count = await page.locator('.slide').count();
    assert.ok(count >= 5);
    for (let i = 1; i <= count; i += 1) {
      assert.equal(await page.locator('.slide.current').getAttribute('id'), `slide-${i}`);
      await expectClean(page, `slide ${i}`, lang);
      await page.keyboard.press('ArrowRight');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`axe-core finds no violation on the first-admin setup page (${lang})`, async () => {
    const { context, page } = await pageIn(lang);
    await page.goto(`${BASE}/api/v1/auth/setup?lang=${lang}`);
    await page.waitForSelector('form');
    await expectClean(page, 'setup', lang);
    await context.close();
  });
}

// The element that has the focus, as `tag#id.class` and its accessible text.
function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    return { id: e?.id ?? '', tag: e?.tagName ?? '', text: (e?.textContent ?? '').trim().slice(0, 40) };
  });
}

// Tabs (at most `limit` times) until the focus is on the element with `id`.
async function tabTo(page, id, { limit = 400, back = false } = {}) {
  for (let i = 0; i < limit; i += 1) {
    if ((await focused(page)).id === id) return i;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`#${id} was not reached with the keyboard in ${limit} presses`);
}

test('keyboard only: move money, optimise and accept, sign in and save, present and turn a slide', async () => {
  const { context, page, errors } = await pageIn('zh');
  await page.goto(BASE + '/');
  await page.waitForSelector('#row-demo_bases');
  await page.waitForSelector('#sign-in');
  const before = {
    from: await page.inputValue('#amount-equipment_upgrade'),
    to: await page.inputValue('#amount-patents'),
  };

  // The skip link is the first stop and lands on the programmes.
  await page.keyboard.press('Tab');
  const skip = await focused(page);
  assert.equal(skip.tag, 'A', 'the first tab stop is the skip link');
  await page.keyboard.press('Enter');
  // From the programmes, the first row's slider is a few stops away, not seventy-five.
  const stops = await tabTo(page, 'slider-tech_enterprise', { limit: 12 });
  assert.ok(stops <= 12);

  // Move 500万 from 设备升级 to 专利 with the row's transfer form.
  await tabTo(page, 'transfer-equipment_upgrade');
  await page.keyboard.press('Enter');
  await tabTo(page, 'transfer-other-equipment_upgrade');
  // Choose 专利 by typing in the select, as a keyboard user does.
  const options = await page.locator('#transfer-other-equipment_upgrade option').allTextContents();
  const patents = options.findIndex((o) => o.includes('专利'));
  assert.ok(patents >= 0, `专利 among ${options}`);
  await page.keyboard.press('Home');
  for (let i = 0; i < patents; i += 1) await page.keyboard.press('ArrowDown');
  assert.equal(await page.inputValue('#transfer-other-equipment_upgrade'), 'patents');
  await page.keyboard.press('Tab');
  await page.keyboard.type('500');
  await page.keyboard.press('Enter');
  await page.waitForFunction((v) => document.querySelector('#amount-equipment_upgrade').value !== v, before.from);
  assert.equal(Number(await page.inputValue('#amount-equipment_upgrade')), Number(before.from) - 500);
  assert.equal(Number(await page.inputValue('#amount-patents')), Number(before.to) + 500);

  // A slider moves by the keyboard too, 10万 an arrow.
  await tabTo(page, 'slider-brands', { limit: 200 });
  const brands = Number(await page.inputValue('#amount-brands'));
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((v) => Number(document.querySelector('#amount-brands').value) !== v, brands);
  assert.equal(Number(await page.inputValue('#amount-brands')), brands + 10);
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((v) => Number(document.querySelector('#amount-brands').value) === v, brands);

  // Run the optimiser and accept its proposal.
  await tabTo(page, 'propose', { limit: 300 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('#proposal');
  if (await page.locator('#confirm-proposal').count()) {
    await tabTo(page, 'confirm-proposal', { limit: 60 });
    await page.keyboard.press('Space');
  }
  await tabTo(page, 'accept-proposal', { limit: 10 });
  const proposed = await amounts(page);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#proposal', { state: 'detached' });
  assert.notDeepEqual(await amounts(page), proposed, 'accepting the proposal moved money');

  // Sign in and save as a new scenario.
  await tabTo(page, 'user-name', { limit: 200, back: true });
  await page.keyboard.type(USER);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#save-as-new');
  await tabTo(page, 'save-as-new', { limit: 200, back: true });
  await page.keyboard.press('Enter');
  await page.waitForSelector('#save-message.hint');
  assert.match(await page.textContent('#save-message'), /#\d+/);

  // Open the presentation (a link: Enter follows it) and turn to the second slide.
  await tabTo(page, 'present', { limit: 300, back: true });
  const [slides] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
  await slides.waitForSelector('#slide-1.current');
  await slides.keyboard.press('ArrowRight');
  await slides.waitForSelector('#slide-2.current');
  assert.deepEqual(errors, []);
  await context.close();
});
