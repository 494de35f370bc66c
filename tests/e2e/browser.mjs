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

export async function amounts(page) {
  const values = {};
  for (const id of PROGRAMMES) values[id] = await page.inputValue(`#amount-${id}`);
  return values;
}
