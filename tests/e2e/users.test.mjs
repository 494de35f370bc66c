// 用户管理, the admin's users page, with the real server: an admin creates a user, changes
// their role, disables and enables them, resets their password (the user then sets a new
// one at sign-in), ends their sessions and deletes them; the last admin stays; a planner
// is not let in. Needs PLANNER_ADMIN, PLANNER_USER and PLANNER_PASSWORD.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, BASE, launch } from './browser.mjs';

const ADMIN = process.env.PLANNER_ADMIN;
const PLANNER = process.env.PLANNER_USER;
const PASSWORD = process.env.PLANNER_PASSWORD;

let browser;
before(async () => {
  assert.ok(ADMIN && PLANNER && PASSWORD, 'PLANNER_ADMIN, PLANNER_USER and PLANNER_PASSWORD are set by cargo xtask test');
  browser = await launch();
});
after(async () => { await browser?.close(); });

// A page of a fresh context at `path`, where `name` signs in with `password`; the
// context, the page and the page errors it collects.
async function signedIn(path, name, password = PASSWORD, viewport = { width: 1300, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(BASE + path);
  await page.waitForSelector('#sign-in');
  await page.fill('#user-name', name);
  await page.fill('#password', password);
  await page.click('#sign-in-button');
  return { context, page, errors };
}

const row = (page, name) => page.locator(`#users tr[data-user="${name}"]`);

// The user `name` as the server lists them, read with the page's own session.
function stored(page, name) {
  return page.evaluate(async (n) => {
    const reply = await fetch('/api/v1/users', { headers: { Accept: 'application/json' } });
    return (await reply.json()).items.find((user) => user.name === n);
  }, name);
}

// Waits until `check` holds of the user `name` as the server lists them.
async function until(page, name, check) {
  for (let tries = 0; tries < 50; tries += 1) {
    if (check(await stored(page, name))) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`${name}: ${JSON.stringify(await stored(page, name))}`);
}

// The message the page shows after an action, once it changed from `before`.
async function said(page, before = null) {
  await page.waitForFunction((old) => {
    const message = document.querySelector('#users-message');
    return message && message.textContent !== old;
  }, before);
  return page.locator('#users-message').textContent();
}

test('an admin manages a user from the users page, and the user sets a new password at sign-in', async () => {
  const { context, page, errors } = await signedIn('/?users', ADMIN);
  await page.waitForSelector(`#users tr[data-user="${ADMIN}"]`);
  assert.equal(await page.locator('h1').textContent(), '用户管理');
  const name = `e2e-li-${Date.now()}`;

  await page.fill('#new-user-name', name);
  assert.equal(await page.inputValue('#new-user-role'), 'viewer', 'a new account starts as a viewer');
  await page.selectOption('#new-user-role', 'viewer');
  await page.fill('#new-user-password', 'first password 1');
  await page.click('#create-user');
  await row(page, name).waitFor();
  assert.equal(await row(page, name).locator('select.role').inputValue(), 'viewer');

  let message = await said(page);
  assert.equal(message, '已完成');
  await row(page, name).locator('select.role').selectOption('planner');
  await until(page, name, (user) => user.role === 'planner');

  await row(page, name).locator('button.disable').click();
  await row(page, name).locator('button.enable').waitFor();
  assert.match(await row(page, name).locator('.state').textContent(), /已停用/);
  await until(page, name, (user) => user.disabled);
  await row(page, name).locator('button.enable').click();
  await row(page, name).locator('button.disable').waitFor();
  await until(page, name, (user) => !user.disabled);

  await row(page, name).locator('button.reset').click();
  message = await said(page, message);
  const temporary = message.split('：').pop();
  assert.ok(temporary.length >= 10, message);
  await page.waitForFunction((n) => document.querySelector(`#users tr[data-user="${n}"] .state`).textContent.includes('待设新密码'), name);
  await page.screenshot({ path: `${ARTIFACTS}/users-admin.png`, fullPage: true });

  // The user signs in on the simulator with the temporary password; the page asks for a new one.
  const { context: other, page: simulator } = await signedIn('/', name, temporary);
  await simulator.waitForSelector('#save-message.error');
  assert.match(await simulator.locator('#save-message').textContent(), /管理员已重置您的密码/);
  assert.equal(await simulator.locator('#password').getAttribute('placeholder'), '新密码（至少 10 个字符）');
  await simulator.fill('#password', 'my own new password');
  await simulator.click('#sign-in-button');
  await simulator.waitForSelector('#save-as-new');
  await until(page, name, (user) => !user.must_change_password);

  // The admin ends the user's sessions: the simulator's next call is refused.
  await row(page, name).locator('button.end-sessions').click();
  message = await said(page, message);
  assert.equal(message, '已结束的会话数：1');
  const status = await simulator.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
  assert.equal(status, 401);

  // The last enabled admin cannot be disabled: the page says why.
  await row(page, ADMIN).locator('button.disable').click();
  message = await said(page, message);
  assert.match(message, /服务器拒绝了该操作/);
  assert.match(message, /last enabled admin/);

  // In English, then delete after confirming.
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Users');
  page.once('dialog', (dialog) => dialog.accept());
  await row(page, name).locator('button.delete').click();
  await row(page, name).waitFor({ state: 'detached' });
  assert.equal(await page.locator('#users-message').textContent(), 'Done');
  assert.deepEqual(errors, []);
  await other.close();
  await context.close();
});

test('a planner is not let into the users page, and an admin reaches it from the simulator', async () => {
  const { context, page } = await signedIn('/?users', PLANNER);
  await page.waitForSelector('#not-admin');
  assert.equal(await page.locator('#users').count(), 0);
  await context.close();

  const phone = { width: 390, height: 844 };
  const { context: admin, page: simulator } = await signedIn('/', ADMIN, PASSWORD, phone);
  await simulator.click('#users-link');
  await simulator.waitForSelector(`#users tr[data-user="${ADMIN}"]`);
  // On a phone the page does not scroll sideways.
  const wide = await simulator.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(wide, false);
  await simulator.screenshot({ path: `${ARTIFACTS}/users-phone.png`, fullPage: true });
  await admin.close();
});
