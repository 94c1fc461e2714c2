import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PreprocessRecordSchema, type Quad } from '../../../src-shared/ocr-result.ts';
import { isBilevel } from './colour-class.ts';
import { PreprocessOptionsSchema, preprocessOptionsFromJob } from './preprocess-options.ts';
import { MIN_DESKEW_DEGREES, preprocessPage } from './preprocess-page.ts';
import { estimateSkew } from './skew-estimate.ts';
import { addGrain, addSpecks, paragraphLines, renderPage, scannerArtefacts } from './synthetic-pages.ts';

const W = 2480;
const H = 3508;

void test('a tilted, noisy A4 page at 300 dpi: every step, recorded, with timings', async (t) => {
  const tilt = -3.2;
  const lines = paragraphLines(9, { x: 260, top: 320, bottom: 3150, size: 42, wordsPerLine: 9 });
  const page = await renderPage({ width: W, height: H, lines, tilt, overlay: scannerArtefacts(W, H, 300) });
  addGrain(page, 6, 2);
  addSpecks(page, 300, 3, { minSize: 1, maxSize: 4, clearance: 30 });

  const out = await preprocessPage(
    page,
    { deskew: true, despeckle: true, binarize: true, removeBlank: { threshold: 0.0002 } },
    { dpi: 300 },
  );
  t.diagnostic(`timings (ms): ${JSON.stringify(out.timings)}`);
  const r = PreprocessRecordSchema.parse(out.record);
  assert.ok(Math.abs(r.deskewDegrees! - tilt) <= 0.3, `deskew ${r.deskewDegrees}`);
  assert.equal(r.despeckle, true);
  assert.equal(r.binarize, true);
  assert.equal(r.blank, false);
  assert.ok(r.inkRatio! > 0.01, `ink ${r.inkRatio}`);
  assert.equal(r.autoRotate, undefined);
  assert.equal(out.image.width, W);
  assert.equal(out.image.height, H);
  assert.ok(isBilevel(out.image));
  assert.ok(Math.abs(estimateSkew(out.image).degrees) <= 0.3);
});

void test('autoRotate turns the page by the engine’s rotation, and only when it has one', async () => {
  const page = await renderPage({
    width: 300,
    height: 200,
    lines: [{ text: 'upright', x: 20, y: 100, size: 40 }],
  });
  const turned = await preprocessPage(page, { autoRotate: true }, { rotation: 270 });
  assert.deepStrictEqual(turned.record, { autoRotate: 270 });
  assert.equal(turned.image.width, 200);
  assert.equal(turned.image.height, 300);
  const none = await preprocessPage(page, { autoRotate: true });
  assert.deepStrictEqual(none.record, {});
  assert.equal(none.image, page);
});

void test('deskew takes its angle from detected lines when given, and leaves tiny tilts alone', async () => {
  const lines = paragraphLines(4, { x: 100, top: 100, bottom: 700, size: 21, wordsPerLine: 8 });
  const page = await renderPage({ width: 900, height: 800, lines });
  const quad = (y: number, deg: number): Quad => {
    const r = (deg * Math.PI) / 180;
    return [
      [100, y],
      [100 + 600 * Math.cos(r), y + 600 * Math.sin(r)],
      [100 + 600 * Math.cos(r) - 20 * Math.sin(r), y + 600 * Math.sin(r) + 20 * Math.cos(r)],
      [100 - 20 * Math.sin(r), y + 20 * Math.cos(r)],
    ];
  };
  const fromQuads = await preprocessPage(
    page,
    { deskew: true },
    { quads: [quad(100, 1.5), quad(200, 1.5), quad(300, 1.4)] },
  );
  assert.equal(fromQuads.record.deskewDegrees, 1.5);
  assert.notEqual(fromQuads.image, page);

  const level = await preprocessPage(page, { deskew: true });
  assert.ok(MIN_DESKEW_DEGREES > 0.05);
  assert.deepStrictEqual(level.record, { deskewDegrees: 0 });
  assert.equal(level.image, page);
});

void test('a blank scan is reported blank without binarising or despeckling the page itself', async () => {
  const page = await renderPage({
    width: 1240,
    height: 1754,
    lines: [],
    overlay: scannerArtefacts(1240, 1754, 150),
  });
  addSpecks(page, 100, 8, { minSize: 1, maxSize: 2, clearance: 20 });
  const before = new Uint8Array(page.data);
  const out = await preprocessPage(page, { removeBlank: { threshold: 0.0002 } }, { dpi: 150 });
  assert.equal(out.record.blank, true);
  assert.ok(out.record.inkRatio! < 0.0002);
  assert.equal(out.record.despeckle, undefined);
  assert.equal(out.image, page);
  assert.deepStrictEqual(page.data, before);
});

void test('options schema: defaults, strictness, and the mapping from job options', () => {
  assert.deepStrictEqual(PreprocessOptionsSchema.parse({ removeBlank: {} }), {
    removeBlank: { threshold: 0.0002 },
  });
  assert.deepStrictEqual(PreprocessOptionsSchema.parse({}), {});
  assert.equal(PreprocessOptionsSchema.safeParse({ deskew: 'yes' }).success, false);
  assert.equal(PreprocessOptionsSchema.safeParse({ despeckel: true }).success, false);
  assert.equal(PreprocessOptionsSchema.safeParse({ removeBlank: { threshold: 0.5 } }).success, false);
  assert.deepStrictEqual(
    preprocessOptionsFromJob({
      deskew: true,
      autoRotate: false,
      binarize: true,
      removeBlankThreshold: 0.001,
    }),
    { deskew: true, binarize: true, removeBlank: { threshold: 0.001 } },
  );
  assert.deepStrictEqual(preprocessOptionsFromJob({ removeBlankThreshold: 0 }), {});
});
