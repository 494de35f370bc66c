// With the server stopped, the simulator keeps computing and a save keeps a local
// draft. Stops the server (PLANNER_PID), so cargo xtask test runs this file last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch } from './browser.mjs';

const PID = Number(process.env.PLANNER_PID);

test('with the server stopped, sliders still recompute and a save keeps a local draft', async () => {
  assert.ok(PID > 0, 'PLANNER_PID is set by cargo xtask test');
  const browser = await launch();
  const page = await (await browser.newContext({ viewport: { width: 1500, height: 1000 } })).newPage();
  await page.goto(BASE + '/');
  await page.waitForSelector('#row-demo_bases');
  await page.waitForSelector('#sign-in');
  await page.fill('#user-name', process.env.PLANNER_USER ?? '');
  await page.fill('#password', process.env.PLANNER_PASSWORD ?? '');
  await page.click('#sign-in-button');
  await page.waitForSelector('#save');
  process.kill(PID, 'SIGTERM');
  for (let i = 0; i < 100; i += 1) {
    const up = await fetch(BASE + '/api/v1/health').then(() => true, () => false);
    if (!up) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  await assert.rejects(fetch(BASE + '/api/v1/health'), 'the server is down');

  const before = await page.textContent('#kpi-enterprises_transformed .tile-value');
  await page.fill('#amount-equipment_upgrade', '2000');
  await page.press('#amount-equipment_upgrade', 'Tab');
  const after = await page.textContent('#kpi-enterprises_transformed .tile-value');
  assert.notEqual(after, before, 'the projection recomputed in the page');
  assert.match(await page.textContent('#envelope-2017'), /收支平衡/);
  // 计算过程 comes from a module fetched once the page was interactive: it is in memory.
  await page.click('#explain-equipment_upgrade');
  await page.waitForSelector('#explain-summary');
  assert.match(await page.textContent('#explain-summary'), /100 万元/);
  await page.keyboard.press('Escape');

  await page.fill('#scenario-name', 'offline draft');
  await page.press('#scenario-name', 'Tab');
  await page.click('#save');
  await page.waitForSelector('#save-message.error');
  assert.match(await page.textContent('#save-message'), /保存失败/);
  assert.match(await page.textContent('#save-message'), /本地草稿/);
  const draft = await page.evaluate(() => JSON.parse(localStorage.getItem('sme-planner.draft')));
  assert.equal(draft.name, 'offline draft');
  assert.equal(draft.allocations.equipment_upgrade, '20000000');
  await browser.close();
});
