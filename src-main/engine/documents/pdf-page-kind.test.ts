import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyPage, pageContentStats, type PageContentStats } from './pdf-page-kind.ts';

// pdf.js 5.6 operator codes, as its OPS table names them.
const OPS = {
  save: 10,
  restore: 11,
  transform: 12,
  endPath: 28,
  fill: 22,
  setTextRenderingMode: 38,
  showText: 44,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  beginAnnotation: 80,
  endAnnotation: 81,
  paintImageXObject: 85,
  constructPath: 91,
};
const VIEW = [0, 0, 612, 792] as const;
const glyphs = (s: string): unknown[] => Array.from(s, (ch) => ({ unicode: ch, isSpace: ch === ' ' }));

function stats(ops: Array<[number, unknown]>): PageContentStats {
  return pageContentStats(
    ops.map((o) => o[0]),
    ops.map((o) => o[1]),
    OPS,
    VIEW,
  );
}

const base: PageContentStats = {
  visibleChars: 0,
  unmappedChars: 0,
  invisibleChars: 0,
  images: 0,
  imageCoverage: 0,
  otherPaint: false,
};

void test('render modes follow the graphics state: Tr 3 inside q…Q does not leak out', () => {
  const s = stats([
    [OPS.save, null],
    [OPS.setTextRenderingMode, [3]],
    [OPS.showText, [glyphs('hidden words')]],
    [OPS.restore, null],
    [OPS.showText, [glyphs('seen')]],
    [OPS.setTextRenderingMode, [7]],
    [OPS.showText, [[...glyphs('clip'), -120]]],
  ]);
  assert.deepEqual([s.visibleChars, s.invisibleChars], [4, 15]);
});

void test('image coverage follows cm and form matrices, clipped to the page', () => {
  const s = stats([
    [OPS.save, null],
    [OPS.transform, [612, 0, 0, 792, 0, 0]],
    [OPS.paintImageXObject, ['img1', 100, 100]],
    [OPS.restore, null],
    [
      OPS.paintFormXObjectBegin,
      [
        [2, 0, 0, 2, 500, 700],
        [0, 0, 100, 100],
      ],
    ],
    [OPS.transform, [100, 0, 0, 100, 0, 0]],
    [OPS.paintImageXObject, ['img2', 10, 10]],
    [OPS.paintFormXObjectEnd, null],
  ]);
  assert.equal(s.images, 2);
  assert.equal(s.imageCoverage, 1);
  const small = stats([
    [OPS.transform, [61.2, 0, 0, 79.2, 0, 0]],
    [OPS.paintImageXObject, ['img', 10, 10]],
  ]);
  assert.ok(Math.abs(small.imageCoverage - 0.01) < 1e-9);
});

void test('annotation text and path painting count as drawn content, clips do not', () => {
  const s = stats([
    [OPS.beginAnnotation, ['a1']],
    [OPS.showText, [glyphs('form value')]],
    [OPS.endAnnotation, null],
    [OPS.constructPath, [OPS.endPath, [null], null]],
  ]);
  assert.deepEqual([s.visibleChars, s.otherPaint], [0, true]);
  assert.equal(stats([[OPS.constructPath, [OPS.endPath, [null], null]]]).otherPaint, false);
  assert.equal(stats([[OPS.constructPath, [OPS.fill, [null], null]]]).otherPaint, true);
});

void test('glyphs without Unicode are counted as unmapped', () => {
  const s = stats([
    [OPS.showText, [[{ unicode: '\ue001' }, { unicode: '' }, { unicode: 'a' }, { unicode: '\ufffd' }]]],
  ]);
  assert.deepEqual([s.visibleChars, s.unmappedChars], [4, 3]);
});

void test('classification', () => {
  const kind = (s: Partial<PageContentStats>): string => classifyPage({ ...base, ...s }).kind;
  assert.equal(kind({ visibleChars: 500 }), 'text');
  assert.equal(kind({ invisibleChars: 500, images: 1, imageCoverage: 1 }), 'ocr-text');
  assert.equal(kind({ images: 1, imageCoverage: 1 }), 'scan');
  assert.equal(kind({ otherPaint: true }), 'scan');
  assert.equal(kind({}), 'empty');
  // A page number stamped on a scan is not born-digital text; a captioned full-page figure with real text is.
  assert.equal(kind({ visibleChars: 3, images: 1, imageCoverage: 0.95 }), 'scan');
  assert.equal(kind({ visibleChars: 3, invisibleChars: 900, images: 1, imageCoverage: 0.95 }), 'ocr-text');
  assert.equal(kind({ visibleChars: 400, images: 1, imageCoverage: 0.95 }), 'text');
  // Text that cannot be read back (no ToUnicode) is no better than a picture of it.
  const v = classifyPage({ ...base, visibleChars: 100, unmappedChars: 90 });
  assert.deepEqual(v, { kind: 'scan', unreadableText: true });
});
