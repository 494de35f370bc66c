// What every browser test file shares: the address under test, where artefacts go, the
// programme ids, and Debian's Chromium launched the way this machine needs.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE = process.env.PLANNER_URL ?? 'http://127.0.0.1:8080';
export const ARTIFACTS = process.env.PLANNER_ARTIFACTS ?? new URL('../artifacts/', import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export const PROGRAMMES = [
  'tech_enterprise', 'emerging_industry', 'modern_services', 'ecommerce',
  'equipment_upgrade', 'smart_manufacturing', 'specialised_products', 'lean_management',
  'patents', 'brands', 'shareholding_reform', 'mixed_ownership', 'energy_saving',
  'park_upgrade', 'building_upgrade', 'demo_bases',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new page of `context` at `url`, once the simulator has drawn its rows, with the page
// errors it collects from then on.
export async function openPage(context, url = BASE + '/') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(url);
  await page.waitForSelector('#row-demo_bases');
  return { page, errors };
}

// Types `value` into the field and leaves it, as a person does, so the page takes it.
export async function enter(page, selector, value) {
  await page.fill(selector, String(value));
  await page.press(selector, 'Tab');
}

// Sets programme `id`'s amount to `wan` 万元.
export async function setWan(page, id, wan) {
  await enter(page, `#amount-${id}`, wan);
}

export async function amounts(page) {
  const values = {};
  for (const id of PROGRAMMES) values[id] = await page.inputValue(`#amount-${id}`);
  return values;
}

// Asks the optimiser for a proposal for `objective` and waits for it; `keepTargets`, when
// given, first sets whether the other targets are kept (an objective that counts every
// target, attainment, has no such choice).
export async function propose(page, objective, { keepTargets } = {}) {
  await page.selectOption('#objective', objective);
  if (keepTargets !== undefined) await page.setChecked('#keep-targets', keepTargets);
  await page.click('#propose');
  await page.waitForSelector('#proposal');
}

// Takes the optimiser's proposal on screen, ticking its confirmation first when it
// breaks targets (only then does it ask for one).
export async function acceptProposal(page) {
  if (await page.locator('#confirm-proposal').count()) await page.check('#confirm-proposal');
  await page.click('#accept-proposal');
}

// A fresh context of `browser` whose pages speak `lang` (the first-visit hint seen), and
// its page at `path`, with the page errors it collects.
export async function openIn(browser, path, { lang = 'zh', viewport = { width: 1440, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript((l) => {
    localStorage.setItem('sme-planner.lang', l);
    localStorage.setItem('sme-planner.hint-seen', '1');
  }, lang);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(BASE + path);
  return { context, page, errors };
}

// Signs in through the page's sign-in form with the suites' planner account
// (PLANNER_USER, PLANNER_PASSWORD), or the account `name`, and waits for `ready`, what
// the page shows once signed in.
export async function signIn(page, ready = '#save-as-new', name = process.env.PLANNER_USER) {
  await page.waitForSelector('#sign-in');
  await page.fill('#user-name', name);
  await page.fill('#password', process.env.PLANNER_PASSWORD);
  await page.click('#sign-in-button');
  await page.waitForSelector(ready);
}
