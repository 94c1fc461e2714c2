import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../../../src-shared/ocr-result.ts';
import { quarterTurnRaster } from './quarter-turn.ts';
import { estimateSkew, skewFromQuads } from './skew-estimate.ts';
import {
  addGrain,
  addSpecks,
  paragraphLines,
  renderPage,
  scannerArtefacts,
  seededRandom,
} from './synthetic-pages.ts';

// A4 at 150 dpi keeps the renders quick; the 300 dpi page is covered by preprocess-page.test.ts.
const W = 1240;
const H = 1754;

void test('projection profiles find the tilt of a text page within 0.3°', async () => {
  for (const tilt of [-13.7, -6.2, -1.1, -0.35, 0, 0.8, 4.5, 11.9]) {
    const lines = paragraphLines(Math.round(tilt * 10) + 50, {
      x: 150,
      top: 180,
      bottom: 1550,
      size: 21,
      wordsPerLine: 10,
    });
    const page = await renderPage({ width: W, height: H, lines, tilt });
    const est = estimateSkew(page);
    assert.ok(Math.abs(est.degrees - tilt) <= 0.3, `tilt ${tilt}: estimated ${est.degrees}`);
    assert.ok(est.confidence > 0.5, `tilt ${tilt}: confidence ${est.confidence}`);
  }
});

void test('a short text block with scanner shadows and noise still gives its tilt', async () => {
  const tilt = 2.7;
  const lines = paragraphLines(3, { x: 200, top: 400, bottom: 700, size: 21, wordsPerLine: 8 });
  const page = await renderPage({ width: W, height: H, lines, tilt, overlay: scannerArtefacts(W, H, 150) });
  addGrain(page, 10, 1);
  addSpecks(page, 200, 2, { minSize: 1, maxSize: 3, clearance: 10 });
  const est = estimateSkew(page);
  assert.ok(Math.abs(est.degrees - tilt) <= 0.3, `estimated ${est.degrees}`);
});

void test('pages without text lines get no skew: blank, dust and grain, a photo', async () => {
  const blank = await renderPage({ width: W, height: H, lines: [] });
  addGrain(blank, 6, 3);
  assert.deepStrictEqual(estimateSkew(blank), { degrees: 0, confidence: 0 });

  const dusty = await renderPage({ width: W, height: H, lines: [], overlay: scannerArtefacts(W, H, 150) });
  addGrain(dusty, 20, 1);
  addSpecks(dusty, 1500, 2, { minSize: 1, maxSize: 4, clearance: 2 });
  const d = estimateSkew(dusty);
  assert.equal(d.degrees, 0, `dust: ${JSON.stringify(d)}`);

  const photo = await renderPage({
    width: W,
    height: H,
    lines: [],
    overlay:
      '<defs><radialGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/>' +
      '</radialGradient></defs><circle cx="600" cy="800" r="500" fill="url(#g)"/>',
  });
  addGrain(photo, 30, 3);
  const p = estimateSkew(photo);
  assert.equal(p.degrees, 0, `photo: ${JSON.stringify(p)}`);
});

void test('a page scanned a quarter turn off still gives its tilt', async () => {
  const lines = paragraphLines(8, { x: 150, top: 180, bottom: 1550, size: 21, wordsPerLine: 10 });
  const page = await renderPage({ width: W, height: H, lines, tilt: -4 });
  for (const turn of [90, 270] as const) {
    const est = estimateSkew(await quarterTurnRaster(page, turn));
    assert.ok(Math.abs(est.degrees + 4) <= 0.3, `turned ${turn}: ${JSON.stringify(est)}`);
  }
});

void test('one short tilted line is enough', async () => {
  const page = await renderPage({
    width: W,
    height: H,
    lines: [{ text: 'Signed: J. Smith, 12.03.2024', x: 300, y: 800, size: 21 }],
    tilt: 4,
  });
  const est = estimateSkew(page);
  assert.ok(Math.abs(est.degrees - 4) <= 0.3, JSON.stringify(est));
});

/** A text line of `length` px at `deg` clockwise, starting at (x, y), `height` px high, corners from its top-left. */
function lineQuad(x: number, y: number, length: number, height: number, deg: number): Quad {
  const t = (deg * Math.PI) / 180;
  const [ux, uy] = [Math.cos(t), Math.sin(t)];
  const [vx, vy] = [-uy, ux];
  return [
    [x, y],
    [x + ux * length, y + uy * length],
    [x + ux * length + vx * height, y + uy * length + vy * height],
    [x + vx * height, y + vy * height],
  ];
}

void test('skewFromQuads: length-weighted median of the lines, whatever their reading direction', () => {
  const rnd = seededRandom(5);
  const quads: Quad[] = [];
  for (let i = 0; i < 30; i++)
    quads.push(lineQuad(100, 100 + i * 40, 800 + rnd() * 600, 30, 1.8 + (rnd() - 0.5) * 0.2));
  // Short heavy outliers (stamps, a rotated label) and near-square boxes must not move the answer.
  for (let i = 0; i < 10; i++) quads.push(lineQuad(50, 50 + i * 60, 120, 30, -9));
  for (let i = 0; i < 10; i++) quads.push(lineQuad(900, 50 + i * 60, 40, 35, 30));
  const skew = skewFromQuads(quads);
  assert.ok(skew !== undefined && Math.abs(skew - 1.8) < 0.1, `got ${skew}`);

  // The same lines read upside down or turned a quarter (corner order rotated) give the same tilt.
  const turned = quads.map((q, i): Quad =>
    i % 2 === 0 ? [q[2], q[3], q[0], q[1]] : [q[3], q[0], q[1], q[2]],
  );
  assert.ok(Math.abs(skewFromQuads(turned)! - skew) < 1e-9);

  // Long lines beyond ±15° say the page is more than tilted: they are not counted.
  assert.equal(skewFromQuads([lineQuad(0, 0, 900, 30, 25)]), undefined);
  assert.equal(skewFromQuads([]), undefined);
});
