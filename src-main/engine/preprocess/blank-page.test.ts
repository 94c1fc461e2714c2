import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_BLANK_THRESHOLD, detectBlankPage } from './blank-page.ts';
import { addGrain, addSpecks, renderPage, scannerArtefacts, type TextLine } from './synthetic-pages.ts';

// A4 at 300 dpi: the sizes the defaults are meant for.
const W = 2480;
const H = 3508;

async function scannedSheet(lines: TextLine[], seed: number): Promise<ReturnType<typeof renderPage>> {
  const page = await renderPage({
    width: W,
    height: H,
    lines,
    overlay: scannerArtefacts(W, H, 300),
    paper: '#f4f2ee',
  });
  addGrain(page, 8, seed);
  addSpecks(page, 300, seed + 1, { minSize: 1, maxSize: 4, clearance: 30 });
  return page;
}

void test('an empty sheet with edge shadows, punch holes, grain and dust is blank', async () => {
  const page = await scannedSheet([], 1);
  const v = detectBlankPage(page);
  assert.equal(v.blank, true, `ink ratio ${v.inkRatio}`);
  assert.ok(v.inkRatio < DEFAULT_BLANK_THRESHOLD / 10, `ink ratio ${v.inkRatio}`);
  // Without the margin band the shadows and holes alone would pass for content.
  const full = detectBlankPage(page, { margin: 0 });
  assert.equal(full.blank, false, `ink ratio without margins ${full.inkRatio}`);
});

void test('a sheet with one short line of text is not blank', async () => {
  const page = await scannedSheet([{ text: 'Signed: J. Smith, 12.03.2024', x: 400, y: 1700, size: 42 }], 5);
  const v = detectBlankPage(page);
  assert.equal(v.blank, false, `ink ratio ${v.inkRatio}`);
  assert.ok(v.inkRatio > 2 * DEFAULT_BLANK_THRESHOLD, `ink ratio ${v.inkRatio}`);
  // A stricter threshold set by the user turns it into a blank page.
  assert.equal(detectBlankPage(page, { threshold: v.inkRatio * 1.5 }).blank, true);
});
