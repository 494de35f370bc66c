// End-to-end tests of the browser simulator: the real page, served by the real
// `planner serve`, driven in Debian's headless Chromium through playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ARTIFACTS, PROGRAMMES, acceptProposal, launch, propose, amounts, openPage, setWan } from './browser.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function open(url = BASE + '/', options = {}) {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, ...options });
  const { page, errors } = await openPage(context, url);
  return { context, page, errors };
}

const number = (text) => Number(String(text).replace(/[^0-9.\-]/g, ''));

async function tileValue(page, key) {
  return number(await page.textContent(`#kpi-${key} .tile-value`));
}

async function lockAllBut(page, keep) {
  for (const id of PROGRAMMES) {
    if (!keep.includes(id)) await page.click(`#lock-${id}`);
  }
}

test('the baseline shows 12,000 enterprises and every target met', async () => {
  const { context, page, errors } = await open();
  assert.equal(await tileValue(page, 'enterprises_transformed'), 12000);
  assert.equal(await page.locator('.tile.missed').count(), 0);
  assert.equal(await page.locator('.result .fill.missed').count(), 0);
  for (const year of [2017, 2018, 2019, 2020]) {
    const text = await page.textContent(`#envelope-${year}`);
    assert.match(text, /3 亿元 \/ 3 亿元/);
    assert.match(text, /收支平衡/);
  }
  assert.deepEqual(errors, []);
  await page.screenshot({ path: `${ARTIFACTS}/explorer-zh.png`, fullPage: true });
  await context.close();
});

test('moving equipment_upgrade down 2,000万 a year into specialised_products gives about 11,247 enterprises', async () => {
  const { context, page } = await open();
  await lockAllBut(page, ['equipment_upgrade', 'specialised_products']);
  await setWan(page, 'equipment_upgrade', 3000);
  assert.equal(await page.inputValue('#amount-specialised_products'), '5750');
  const enterprises = await tileValue(page, 'enterprises_transformed');
  // Whole enterprises are shown without decimals: 11,247.4 reads 11,247.
  assert.ok(Math.abs(enterprises - 11247.4) < 0.5, `enterprises ${enterprises}`);
  for (const year of [2017, 2018, 2019, 2020]) {
    const text = await page.textContent(`#envelope-${year}`);
    assert.match(text, /3 亿元 \/ 3 亿元/);
    assert.match(text, /收支平衡/);
  }
  await context.close();
});

test('locked lines and earmark floors hold when another line takes everything', async () => {
  const { context, page } = await open();
  await page.click('#lock-tech_enterprise');
  await setWan(page, 'patents', 29000);
  assert.equal(await page.inputValue('#amount-tech_enterprise'), '5000');
  assert.equal(await page.inputValue('#amount-specialised_products'), '3750');
  assert.equal(await page.inputValue('#amount-lean_management'), '2000');
  assert.equal(await page.inputValue('#amount-demo_bases'), '500');
  // 30,000 − 5,000 locked − 6,250 of floors = 18,750 is all patents can take.
  assert.equal(await page.inputValue('#amount-patents'), '18750');
  assert.match(await page.textContent('#notice'), /18,750 万元/);
  // A floor holds against a direct entry below it, too.
  await setWan(page, 'specialised_products', 1000);
  assert.equal(await page.inputValue('#amount-specialised_products'), '3750');
  assert.match(await page.textContent('#envelope-2017'), /收支平衡/);
  // And a locked line cannot be edited at all.
  assert.equal(await page.isDisabled('#slider-tech_enterprise'), true);
  await context.close();
});

test('undo and redo walk back and forth, by button and by keyboard', async () => {
  const { context, page } = await open();
  await setWan(page, 'brands', 800);
  assert.equal(await page.inputValue('#amount-brands'), '800');
  await page.click('#undo');
  assert.equal(await page.inputValue('#amount-brands'), '500');
  await page.click('#redo');
  assert.equal(await page.inputValue('#amount-brands'), '800');
  await page.click('h1');
  await page.keyboard.press('Control+z');
  assert.equal(await page.inputValue('#amount-brands'), '500');
  await page.keyboard.press('Control+Shift+Z');
  assert.equal(await page.inputValue('#amount-brands'), '800');
  await context.close();
});

test('sliders step by 10万 with arrows and 100万 with Page Up and Page Down', async () => {
  const { context, page } = await open();
  await page.focus('#slider-brands');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.inputValue('#amount-brands'), '510');
  await page.keyboard.press('PageUp');
  assert.equal(await page.inputValue('#amount-brands'), '610');
  await page.keyboard.press('PageDown');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.inputValue('#amount-brands'), '500');
  const label = await page.getAttribute('#slider-brands', 'aria-label');
  assert.match(label, /品牌建设/);
  await context.close();
});

test('a share link carries the scenario itself, its locks too, and opens it identically', async () => {
  const { context, page } = await open();
  await page.fill('#scenario-name', '分享测试 share test');
  await page.press('#scenario-name', 'Tab');
  await setWan(page, 'patents', 1800);
  await page.click('#lock-brands');
  await page.click('#share');
  const link = page.url();
  assert.match(link, /#s=/);
  const before = await amounts(page);
  const other = await open(link);
  assert.deepEqual(await amounts(other.page), before);
  assert.equal(await other.page.inputValue('#scenario-name'), '分享测试 share test');
  assert.equal(await other.page.getAttribute('#lock-brands', 'aria-pressed'), 'true');
  assert.equal(await other.page.getAttribute('#lock-patents', 'aria-pressed'), 'false');
  await other.context.close();
  await context.close();
});

test('the language switch changes every label and is remembered', async () => {
  const { context, page } = await open();
  await page.click('#lang-switch');
  await page.waitForSelector('text=Enterprises transformed');
  // Everything but the switch itself, which names the other language.
  const visible = await page.evaluate(() => {
    const copy = document.body.cloneNode(true);
    copy.querySelector('#lang-switch')?.remove();
    document.body.appendChild(copy);
    const text = copy.innerText;
    copy.remove();
    return text;
  });
  // 专精特新 is part of the English name; units are in English words.
  const rest = visible.replace(/专精特新/g, '');
  const han = rest.match(/[\u4e00-\u9fff]+/g) ?? [];
  assert.deepEqual(han, [], `untranslated: ${han.slice(0, 10).join(' ')}`);
  await page.screenshot({ path: `${ARTIFACTS}/explorer-en.png`, fullPage: true });
  // The page says which language it is in, and the switch says which language it names.
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('#lang-switch', 'lang'), 'zh-CN');
  await page.reload();
  await page.waitForSelector('#row-demo_bases');
  assert.match(await page.textContent('#lang-switch'), /中文/);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(await page.getAttribute('#lang-switch', 'lang'), 'en');
  await context.close();
});

test('explain shows how a number was computed, with provenance', async () => {
  const { context, page } = await open();
  await page.click('#explain-specialised_products');
  const text = await page.textContent('#explain-dialog');
  assert.match(text, /规划 三（二）3/);
  assert.match(text, /假设/);
  assert.match(text, /k = .* = 6,379\.87 万元/);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#explain-dialog').count(), 0);
  await context.close();
});

test('the optimiser proposes a diff that can be accepted and undone', async () => {
  const { context, page } = await open();
  await propose(page, 'enterprises');
  // It moves money between enterprise lines, so it breaks some of their own targets
  // and asks for a confirmation first.
  assert.equal(await page.isDisabled('#accept-proposal'), true);
  await acceptProposal(page);
  assert.ok(await tileValue(page, 'enterprises_transformed') > 12000);
  await page.click('#undo');
  assert.equal(await tileValue(page, 'enterprises_transformed'), 12000);
  await context.close();
});

test('an assumption override is marked and moves the projection', async () => {
  const { context, page } = await open();
  await page.click('text=假设与来源');
  const input = page.locator('[id="param-equipment_upgrade.enterprises.cost_multiplier"] input');
  await input.fill('1.2');
  await input.press('Tab');
  assert.equal(await page.locator('[id="param-equipment_upgrade.enterprises.cost_multiplier"] .badge').count(), 1);
  assert.ok(await tileValue(page, 'enterprises_transformed') < 12000);
  await context.close();
});
