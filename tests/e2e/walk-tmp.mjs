import { launch, openIn } from './browser.mjs';
const browser = await launch();
for (const [lang, w, h] of [['zh', 390, 844], ['en', 390, 844], ['en', 1440, 900]]) {
  const { context, page } = await openIn(browser, '/', { lang, viewport: { width: w, height: h } });
  await page.waitForSelector('#row-demo_bases');
  await page.fill('#amount-equipment_upgrade', lang === 'zh' ? '3000' : '30');
  await page.press('#amount-equipment_upgrade', 'Tab');
  const href = await page.getAttribute('#present', 'href');
  await page.goto(process.env.PLANNER_URL + '/' + href);
  await page.waitForSelector('#slide-1.current');
  const n = await page.locator('.slide').count();
  for (let i = 1; i <= n; i++) {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `/tmp/walk/shots/slide-${lang}-${w}-${i}.png` });
    await page.keyboard.press('ArrowRight');
  }
  console.log(lang, w, n);
  await context.close();
}
await browser.close();
