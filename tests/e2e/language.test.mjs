// Language purity (issue 12): every view in zh shows no English words and in en no
// Chinese, in its visible text and in what assistive technology reads (aria-label,
// aria-valuetext, title, placeholder, alt). The views: the explorer with the optimiser's
// proposal (and after taking it), uncertainty and sensitivity, an explanation, a refused
// JSON and CSV import, the printout, the assumptions, the comparison of two scenarios,
// the sign-in form and its refusal, the saved scenarios (signed in, one saved and
// opened), the execution view (signed out and signed in), the users page (signed out,
// refused, and as an admin), the first-admin setup page and every slide of the
// presentation. Screenshots at 1440×900 and 390×844 land in tests/artifacts/lang-*.png.
//
// Left out on purpose, and nothing else:
// - what is marked as another language (`lang="…"`): the switch that names the other
//   language ("English", "中文");
// - `<code>`: the identifiers scripts use (assumption keys such as
//   `equipment_upgrade.alpha`), the same in every language;
// - ALLOWED_LATIN (zh): names of formats and statistics a Chinese reader uses as they
//   are — JSON, CSV, Excel, PDF, P10/P50/P90 — and the key names of shortcuts (Ctrl,
//   Shift); the formula symbols of an explanation (exp, ln; single letters k, T, B, y,
//   as shared::explain::FORMULA_SYMBOLS); single letters generally (m in m²);
// - ALLOWED_HAN (en): 专精特新, the programme's name given in both on purpose;
// - names people chose, as they wrote them: the stored scenarios' and the accounts'
//   (read from the API with the page's own session), but never the plan baseline's
//   name, which the page must show in the reader's language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, ARTIFACTS, acceptProposal, launch, openIn } from './browser.mjs';

const USER = process.env.PLANNER_USER;
const ADMIN = process.env.PLANNER_ADMIN;
const PASSWORD = process.env.PLANNER_PASSWORD;
const SIZES = { desktop: { width: 1440, height: 900 }, phone: { width: 390, height: 844 } };
const ALLOWED_LATIN = new Set(['JSON', 'CSV', 'Excel', 'PDF', 'P10', 'P50', 'P90', 'Ctrl', 'Shift', 'exp', 'ln']);
const ALLOWED_HAN = ['专精特新'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Every text a person reads or hears on the page: visible text nodes and the
// accessible attributes, outside other-language marks and <code>.
async function readable(page, expected) {
  return page.evaluate((expected) => {
    const excluded = (element) => {
      for (let e = element; e && e !== document.documentElement; e = e.parentElement) {
        if (e.tagName === 'CODE' || e.tagName === 'SCRIPT' || e.tagName === 'STYLE' || e.tagName === 'NOSCRIPT') return true;
        const lang = e.getAttribute('lang');
        if (lang && !lang.startsWith(expected)) return true;
      }
      return false;
    };
    const texts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || excluded(parent) || !node.textContent.trim()) continue;
      const visible = parent.tagName === 'OPTION' || parent.checkVisibility({ visibilityProperty: true });
      if (visible) texts.push(node.textContent);
    }
    for (const element of document.body.querySelectorAll('[aria-label],[aria-valuetext],[title],[placeholder],[alt],[aria-roledescription]')) {
      if (excluded(element) || element.closest('[aria-hidden="true"]')) continue;
      for (const name of ['aria-label', 'aria-valuetext', 'title', 'placeholder', 'alt', 'aria-roledescription']) {
        const value = element.getAttribute(name);
        if (value) texts.push(value);
      }
    }
    return texts.join('\n');
  }, expected);
}

const BASELINE_NAMES = new Set(['规划基线', 'Plan baseline', '规划基线 Plan baseline']);

// The names of what people stored (scenarios, accounts) that the page's session may
// read, longest first.
async function givenNames(page) {
  const names = await page.evaluate(async () => {
    const read = async (path) => {
      const reply = await fetch(path, { headers: { Accept: 'application/json' } });
      return reply.ok ? reply.json() : null;
    };
    const found = [];
    for (let n = 1; ; n += 1) {
      const list = await read(`/api/v1/scenarios?per_page=100&page=${n}`);
      if (!list) break;
      found.push(...list.items.map((item) => item.name));
      if (n * list.per_page >= list.total) break;
    }
    const users = await read('/api/v1/users');
    if (users) found.push(...users.items.map((user) => user.name));
    const me = await read('/api/v1/auth/me');
    if (me) found.push(me.actor.replace(/^user:/, ''));
    return found;
  });
  return [...new Set(names)].filter((name) => !BASELINE_NAMES.has(name)).sort((a, b) => b.length - a.length);
}

// What in the page's text belongs to the other language.
function foreign(text, lang) {
  if (lang === 'zh') {
    return (text.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []).filter((word) => !ALLOWED_LATIN.has(word));
  }
  let rest = text;
  for (const name of ALLOWED_HAN) rest = rest.replaceAll(name, '');
  return rest.match(/[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff60]+/g) ?? [];
}

async function check(page, lang, view) {
  assert.ok((await page.evaluate(() => document.documentElement.lang)).startsWith(lang), `${lang} ${view}: the page's lang`);
  let text = await readable(page, lang);
  for (const name of await givenNames(page)) text = text.replaceAll(name, ' ');
  const found = foreign(text, lang);
  assert.deepEqual([...new Set(found)], [], `${lang} ${view}: words of the other language`);
}

async function shots(page, name) {
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(100);
    await page.screenshot({ path: `${ARTIFACTS}/lang-${name}-${size}.png` });
  }
  await page.setViewportSize(SIZES.desktop);
}

function open(lang, path = '/') {
  return openIn(browser, path, { lang, viewport: SIZES.desktop });
}

async function signIn(page, name = USER, ready = '#sign-out') {
  await page.waitForSelector('#sign-in');
  await page.fill('#user-name', name);
  await page.fill('#password', PASSWORD);
  await page.click('#sign-in-button');
  await page.waitForSelector(ready);
}

// A wrong password, refused in the language.
async function refusedSignIn(page, lang, view) {
  await page.waitForSelector('#sign-in');
  await page.fill('#user-name', 'nobody');
  await page.fill('#password', 'not the password');
  await page.click('#sign-in-button');
  await page.waitForSelector('#save-message, #execution-message, #users-message');
  await check(page, lang, `${view}: refused sign-in`);
}

for (const lang of ['zh', 'en']) {
  test(`the simulator's views speak ${lang} only`, async () => {
    const { context, page, errors } = await open(lang);
    await page.waitForSelector('#row-demo_bases');
    // The explorer, with a line moved so changes show.
    await page.fill('#amount-equipment_upgrade', lang === 'zh' ? '3000' : '30');
    await page.press('#amount-equipment_upgrade', 'Tab');
    await check(page, lang, 'explorer');
    await shots(page, `explorer-${lang}`);
    // The optimiser's proposal.
    await page.click('#propose');
    await page.waitForSelector('#accept-proposal');
    await check(page, lang, 'optimiser proposal');
    await page.locator('#accept-proposal').scrollIntoViewIfNeeded();
    await shots(page, `optimiser-${lang}`);
    await acceptProposal(page);
    await page.waitForSelector('#accept-proposal', { state: 'detached' });
    await check(page, lang, 'optimiser proposal taken');
    await page.click('#undo');
    // Uncertainty and sensitivity (their titles and tables; the charts are drawn).
    await page.click('#run-uncertainty');
    await page.click('#run-sensitivity');
    await page.waitForTimeout(1500);
    await check(page, lang, 'uncertainty and sensitivity');
    // An explanation.
    await page.click('#explain-specialised_products');
    await page.waitForSelector('#explain-dialog');
    await check(page, lang, 'explanation');
    await shots(page, `explain-${lang}`);
    await page.keyboard.press('Escape');
    // A file that is not JSON is refused in the language.
    await page.setInputFiles('#import-json', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
    await page.waitForSelector('#notice.refused');
    assert.match(await page.textContent('#notice'), lang === 'zh' ? /不是有效的 JSON（第 1 行第 \d+ 列）/ : /malformed JSON at line 1 column \d+/);
    await check(page, lang, 'refused import');
    // An allocations CSV with a bad amount is refused in the language, naming the line.
    const csv = 'year,programme,amount_cny,name_zh,name_en\n2017,patents,-5,x,x\n';
    await page.setInputFiles('#import-csv', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => /CSV/.test(document.querySelector('#notice.refused')?.textContent ?? ''));
    assert.match(await page.textContent('#notice'), lang === 'zh' ? /第 2 行/ : /line 2/);
    await check(page, lang, 'refused CSV import');
    // The printout.
    await page.emulateMedia({ media: 'print' });
    await check(page, lang, 'printout');
    await page.emulateMedia({ media: 'screen' });
    // The other tabs; the comparison of the baseline with the scenario on screen.
    for (const [n, view] of [[2, 'assumptions'], [3, 'compare']]) {
      await page.click(`nav [role=tab]:nth-child(${n})`);
      await page.waitForTimeout(200);
      if (view === 'compare') {
        await page.selectOption('#compare-a-source', 'baseline');
        await page.selectOption('#compare-b-source', 'current');
        await page.waitForSelector('#compare-allocations');
      }
      await check(page, lang, view);
      await shots(page, `${view}-${lang}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`sign-in, saved scenarios, their review and the execution view speak ${lang} only`, async () => {
    const { context, page, errors } = await open(lang, '/?execution');
    await page.waitForSelector('#sign-in');
    await check(page, lang, 'execution, signed out');
    await shots(page, `sign-in-${lang}`);
    await refusedSignIn(page, lang, 'execution');
    assert.ok(USER && PASSWORD, 'PLANNER_USER and PLANNER_PASSWORD are set by cargo xtask test');
    await signIn(page, USER, '#year-chooser');
    await check(page, lang, 'execution, signed in');
    await shots(page, `execution-${lang}`);
    // The simulator's sign-in form, its refusal, and the saved scenarios: one saved
    // under the baseline's name and opened again.
    await page.goto(BASE + '/');
    await page.waitForSelector('#sign-out');
    await page.click('#sign-out');
    await refusedSignIn(page, lang, 'simulator');
    await signIn(page);
    await page.click('#save-as-new');
    await page.waitForSelector('#copy-status');
    await page.waitForSelector('#saved-list tr');
    await page.click('#saved-list tr:first-child button.open');
    await page.waitForSelector('#notice.loaded');
    await page.locator('#sign-out').scrollIntoViewIfNeeded();
    await check(page, lang, 'saved scenarios');
    await shots(page, `saved-${lang}`);
    // Its review page: the summary, the history, and a move refused without a note.
    await page.click('#saved-list tr:first-child a.review');
    await page.waitForSelector('#history tr[data-revision]');
    await check(page, lang, 'review');
    await page.click('#submit-review');
    await page.waitForSelector('#note-error');
    await check(page, lang, 'review, no note');
    await shots(page, `review-${lang}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`the users page speaks ${lang} only`, async () => {
    const { context, page, errors } = await open(lang, '/?users');
    await page.waitForSelector('#sign-in');
    await check(page, lang, 'users, signed out');
    await refusedSignIn(page, lang, 'users');
    assert.ok(ADMIN && PASSWORD, 'PLANNER_ADMIN and PLANNER_PASSWORD are set by cargo xtask test');
    await signIn(page, ADMIN, '#users tr[data-user]');
    await check(page, lang, 'users, as an admin');
    await shots(page, `users-${lang}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`the first-admin setup page speaks ${lang} only`, async () => {
    const { context, page } = await open(lang, '/api/v1/auth/setup#token=not-a-token');
    await page.waitForFunction((l) => document.documentElement.lang.startsWith(l), lang);
    await page.waitForSelector('#setup-form');
    assert.equal(await page.inputValue('#token'), 'not-a-token', 'the token survives the language');
    await check(page, lang, 'setup');
    await page.fill('#setup-name', 'root');
    await page.fill('#setup-password', 'a long enough password');
    await page.click('#setup-submit');
    await page.waitForSelector('#setup-error:not([hidden])');
    assert.match(await page.textContent('#setup-error'), lang === 'zh' ? /链接无效/ : /link is unknown/);
    await check(page, lang, 'refused setup');
    await shots(page, `setup-${lang}`);
    await context.close();
  });

  test(`every slide speaks ${lang} only`, async () => {
    const { context, page, errors } = await open(lang);
    await page.waitForSelector('#row-demo_bases');
    await page.fill('#amount-equipment_upgrade', lang === 'zh' ? '3000' : '30');
    await page.press('#amount-equipment_upgrade', 'Tab');
    const href = await page.getAttribute('#present', 'href');
    await page.goto(BASE + '/' + href);
    await page.waitForSelector('#slide-1.current');
    const count = await page.locator('.slide').count();
    assert.ok(count >= 5);
    for (let i = 1; i <= count; i += 1) {
      assert.equal(await page.locator('.slide.current').getAttribute('id'), `slide-${i}`);
      await check(page, lang, `slide ${i}`);
      await shots(page, `slide-${i}-${lang}`);
      await page.keyboard.press('ArrowRight');
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('an address with ?lang= opens in that language over the remembered one, and the switch then holds', async () => {
  // The reader chose Chinese before; a link sent with ?lang=en opens in English.
  const { context, page, errors } = await openIn(browser, '/?lang=en', { lang: 'zh' });
  await page.waitForSelector('#row-demo_bases');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /Budget simulator/);
  // Switching to Chinese takes lang= out of the address, so a reload stays in Chinese.
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  assert.equal(new URL(page.url()).searchParams.has('lang'), false, page.url());
  await page.reload();
  await page.waitForSelector('#row-demo_bases');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  // The other views read it too.
  await page.goto(BASE + '/?execution&lang=en');
  await page.waitForSelector('#lang-switch');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(errors, []);
  await context.close();
});
