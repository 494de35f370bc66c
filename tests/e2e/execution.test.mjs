// The execution view (执行情况, `?execution`) against the real server: signed out it asks
// for a sign-in; signed in, a planner enters 2017 actuals, reads the assessment and the
// department roll-up, re-plans the remaining years and keeps the re-plan as a draft.
// Screenshots at 1440×900 and 390×844 in zh and en go to tests/artifacts/.
// Needs PLANNER_USER and PLANNER_PASSWORD (a planner), as server.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { BASE, ARTIFACTS, launch, signIn } from './browser.mjs';

const USER = process.env.PLANNER_USER;
const PASSWORD = process.env.PLANNER_PASSWORD;
const SIZES = [[1440, 900], [390, 844]];

let browser;
before(async () => {
  assert.ok(USER && PASSWORD, 'PLANNER_USER and PLANNER_PASSWORD are set by cargo xtask test');
  browser = await launch();
});
after(async () => { await browser?.close(); });

async function openExecution(context, lang) {
  await context.addInitScript((l) => localStorage.setItem('sme-planner.lang', l), lang);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(BASE + '/?execution');
  return { page, errors };
}


// A stored scenario to assess against and re-plan: the baseline, saved from the
// simulator as a planner does (the session cookie is the context's).
async function storedScenario(context) {
  const page = await context.newPage();
  await page.goto(BASE + '/');
  await page.waitForSelector('#save-as-new');
  await page.fill('#scenario-name', `execution e2e ${Date.now()}`);
  await page.press('#scenario-name', 'Tab');
  await page.click('#save-as-new');
  await page.waitForSelector('#save-message.hint');
  const id = Number((await page.textContent('#save-message')).match(/#(\d+)/)[1]);
  await page.close();
  return id;
}

// One screenshot a size, with `selector` scrolled to the top of the window.
async function shots(page, name, selector) {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(150);
    if (selector) await page.locator(selector).evaluate((element) => element.scrollIntoView());
    await page.screenshot({ path: `${ARTIFACTS}/${name}-${width}.png` });
  }
  await page.setViewportSize({ width: SIZES[0][0], height: SIZES[0][1] });
}

test('signed out, the execution view asks for a sign-in in the chosen language', async () => {
  for (const [lang, words] of [['zh', /需要登录/], ['en', /needs you to sign in/]]) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, errors } = await openExecution(context, lang);
    await page.waitForSelector('#sign-in-prompt');
    assert.match(await page.textContent('#sign-in-prompt'), words);
    await shots(page, `execution-signed-out-${lang}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('enter 2017 actuals, read the assessment and roll-up, re-plan and accept as a draft', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const { page, errors } = await openExecution(context, 'zh');
  await signIn(page, '#year-chooser');
  const id = await storedScenario(context);
  await page.reload();
  await page.waitForSelector('#year-chooser');
  await page.selectOption('#execution-scenario', String(id));
  await page.click('#year-chooser [data-year="2017"]');

  // 2017: equipment upgrade under-spent and under-achieved, tech enterprises on plan.
  await page.fill('#spent-equipment_upgrade', '4000');
  await page.fill('#outcome-equipment_upgrade\\.enterprises', '150');
  await page.fill('#spent-tech_enterprise', '2500');
  await page.fill('#actuals-source', '示例（虚构）');
  // A bad number is refused, named, in Chinese, and nothing is sent.
  await page.fill('#outcome-tech_enterprise\\.enterprises', '很多');
  await page.click('#save-actuals');
  await page.waitForSelector('#entry-message.error');
  assert.match(await page.textContent('#entry-message'), /“很多” 不是有效的非负数字/);
  await page.fill('#outcome-tech_enterprise\\.enterprises', '400');
  await page.click('#save-actuals');
  await page.waitForSelector('#entry-message.hint');
  await page.waitForSelector('#year-chooser [data-year="2017"]:has-text("初步数据")');

  // The assessment: the equipment upgrade row shows what was planned and spent.
  await page.waitForSelector('#assessment');
  const row = page.locator('#assessment tr[data-key="equipment_upgrade.enterprises"]');
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[3], '4,000.0', 'spent in 万元');
  assert.match(cells[6], /150/);
  assert.match(cells[10], /正常|预警|滞后/);
  assert.match(await page.textContent('#status-legend'), /完成率 ≥ 95%/);
  // The re-forecast's Achieved is what was measured, never the model standing in.
  const achieved = async (key) => (await page.locator(`#reforecast tr[data-key="${key}"] td.achieved`).textContent()).trim();
  assert.equal(await achieved('equipment_upgrade.enterprises'), '150 家');
  assert.equal(await achieved('emerging_industry.enterprises'), '—', 'not reported is not achieved');
  assert.match(await page.textContent('#achieved-note'), /均未报送/);
  assert.ok(await page.locator('#departments tbody tr').count() >= 5, 'every responsible department has a row');
  assert.match(await page.textContent('#departments'), /市中小企业局|市科委/);
  await shots(page, 'execution-top-zh', '#year-chooser');
  await shots(page, 'execution-assessment-zh', '#assessment-panel');
  await shots(page, 'execution-departments-zh', '#departments');
  await shots(page, 'execution-trajectory-zh', '#trajectory');

  // A save over a stale revision is a conflict, explained.
  await page.evaluate(async () => {
    const response = await fetch('/api/v1/actuals/2017');
    const body = await response.json();
    body.note = 'changed elsewhere';
    await fetch('/api/v1/actuals/2017', {
      method: 'PUT', headers: { 'Content-Type': 'application/json', 'If-Match': response.headers.get('ETag') },
      body: JSON.stringify(body),
    });
  });
  await page.fill('#actuals-note', 'mine');
  await page.click('#save-actuals');
  await page.waitForSelector('#entry-message.error');
  assert.match(await page.textContent('#entry-message'), /保存冲突/);

  // Re-plan 2018–2020 and keep it as a new draft.
  await page.selectOption('#carry-over', 'next_year');
  await page.click('#run-replan');
  // Keeping every target cannot be done after this year's shortfall: the page says so.
  await page.waitForSelector('#replan-message.error');
  assert.match(await page.textContent('#replan-message'), /数据有误/);
  await page.uncheck('#replan-keep');
  await page.click('#run-replan');
  await page.waitForSelector('#replan-diff', { timeout: 15000 })
    .catch(async () => assert.fail(await page.locator('#replan').textContent()));
  await shots(page, 'execution-replan-zh', '#replan');
  await page.click('#accept-draft');
  await page.waitForSelector('#accepted');
  assert.match(await page.textContent('#accepted'), /已保存为新草稿 #\d+/);
  const draft = Number((await page.textContent('#accepted')).match(/#(\d+)/)[1]);
  const status = await page.evaluate(async (d) => (await (await fetch(`/api/v1/scenarios/${d}`)).json()).status, draft);
  assert.equal(status, 'draft');
  assert.match(await page.getAttribute('#open-draft', 'href'), /^\.\/#s=/);

  // The slides of the re-plan carry the execution section: planned and spent, the
  // re-forecast, and what the re-plan changes (5 slides, the comparison, 3 more).
  const slides = await context.newPage();
  await slides.goto(BASE + '/' + await page.getAttribute('#present-replan', 'href'));
  await slides.waitForSelector('#slide-execution-years', { state: 'attached' });
  assert.equal(await slides.locator('.slide').count(), 9);
  assert.match(await slides.textContent('#slide-execution-years'), /2017/);
  assert.match(await slides.textContent('#slide-replan-changes'), /万元/);
  // Printed (one slide a landscape page), the execution slides read back as text.
  const printed = `${ARTIFACTS}/execution-slides.pdf`;
  writeFileSync(printed, await slides.pdf({ landscape: true, printBackground: true }));
  const text = execFileSync('pdftotext', [printed, '-'], { encoding: 'utf8' });
  assert.match(text, /执行情况：计划、支出与成效/);
  assert.match(text, /重新预测：总体目标（2020）/);
  await slides.keyboard.press('End');
  for (const n of [9, 8, 7]) {
    assert.equal(await slides.locator('.slide.current').getAttribute('id'), `slide-${n}`);
    await slides.screenshot({ path: `${ARTIFACTS}/execution-slide-${n}.png` });
    await slides.keyboard.press('ArrowLeft');
  }
  await slides.close();

  // The same view in English.
  await page.click('#lang-switch');
  await page.waitForSelector('#assessment');
  // The Chinese conflict message does not stay on the English page.
  assert.equal(await page.locator('#entry-message').count(), 0);
  assert.match(await page.textContent('#assessment-panel'), /Year-end assessment/);
  assert.match(await page.textContent('#departments'), /Department|Commission|Bureau/);
  // The entry form takes English's money unit: 4,000 (万元) is 40 (CNY million).
  assert.equal(await page.inputValue('#spent-equipment_upgrade'), '40');
  assert.equal(await page.inputValue('#spent-tech_enterprise'), '25');
  assert.match(await page.textContent('#entry'), /Spent \(CNY million\)/);
  assert.doesNotMatch(await page.textContent('#entry'), /10,000s/);
  await shots(page, 'execution-assessment-en', '#assessment-panel');
  await shots(page, 'execution-entry-en', '#entry');
  await shots(page, 'execution-replan-en', '#replan');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [lang, said] of [
  ['zh', /^数据有误：第 2 行：没有编号为“某项目”的项目；第 4 行：项目“.+”的实际支出“-5”应为以元为单位、最多两位小数的非负金额$/],
  ['en', /^The data has problems: line 2: programme `某项目` is not a programme id; use .+; line 4: spent_cny `-5` of `\w+` is negative: spending is 0 or more$/],
]) {
  test(`a broken actuals file is refused line by line in the page's language, and nothing is saved (${lang})`, async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const { page, errors } = await openExecution(context, lang);
    await signIn(page, '#year-chooser');
    await page.click('#year-chooser [data-year="2020"]');
    await page.waitForSelector('#import-actuals', { state: 'attached' });
    const state = () => page.evaluate(async () => {
      const response = await fetch('/api/v1/actuals/2020');
      return `${response.status} ${response.headers.get('ETag')}`;
    });
    const before = await state();
    // The blank form of the year, two of its rows spoilt.
    const blank = await page.evaluate(async () => (await fetch('/api/v1/actuals/2020.csv')).text());
    const lines = blank.split('\n');
    lines[1] = lines[1].replace(/^[a-z_]+,/, '某项目,');
    const cells = lines[3].split(',');
    cells[3] = '-5';
    lines[3] = cells.join(',');
    await page.setInputFiles('#import-actuals', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
    await page.waitForSelector('#entry-message.error');
    const message = (await page.textContent('#entry-message')).trim();
    assert.match(message, said);
    if (lang === 'zh') assert.doesNotMatch(message, /[A-Za-z]/, 'no English in the Chinese page');
    assert.equal(await state(), before, 'nothing saved');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the simulator links to the execution view', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(BASE + '/');
  await page.waitForSelector('#execution-link');
  assert.equal(await page.getAttribute('#execution-link', 'href'), '?execution');
  await context.close();
});
