// The allocations table in and out of the page: the CSV the page downloads, edited and
// imported back (the sliders show it; a broken file is refused naming its line and
// field, in the page's language), and the printout, one A4 landscape page of every
// programme's money by year with its outcomes, checked in the PDF Chromium prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, BASE, launch, openPage, setWan } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open(lang) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript((l) => {
    localStorage.setItem('sme-planner.lang', l);
    localStorage.setItem('sme-planner.hint-seen', '1');
  }, lang);
  const { page, errors } = await openPage(context, BASE + '/');
  return { context, page, errors };
}

// The text of a download, as the browser saved it.
async function downloadedText(download) {
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function importCsv(page, text, name = 'allocations.csv') {
  return page.setInputFiles('#import-csv', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('the downloaded allocations CSV, edited, imports back into the sliders', async () => {
  const { context, page, errors } = await open('zh');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = await downloadedText(download);
  assert.ok(csv.includes(',patents,10000000,'), 'the baseline amount of patents');
  // Patents takes 2,000,000 more in every year, equipment 2,000,000 less: still balanced.
  const edited = csv
    .replaceAll(',patents,10000000,', ',patents,12000000,')
    .replaceAll(',equipment_upgrade,50000000,', ',equipment_upgrade,48000000,');
  await importCsv(page, edited, 'edited.csv');
  await page.waitForFunction(() => document.querySelector('#amount-patents').value === '1200');
  assert.equal(await page.inputValue('#amount-equipment_upgrade'), '4800');
  assert.equal(await page.inputValue('#slider-patents'), '12000000');
  assert.match(await page.textContent('#notice'), /edited\.csv/);
  assert.equal(await page.locator('#verdict').count(), 0, 'still balanced');
  // One undo takes the whole import back.
  await page.click('#undo');
  assert.equal(await page.inputValue('#amount-patents'), '1000');
  // The import control is reached by the keyboard, after the JSON import.
  await page.focus('#import-json');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'import-csv');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const [lang, said] of [
  ['zh', /分配表 CSV 未导入：第 3 行：金额“ten million”应为以元为单位的非负整数/],
  ['en', /allocations CSV was not imported: line 3: `ten million` is not a whole, non-negative amount of CNY/],
]) {
  test(`a broken allocations CSV is refused naming the line and field (${lang})`, async () => {
    const { context, page, errors } = await open(lang);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const lines = (await downloadedText(download)).split('\n');
    lines[2] = lines[2].replace(/,\d+,/, ',ten million,');
    await importCsv(page, lines.join('\n'), 'broken.csv');
    await page.waitForSelector('#notice.refused');
    assert.match(await page.textContent('#notice'), said);
    assert.equal(await page.inputValue('#amount-patents'), lang === 'zh' ? '1000' : '10', 'nothing imported');
    // A file that is not the allocations layout at all.
    await importCsv(page, '{"name": "not a csv"}', 'scenario.json');
    await page.waitForFunction(() => /(第 1 行|line 1)/.test(document.querySelector('#notice.refused')?.textContent ?? ''));
    assert.deepEqual(errors, []);
    await context.close();
  });
}

for (const lang of ['zh', 'en']) {
  test(`the printout is one A4 landscape page of the allocations and outcomes (${lang})`, async () => {
    const { context, page, errors } = await open(lang);
    await setWan(page, 'patents', lang === 'zh' ? 1200 : 12);
    assert.equal(await page.isVisible('#print-sheet'), false, 'not on screen');
    assert.ok(await page.isVisible('#print'), 'the print button is on screen');
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.isVisible('#print-table'));
    assert.equal(await page.isVisible('#programmes'), false, 'the controls are not printed');
    assert.equal(await page.isVisible('.toolbar'), false, 'the toolbar is not printed');
    assert.equal(
      await page.$eval('#print-table thead', (e) => getComputedStyle(e).display),
      'table-header-group',
      'the header row repeats on every page',
    );
    const folder = mkdtempSync(join(tmpdir(), 'printout-'));
    const pdf = join(folder, `printout-${lang}.pdf`);
    writeFileSync(pdf, await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true, printBackground: true }));
    const info = execFileSync('pdfinfo', [pdf]).toString();
    assert.match(info, /Pages:\s+1\n/, info);
    assert.match(info, /Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/, info);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    const names = await page.$$eval('#print-table tr.programme th', (cells) => cells.map((c) => c.textContent));
    assert.equal(names.length, 16);
    const flat = text.replace(/\s+/g, ' ');
    // pdftotext lays out a run of wide CJK glyphs among Latin ones with spaces inside it
    // (“(专精特新    )”): the words are looked for with the spaces taken out.
    const squeezed = text.replace(/\s+/g, '');
    for (const name of names) {
      // A long English name may wrap inside its cell: each of its words is there.
      for (const word of name.split(/\s+/)) assert.ok(squeezed.includes(word), `${word} (${name}) is not printed`);
    }
    const [total, four] = lang === 'zh' ? ['30,000', '120,000'] : ['300', '1,200'];
    const totals = await page.textContent('#print-year-total');
    assert.ok(totals.includes(total) && totals.includes(four), totals);
    assert.ok(flat.includes(lang === 'zh' ? '年度合计' : 'Year total'), 'the totals row');
    assert.ok(flat.includes(`${total} ${total} ${total} ${total} ${four}`), `the year totals: ${flat}`);
    assert.ok(flat.includes(lang === 'zh' ? '1,200' : '12'), 'the edited amount');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', pdf, join(ARTIFACTS, `printout-${lang}`)]);
    copyFileSync(pdf, join(ARTIFACTS, `printout-${lang}.pdf`));
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the print button opens the browser print dialog', async () => {
  const { context, page } = await open('zh');
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await page.click('#print');
  assert.equal(await page.evaluate(() => window.printed), 1);
  await context.close();
});
