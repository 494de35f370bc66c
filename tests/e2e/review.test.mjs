// 审核与历史, the approval workflow in the page (issue 12), with the real server: a
// planner saves a scenario and submits it for review with a note (by keyboard); an
// approver, in a browser of their own, is refused an approval without a note, approves
// with one, and the scenario shows as frozen; /api/v1/allocations/approved then serves
// its allocation, and the history shows both notes. An approver returns a proposal with
// a note; a stale approval is refused and the latest status loaded. In the simulator an
// approved scenario shows as frozen and an edit of it is saved as a new draft, and a
// session that ends while editing asks to sign in again and keeps the edit for the retry.
// Screenshots of the review page at 1440×900 and 390×844 in zh and en land in
// tests/artifacts/review-*.png. Needs PLANNER_USER, PLANNER_APPROVER and PLANNER_PASSWORD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, BASE, launch, openIn, setWan, signIn } from './browser.mjs';

const PLANNER = process.env.PLANNER_USER;
const APPROVER = process.env.PLANNER_APPROVER;
const PASSWORD = process.env.PLANNER_PASSWORD;
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser;
before(async () => {
  assert.ok(PLANNER && APPROVER && PASSWORD, 'PLANNER_USER, PLANNER_APPROVER and PLANNER_PASSWORD are set by cargo xtask test');
  browser = await launch();
});
after(async () => { await browser?.close(); });

// A fresh browser (context) in `lang` at `path`, its page and the page errors it collects.
function open(path, options) {
  return openIn(browser, path, options);
}

// A call of the API with the page's own session: the status and the JSON answer.
function api(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const init = { method: m, headers: { Accept: 'application/json' } };
    if (b !== undefined) {
      init.body = JSON.stringify(b);
      init.headers['Content-Type'] = 'application/json';
    }
    const reply = await fetch('/api/v1' + p, init);
    const text = await reply.text();
    return { status: reply.status, body: text ? JSON.parse(text) : null };
  }, [method, path, body]);
}

// In the simulator, signed in as the planner: names the scenario, gives patents `wan`
// 万元 a year, saves it as a new scenario and answers its id.
async function saveNew(page, name, wan) {
  await page.fill('#scenario-name', name);
  await page.press('#scenario-name', 'Tab');
  await setWan(page, 'patents', wan);
  const before = await page.locator('#save-message').textContent().catch(() => null);
  await page.click('#save-as-new');
  await page.waitForFunction((old) => {
    const message = document.querySelector('#save-message.hint');
    return message && message.textContent !== old;
  }, before);
  const said = await page.textContent('#save-message');
  return Number(said.match(/#(\d+)/)[1]);
}

// The simulator signed in as the planner, with a scenario named `name` (patents at `wan`
// 万元 a year) saved: the browser, its page and the scenario's id.
async function plannerWith(name, wan) {
  const planner = await open('/');
  await planner.page.waitForSelector('#row-demo_bases');
  await signIn(planner.page);
  return { planner, page: planner.page, id: await saveNew(planner.page, `${name} ${Date.now()}`, wan) };
}

// The review page's status, once it is `status`.
async function statusBecomes(page, status) {
  await page.waitForSelector(`#review-status[data-status="${status}"]`);
  return (await page.textContent('#review-status strong')).trim();
}

const cell = (page, revision, column) => page.locator(`#history tr[data-revision="${revision}"] td.${column}`).textContent();

// Nothing on the page scrolls sideways.
async function noSidewaysScroll(page, what) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
  assert.ok(scroll <= width, `${what}: the page is ${scroll} px wide in a ${width} px window`);
}

// Screenshots of the review page at desktop and phone size in the page's language.
async function shots(page, name) {
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    await noSidewaysScroll(page, `${name} ${size}`);
    await page.screenshot({ path: `${ARTIFACTS}/review-${name}-${size}.png`, fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

test('a planner submits for review with a note, an approver approves with a note, and API clients receive that allocation', async () => {
  const { planner, page, id } = await plannerWith('审核', 1500);

  // The saved scenario's link opens its review page.
  await page.click(`#saved-list tr[data-id="${id}"] a.review`);
  await page.waitForURL(`**/?review=${id}`);
  assert.equal(await statusBecomes(page, 'draft'), '草稿');
  assert.equal(await page.locator('#approve').count(), 0, 'a planner is not offered the approval');
  assert.equal(await page.textContent('#allocation-programmes tr[data-key="patents"] td.num'), '6,000 万元');
  assert.equal(await page.textContent('#allocation-years tr[data-key="all"] td.num'), '12 亿元');

  // Without a note nothing is sent.
  await page.click('#submit-review');
  await page.waitForSelector('#note-error');
  assert.match(await page.textContent('#note-error'), /请先填写意见/);
  assert.equal(await page.getAttribute('#review-note', 'aria-invalid'), 'true');
  assert.equal((await api(page, 'GET', `/scenarios/${id}`)).body.status, 'draft');

  // By keyboard: the note, then Tab to 提交审核 and Enter.
  const submitted = '专利资助每年增至 1,500 万元，请审核';
  await page.focus('#review-note');
  await page.keyboard.type(submitted);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'submit-review');
  await page.keyboard.press('Enter');
  assert.equal(await statusBecomes(page, 'proposed'), '待审核');
  assert.equal(await page.textContent('#review-message'), '已提交审核');
  assert.equal(await page.locator('#note-error').count(), 0);
  await page.waitForSelector('#history tr[data-revision="2"]');
  assert.equal(await cell(page, 2, 'note'), submitted);
  assert.equal(await cell(page, 2, 'changes'), '状态：草稿 → 待审核');
  assert.equal(await cell(page, 1, 'changes'), '新建');
  assert.equal(await cell(page, 2, 'who'), PLANNER);
  assert.match(await cell(page, 2, 'when'), /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  assert.equal(await page.locator('#submit-review').count(), 0);
  assert.match(await page.textContent('#awaiting'), /待审批人审核/);
  assert.equal(await page.locator('#withdraw').count(), 1, 'the planner may take the submission back');

  // The approver, in a browser of their own.
  const approver = await open(`/?review=${id}`);
  const review = approver.page;
  await signIn(review, '#approve', APPROVER);
  assert.equal(await review.locator('#return').count(), 1);
  await review.click('#approve');
  await review.waitForSelector('#note-error');
  assert.equal((await api(review, 'GET', `/scenarios/${id}`)).body.status, 'proposed', 'no approval without a note');

  const approved = '符合年度资金安排，同意';
  await review.fill('#review-note', approved);
  await review.click('#approve');
  assert.equal(await statusBecomes(review, 'approved'), '已批准 · 已冻结');
  assert.equal(await review.textContent('#review-message'), '已批准');
  assert.match(await review.textContent('#frozen'), /不可修改或删除/);
  for (const control of ['#approve', '#return', '#submit-review', '#review-note']) {
    assert.equal(await review.locator(control).count(), 0, `${control} on a frozen scenario`);
  }
  assert.equal(await review.getAttribute('#approved-link', 'href'), '/api/v1/allocations/approved');
  assert.match(await review.textContent('#served'), /这正是其他系统通过接口取得的已批准资金分配/);

  // What API clients pull is this scenario's allocation, amount for amount.
  const served = await api(review, 'GET', '/allocations/approved');
  assert.equal(served.status, 200);
  assert.equal(served.body.scenario_id, id);
  assert.equal(served.body.status, 'approved');
  const own = await api(review, 'GET', `/scenarios/${id}/allocations`);
  assert.deepEqual(served.body.allocations, own.body.allocations);
  const patents = served.body.allocations.filter((row) => row.programme === 'patents');
  assert.deepEqual(patents.map((row) => [row.year, row.amount]), [[2017, '15000000'], [2018, '15000000'], [2019, '15000000'], [2020, '15000000']]);
  for (const year of [2017, 2018, 2019, 2020]) {
    const total = served.body.allocations.filter((row) => row.year === year).reduce((sum, row) => sum + BigInt(row.amount), 0n);
    assert.equal(total, 300000000n, `${year} spends the envelope`);
  }

  // The history shows both notes, who and the moves.
  await review.waitForSelector('#history tr[data-revision="3"]');
  assert.equal(await cell(review, 3, 'note'), approved);
  assert.equal(await cell(review, 3, 'who'), APPROVER);
  assert.equal(await cell(review, 3, 'changes'), '状态：待审核 → 已批准');
  assert.equal(await cell(review, 2, 'note'), submitted);
  await shots(review, 'zh');

  // In English: the status, the frozen line and the history's words.
  await review.click('#lang-switch');
  await review.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal((await review.textContent('#review-status strong')).trim(), 'Approved · frozen');
  assert.match(await review.textContent('#served'), /This is the approved allocation that API clients receive/);
  assert.equal(await cell(review, 3, 'changes'), 'Status: proposed → approved');
  assert.equal(await review.textContent('#allocation-programmes tr[data-key="patents"] td.num'), 'CNY 60 million');
  assert.equal(await review.textContent('#allocation-years tr[data-key="all"] td.num'), 'CNY 1,200 million');
  const english = await review.evaluate(() => [...document.querySelectorAll('h1, h2:not(#scenario-name), h3, th, #review-status, #frozen, #served, td.changes')].map((e) => e.textContent).join('\n'));
  assert.doesNotMatch(english, /[\u3400-\u9fff]/, 'no Chinese in the English page\'s own words');
  await shots(review, 'en');
  assert.deepEqual(approver.errors, []);
  await approver.context.close();

  // Back in the simulator: the approved scenario opens frozen, and an edit becomes a new draft.
  await page.goto(BASE + '/');
  await page.waitForSelector(`#saved-list tr[data-id="${id}"]`);
  await page.click(`#saved-list tr[data-id="${id}"] button.open`);
  await page.waitForSelector('#frozen');
  assert.match(await page.textContent('#frozen'), /已批准 · 已冻结/);
  for (const lang of ['zh', 'en']) {
    if (lang === 'en') await page.click('#lang-switch');
    for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      await page.setViewportSize(viewport);
      await page.waitForTimeout(150);
      await noSidewaysScroll(page, `simulator ${lang} ${size}`);
      await page.locator('#saved').screenshot({ path: `${ARTIFACTS}/review-frozen-saved-${lang}-${size}.png` });
    }
  }
  assert.match(await page.textContent('#frozen'), /^Approved · frozen/);
  assert.equal(await page.textContent(`#saved-list tr[data-id="${id}"] a.review`), 'Review & history');
  await page.click('#lang-switch');
  await page.setViewportSize(DESKTOP);
  await setWan(page, 'patents', 1600);
  await page.click('#save');
  await page.waitForSelector('#save-message.hint');
  const said = await page.textContent('#save-message');
  const fork = Number(said.match(/新草稿 #(\d+)/)?.[1]);
  assert.match(said, new RegExp(`已批准的方案 #${id} 保持不变，修改已另存为新草稿 #${fork}`));
  assert.notEqual(fork, id);
  assert.equal(await page.locator('#frozen').count(), 0, 'the new draft is not frozen');
  const kept = await api(page, 'GET', '/allocations/approved');
  assert.equal(kept.body.scenario_id, id);
  assert.equal(kept.body.allocations.find((row) => row.programme === 'patents').amount, '15000000');
  assert.equal((await api(page, 'GET', `/scenarios/${fork}`)).body.status, 'draft');
  assert.deepEqual(planner.errors, []);
  await planner.context.close();
});

for (const [lang, said] of [['zh', { status: '草稿', done: '已撤回为草稿', change: '状态：待审核 → 草稿' }], ['en', { status: 'draft', done: 'Withdrawn to draft', change: 'Status: proposed → draft' }]]) {
  test(`a planner withdraws a submission in the page, with a note, before it is decided (${lang})`, async () => {
    const { planner, page, id } = await plannerWith('撤回', 1100);
    assert.equal((await api(page, 'POST', `/scenarios/${id}/status`, { status: 'proposed', note: '请审核' })).status, 200);
    const own = await open(`/?review=${id}`, { lang });
    const review = own.page;
    await signIn(review, '#withdraw');
    assert.equal(await review.locator('#approve').count(), 0, 'a planner is not offered the approval');
    const why = lang === 'zh' ? '测算有误，撤回修改' : 'A figure is wrong; taking it back to fix';
    await review.fill('#review-note', why);
    await review.click('#withdraw');
    assert.equal(await statusBecomes(review, 'draft'), said.status);
    assert.equal(await review.textContent('#review-message'), said.done);
    await review.waitForSelector('#history tr[data-revision="3"]');
    assert.equal(await cell(review, 3, 'note'), why);
    assert.equal(await cell(review, 3, 'changes'), said.change);
    assert.equal((await api(review, 'GET', `/scenarios/${id}`)).body.status, 'draft');
    await review.waitForSelector('#submit-review');
    await review.screenshot({ path: `${ARTIFACTS}/review-withdrawn-${lang}.png`, fullPage: true });
    assert.deepEqual(own.errors, []);
    await own.context.close();
    await planner.context.close();
  });
}

test('an approver returns a proposal with a note; a stale approval is refused and the latest status loaded', async () => {
  const { planner, page, id } = await plannerWith('退回', 1200);
  assert.equal((await api(page, 'POST', `/scenarios/${id}/status`, { status: 'proposed', note: '请审核' })).status, 200);

  const approver = await open(`/?review=${id}`);
  const review = approver.page;
  await signIn(review, '#return', APPROVER);
  await review.click('#return');
  await review.waitForSelector('#note-error');
  assert.equal((await api(review, 'GET', `/scenarios/${id}`)).body.status, 'proposed');
  const why = '专利资助增幅过大，请补充测算依据';
  await review.fill('#review-note', why);
  await review.click('#return');
  assert.equal(await statusBecomes(review, 'draft'), '草稿');
  assert.equal(await review.textContent('#review-message'), '已退回为草稿');
  await review.waitForSelector('#history tr[data-revision="3"]');
  assert.equal(await cell(review, 3, 'note'), why);
  assert.equal(await cell(review, 3, 'changes'), '状态：待审核 → 草稿');
  // An approver may also submit the draft, as the workflow allows.
  await review.waitForSelector('#submit-review');

  // Proposed again; the planner then withdraws it while the approver's page shows it proposed.
  assert.equal((await api(page, 'POST', `/scenarios/${id}/status`, { status: 'proposed', note: '已补充测算依据' })).status, 200);
  await review.reload();
  assert.equal(await statusBecomes(review, 'proposed'), '待审核');
  assert.equal((await api(page, 'POST', `/scenarios/${id}/status`, { status: 'draft' })).status, 200);
  await review.fill('#review-note', '同意');
  await review.click('#approve');
  await review.waitForSelector('#review-message.error');
  assert.match(await review.textContent('#review-message'), /已被他人修改，已载入最新版本/);
  assert.equal(await statusBecomes(review, 'draft'), '草稿');
  assert.equal((await api(review, 'GET', `/scenarios/${id}`)).body.status, 'draft');
  assert.deepEqual(approver.errors, []);
  await approver.context.close();
  await planner.context.close();
});

test('a session that ends while editing asks to sign in again, keeps the edit and saves it on the retry', async () => {
  const { planner, page, id } = await plannerWith('会话', 1700);
  const { context } = planner;
  await setWan(page, 'patents', 1800);

  // The session ends (its cookie is gone): the save is refused with 401.
  await context.clearCookies();
  await page.click('#save');
  await page.waitForSelector('#save-message.error');
  const said = await page.textContent('#save-message');
  assert.match(said, /登录已失效，请重新登录后再保存/);
  assert.match(said, /本地草稿/);
  await page.waitForSelector('#sign-in');
  assert.equal(await page.inputValue('#amount-patents'), '1800', 'the edit is still on the page');
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem('sme-planner.draft')));
  assert.ok(draft, 'the edit is kept as the local draft');
  await page.screenshot({ path: `${ARTIFACTS}/review-session-ended-zh.png` });

  // Signed in again, the same save goes through to the same scenario.
  await signIn(page, '#save');
  assert.equal(await page.inputValue('#amount-patents'), '1800');
  await page.click('#save');
  await page.waitForSelector('#save-message.hint');
  assert.match(await page.textContent('#save-message'), new RegExp(`已保存 #${id}$`));
  const stored = await api(page, 'GET', `/scenarios/${id}/allocations`);
  assert.equal(stored.body.allocations.find((row) => row.programme === 'patents').amount, '18000000');
  assert.deepEqual(planner.errors, []);
  await context.close();
});

test('the review page without a scenario in its address says how to open one, in either language', async () => {
  for (const [lang, words] of [['zh', /已保存方案/], ['en', /Saved scenarios/]]) {
    const { context, page, errors } = await open('/?review', { lang });
    await page.waitForSelector('#no-scenario');
    assert.match(await page.textContent('#no-scenario'), words);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
