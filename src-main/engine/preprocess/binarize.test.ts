import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RasterImage } from '../documents/raster.ts';
import { binarize, sauvolaMask } from './binarize.ts';
import { classifyColour, isBilevel, isGrey } from './colour-class.ts';
import { greyPlane } from './grey-plane.ts';
import { addGrain, renderPage } from './synthetic-pages.ts';

const W = 1200;
const H = 700;
const SHADOW =
  '<defs><linearGradient id="s" x1="0" x2="1"><stop offset="0" stop-color="#000" stop-opacity="0.75"/>' +
  '<stop offset="1" stop-color="#000" stop-opacity="0"/></linearGradient></defs>' +
  `<rect x="0" y="0" width="${W / 2}" height="${H}" fill="url(#s)"/>`;

void test('Sauvola keeps text under a heavy shadow and drops the shadow itself', async () => {
  const lines = [0, 1, 2, 3, 4].map((i) => ({
    text: 'shadowed words on uneven paper',
    x: 40,
    y: 120 + i * 110,
    size: 50,
  }));
  const clean = await renderPage({ width: W, height: H, lines });
  const page = await renderPage({ width: W, height: H, lines, overlay: SHADOW });
  addGrain(page, 8, 4);
  const out = binarize(page);
  assert.ok(isBilevel(out));
  const truth = greyPlane(clean).data;
  const got = greyPlane(out).data;
  let text = 0;
  let textHit = 0;
  let paper = 0;
  let paperInk = 0;
  for (let i = 0; i < truth.length; i++) {
    if (truth[i]! < 80) {
      text++;
      if (got[i] === 0) textHit++;
    } else if (truth[i] === 255) {
      paper++;
      if (got[i] === 0) paperInk++;
    }
  }
  // Solid glyph cores come out black, also where the shadow is darker than the text's antialiased edges.
  assert.ok(textHit / text > 0.97, `text kept ${(textHit / text).toFixed(3)}`);
  assert.ok(paperInk / paper < 0.01, `paper turned to ink ${(paperInk / paper).toFixed(4)}`);
  // A global threshold cannot do this: the darkest paper is darker than the lightest text core.
  const g = greyPlane(page).data;
  let darkestPaper = 255;
  for (let i = 0; i < truth.length; i++) if (truth[i] === 255 && g[i]! < darkestPaper) darkestPaper = g[i]!;
  assert.ok(darkestPaper < 80, `shadow too light to prove anything (${darkestPaper})`);
});

void test('strokes wider than the window are not hollowed out', async () => {
  const page = await renderPage({
    width: 400,
    height: 300,
    lines: [],
    overlay: '<rect x="100" y="80" width="200" height="140" fill="#1a1a1a"/>',
  });
  const mask = sauvolaMask(greyPlane(page));
  assert.equal(mask[150 * 400 + 200], 1);
  let n = 0;
  for (const v of mask) n += v;
  assert.equal(n, 200 * 140);
});

function raster(width: number, height: number, fill: (i: number) => [number, number, number]): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(fill(i), i * 3);
  return { width, height, channels: 3, data };
}

void test('colour classes: bilevel, grey, colour', () => {
  const bw = raster(50, 40, (i) => (i % 7 === 0 ? [0, 0, 0] : [255, 255, 255]));
  const grey = raster(50, 40, (i) => [i % 256, i % 256, i % 256]);
  const jpegGrey = raster(50, 40, (i) => [i % 256, Math.min(255, (i % 256) + 1), i % 256]);
  const colour = raster(50, 40, (i) => (i === 1999 ? [200, 10, 10] : [255, 255, 255]));
  assert.equal(classifyColour(bw), 'bilevel');
  assert.equal(classifyColour(grey), 'grey');
  assert.equal(classifyColour(jpegGrey), 'grey');
  assert.equal(classifyColour(colour), 'colour');
  assert.ok(isBilevel(bw) && isGrey(bw));
  assert.ok(!isBilevel(grey) && isGrey(grey));
  assert.ok(!isGrey(jpegGrey, 0));
  assert.ok(!isGrey(colour) && !isBilevel(colour));
  // A nearly bilevel scan is bilevel only when the caller accepts the loss.
  const almost = raster(50, 40, (i) => (i % 7 === 0 ? [3, 3, 3] : [252, 252, 252]));
  assert.ok(!isBilevel(almost));
  assert.ok(isBilevel(almost, 4));
});
