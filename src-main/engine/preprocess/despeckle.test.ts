import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sauvolaMask } from './binarize.ts';
import { DEFAULT_DESPECKLE, despeckle, removeSpecksFromMask } from './despeckle.ts';
import { greyPlane } from './grey-plane.ts';
import { inkComponents } from './ink-components.ts';
import { addSpecks, renderPage, type TextLine } from './synthetic-pages.ts';

// 300 dpi sizes: 8 pt type is 33 px, 10 pt is 42 px.
const LINES: TextLine[] = [
  { text: 'Mississippi limits: i.i.i. ; j! is it? i, j, ... fin.', x: 60, y: 120, size: 33 },
  { text: 'Total due. Paid in full, initialled, dated: 1.1.2024.', x: 60, y: 200, size: 33 },
  { text: 'Chapter 1 . . . . . . . . . . . . . . . . . . . . . 5', x: 60, y: 300, size: 42 },
  { text: 'Index i ii iii iv: minimal, filial, quick.', x: 60, y: 400, size: 42 },
];
const W = 1400;
const H = 900;

void test('despeckle removes isolated specks and keeps i dots, periods and dot leaders', async () => {
  const clean = await renderPage({ width: W, height: H, lines: LINES, paper: '#ececec' });
  const noisy = { ...clean, data: new Uint8Array(clean.data) };
  const specks = addSpecks(noisy, 400, 11, {
    minSize: 1,
    maxSize: 4,
    clearance: DEFAULT_DESPECKLE.isolation + 5,
  });
  assert.ok(specks.length > 300, `only ${specks.length} specks placed`);

  const mask = sauvolaMask(greyPlane(noisy));
  const before = inkComponents(mask, W, H).count;
  const out = despeckle(noisy, mask);
  assert.ok(out.removed >= specks.length * 0.98, `removed ${out.removed} of ${specks.length}`);
  assert.ok(before - out.removed > 0);

  for (const s of specks) {
    for (let y = s.y; y < s.y + s.size; y++) {
      for (let x = s.x; x < s.x + s.size; x++) {
        assert.equal(out.mask[y * W + x], 0, `speck at ${s.x},${s.y} still ink`);
        // Painted in the paper's tone, not white.
        assert.ok(
          Math.abs(out.image.data[(y * W + x) * 3]! - 0xec) <= 6,
          `speck at ${s.x},${s.y} painted wrong`,
        );
      }
    }
  }

  // Every mark of the clean text (each letter, each i dot, each period, each leader dot) is still there.
  const cleanMask = sauvolaMask(greyPlane(clean));
  const marks = inkComponents(cleanMask, W, H);
  const smallest = Math.min(...Array.from(marks.area));
  assert.ok(
    smallest <= DEFAULT_DESPECKLE.maxArea,
    `fixture has no speck-sized marks (smallest ${smallest} px)`,
  );
  const kept = new Int32Array(marks.count);
  for (let i = 0; i < marks.runCount; i++) {
    const o = marks.runY[i]! * W;
    for (let x = marks.runX0[i]!; x < marks.runX1[i]!; x++) kept[marks.runComponent[i]!]! += out.mask[o + x]!;
  }
  for (let c = 0; c < marks.count; c++) {
    assert.ok(
      kept[c]! >= 0.9 * marks.area[c]!,
      `mark at ${marks.x0[c]},${marks.y0[c]} (${marks.area[c]} px) lost: ${kept[c]} px left`,
    );
  }
});

void test('a clean page comes back unchanged', async () => {
  const clean = await renderPage({ width: W, height: H, lines: LINES });
  const mask = sauvolaMask(greyPlane(clean));
  const out = despeckle(clean, mask);
  assert.equal(out.removed, 0);
  assert.equal(out.image, clean);
  const m = removeSpecksFromMask(mask, W, H);
  assert.equal(m.removed, 0);
  assert.deepStrictEqual(m.mask, mask);
});

void test('blobs larger than the size threshold stay even when isolated', async () => {
  const page = await renderPage({
    width: 300,
    height: 300,
    lines: [],
    overlay: '<circle cx="150" cy="150" r="5" fill="#000"/>',
  });
  const specks = addSpecks(page, 5, 3, { minSize: 2, maxSize: 2, clearance: 20 });
  const out = despeckle(page, sauvolaMask(greyPlane(page)));
  assert.equal(out.removed, specks.length);
  assert.equal(out.mask[150 * 300 + 150], 1);
});
