// The real models on a page with a number printed sideways down its margin, letter-spaced as archive stamps are:
// the detector cuts such a number into one box per digit, and the engine must still read it as one line.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RasterImage } from '../documents/raster.ts';
import { quadSize } from './crop.ts';
import { rasterFromSvg } from '../preprocess/synthetic-pages.ts';
import { OcrEngine } from './ocr-engine.ts';

const DPI = 150;
const NUMBER = '83573282';

/** A letter page at 150 dpi: three lines of body text and NUMBER turned 90° clockwise in the right margin. */
async function marginNumberPage(turn: 0 | 180): Promise<RasterImage> {
  const w = Math.round(8.5 * DPI);
  const h = Math.round(11 * DPI);
  const body = [
    'RECEIVED BY THE HARBOUR OFFICE',
    'Date: 14 March 1999',
    'Pier seven closed until further notice',
  ]
    .map(
      (l, i) =>
        `<text x="${DPI}" y="${DPI * 1.5 + i * 40}" font-family="DejaVu Sans Mono" font-size="20">${l}</text>`,
    )
    .join('');
  const [x, y] = [w - DPI * 0.9, h * 0.7];
  const stamp = `<text x="${x}" y="${y}" transform="rotate(90 ${x} ${y})" font-family="DejaVu Sans Mono" font-size="20" letter-spacing="10">${NUMBER}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>${body}${stamp}</svg>`;
  return rasterFromSvg(svg, turn);
}

let engine: OcrEngine;
before(async () => {
  engine = await OcrEngine.create({ provider: 'cpu' });
});
after(async () => engine.close());

for (const turn of [0, 180] as const) {
  void test(`a letter-spaced number printed sideways is read as one vertical line (page turned ${turn}°)`, async () => {
    const page = await engine.recognize(await marginNumberPage(turn));
    assert.equal(page.rotation, turn);
    const lines = page.blocks.flatMap((b) => b.lines);
    const stamp = lines.filter((l) => /\d/.test(l.text) && !l.text.includes('1999'));
    assert.deepEqual(
      stamp.map((l) => l.text),
      [NUMBER],
      `the margin number came out as ${JSON.stringify(stamp.map((l) => l.text))}`,
    );
    const size = quadSize(stamp[0]!.quad);
    assert.ok(size.width > 4 * size.height, 'the line runs along the number, down the page');
    assert.ok(
      stamp[0]!.box[3] - stamp[0]!.box[1] > 4 * (stamp[0]!.box[2] - stamp[0]!.box[0]),
      'its box is tall',
    );
    // The body is untouched.
    assert.ok(lines.some((l) => l.text === 'Pier seven closed until further notice'));
  });
}
