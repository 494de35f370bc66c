// Responsive layout in headless Chromium: the explorer and every slide, in Chinese and in
// English, at a phone, a tablet, a laptop and a full-HD screen (and the slides on a 4:3
// projector), each saved as a screenshot in tests/artifacts/ for a person to look at
// (layout-explorer-LANG-WxH.png, layout-slide-N-LANG-WxH.png). Nothing scrolls sideways, a
// programme row's money and results stay on screen on a phone, and no slide element
// leaves the screen or clips its text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ARTIFACTS, PROGRAMMES, launch } from './browser.mjs';

const SIZES = [[390, 844], [768, 1024], [1440, 900], [1920, 1080]];
// A 4:3 projector, for the slides.
const PROJECTOR = [1024, 768];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// How far the document is wider than the window (0 when nothing scrolls sideways).
function sideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

// The visible elements of `root` whose box leaves the window, or whose content is wider
// or taller than their own box.
function escapees(page, root) {
  return page.evaluate((selector) => {
    const rootElement = document.querySelector(selector);
    const bounds = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    const found = [];
    const name = (e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''}`;
    for (const e of [rootElement, ...rootElement.querySelectorAll('*')]) {
      const style = getComputedStyle(e);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < bounds.left - 1 || r.top < bounds.top - 1 || r.right > bounds.right + 1 || r.bottom > bounds.bottom + 1) {
        found.push(`${name(e)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
      }
      // A box whose content is wider or taller than itself spills over its neighbours or,
      // where it hides what overflows, clips it (a tile's number cut off).
      const block = style.display !== 'inline' && e.clientWidth > 0 && e !== rootElement;
      if (block && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) {
        found.push(`${name(e)} overflows its box (${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight})`);
      }
    }
    return found;
  }, root);
}

// A context whose page speaks `lang`.
async function contextIn(lang, viewport) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((l) => {
    localStorage.setItem('sme-planner.lang', l);
    localStorage.setItem('sme-planner.hint-seen', '1');
  }, lang);
  return context;
}

// A presentation of a changed scenario compared with the baseline: every kind of slide.
async function deckLink() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE + '/');
  await page.waitForSelector('#row-demo_bases');
  await page.fill('#amount-equipment_upgrade', '3000');
  await page.press('#amount-equipment_upgrade', 'Tab');
  await page.click('[role=tab] >> nth=2');
  const href = await page.getAttribute('#present-comparison', 'href');
  await context.close();
  return BASE + '/' + href;
}

for (const lang of ['zh', 'en']) for (const [width, height] of SIZES) {
  test(`the explorer in ${lang} at ${width}×${height}: nothing scrolls sideways, every row's controls on screen`, async () => {
    const context = await contextIn(lang, { width, height });
    const page = await context.newPage();
    await page.goto(BASE + '/');
    await page.waitForSelector('#row-demo_bases');
    await page.waitForSelector('.charts canvas');
    assert.equal(await sideways(page), 0, 'the page scrolls sideways');
    for (const id of PROGRAMMES) {
      for (const part of [`#slider-${id}`, `#amount-${id}`, `#lock-${id}`, `#explain-${id}`, `#row-${id} .result`]) {
        const box = await page.locator(part).first().boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= width + 1, `${part} is off-screen at ${width} px: ${JSON.stringify(box)}`);
      }
    }
    await page.screenshot({ path: `${ARTIFACTS}/layout-explorer-${lang}-${width}x${height}.png`, fullPage: true });
    // The other views of the simulator, with money moved so the comparison has rows:
    // their wide tables scroll inside their panels, never the page.
    await page.fill('#amount-patents', lang === 'zh' ? '3000' : '30');
    await page.press('#amount-patents', 'Tab');
    for (const [tab, view] of [[1, 'assumptions'], [2, 'compare']]) {
      await page.click(`[role=tab] >> nth=${tab}`);
      await page.waitForSelector(view === 'compare' ? '#verdict-changes' : '#assumptions');
      assert.equal(await sideways(page), 0, `the ${view} view scrolls sideways at ${width} px`);
      if (view === 'compare') {
        // The scenario on screen has moved money: it is not called the baseline.
        const adjusted = lang === 'zh' ? '规划基线（已调整）' : 'Plan baseline (adjusted)';
        assert.equal(await page.textContent('#compare-name-b'), adjusted);
      }
      await page.screenshot({ path: `${ARTIFACTS}/layout-${view}-${lang}-${width}x${height}.png`, fullPage: true });
    }
    await context.close();
  });
}

for (const lang of ['zh', 'en']) test(`every slide in ${lang} fits every screen, 16:9, 4:3 and a phone, without leaving it or clipping`, async () => {
  const link = await deckLink();
  const problems = [];
  for (const [width, height] of [...SIZES, PROJECTOR]) {
    const context = await contextIn(lang, { width, height });
    const page = await context.newPage();
    await page.goto(link);
    await page.waitForSelector('#slide-1.current');
    const count = await page.locator('.slide').count();
    assert.equal(count, 6);
    for (let i = 1; i <= count; i += 1) {
      await page.waitForSelector(`#slide-${i}.current`);
      const where = `slide ${i} in ${lang} at ${width}×${height}`;
      if (await sideways(page) > 0) problems.push(`${where}: the page scrolls sideways`);
      for (const escapee of await escapees(page, '.slide.current')) problems.push(`${where}: ${escapee}`);
      for (const escapee of await escapees(page, '.slide-nav')) problems.push(`${where}: ${escapee}`);
      // A slide's one chart fills the slide: on a screen held upright it is drawn upright
      // (not a landscape chart shrunk to a strip); at least half the screen high.
      const single = page.locator('.slide.current > .slide-chart');
      if (await single.count()) {
        const box = await single.boundingBox();
        const [drawnWidth, drawnHeight] = await single.evaluate((c) => [c.width, c.height]);
        if (height > width && drawnHeight <= drawnWidth) problems.push(`${where}: the chart is drawn ${drawnWidth}×${drawnHeight}, not upright`);
        if (box.height < height * 0.5) problems.push(`${where}: the chart is ${Math.round(box.height)} px high`);
      }
      await page.screenshot({ path: `${ARTIFACTS}/layout-slide-${i}-${lang}-${width}x${height}.png` });
      await page.keyboard.press('ArrowRight');
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});
