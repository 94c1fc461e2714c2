import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../../../src-shared/ocr-result.ts';
import type { RasterImage } from '../documents/raster.ts';
import { cropStrip, fitStrip, rotateStrip180 } from './crop.ts';
import { turnQuad } from './page-orientation.ts';

/** A page with a deterministic, non-symmetric pattern. */
function page(width: number, height: number): RasterImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = (x * 7 + y * 3) % 256;
      data[o + 1] = (x * y) % 251;
      data[o + 2] = (x + 2 * y) % 256;
    }
  return { width, height, channels: 3, data };
}

const mean = (img: RasterImage): number => img.data.reduce((s, v) => s + v, 0) / img.data.length;

void test('a line read the other way round is its strip turned by 180° (the engine cuts each line once)', () => {
  const p = page(300, 120);
  const q: Quad = [
    [20.5, 30],
    [260, 41.25],
    [258, 88],
    [18.5, 76.75],
  ];
  for (const [w, h] of [
    [240, 48], // upscaled: one sample per pixel
    [96, 24], // downscaled: several samples per pixel
  ] as const) {
    const turned = cropStrip(p, turnQuad(q, 2), w, h).data;
    const rotated = rotateStrip180(cropStrip(p, q, w, h)).data;
    // The same samples in the other order: only float rounding may move a value by one.
    let off = 0;
    for (let i = 0; i < turned.length; i++) {
      assert.ok(Math.abs(turned[i]! - rotated[i]!) <= 1, `value ${i}: ${turned[i]} vs ${rotated[i]}`);
      if (turned[i] !== rotated[i]) off++;
    }
    assert.ok(off < turned.length / 1000, `${off} values differ`);
  }
});

void test('fitStrip keeps the aspect ratio within the width and squeezes longer strips into it', () => {
  const p = page(400, 48);
  const short = fitStrip({ ...p, width: 100, data: p.data.slice(0, 100 * 48 * 3) }, 192, 48);
  assert.equal(short.width, 100);
  const squeezed = fitStrip(p, 192, 48);
  assert.equal(squeezed.width, 192);
  assert.equal(squeezed.height, 48);
  // Area averaging keeps the strip's overall brightness.
  assert.ok(Math.abs(mean(squeezed) - mean(p)) < 1.5, `${mean(squeezed)} vs ${mean(p)}`);
  const halved = fitStrip(p, 400, 24);
  assert.deepEqual([halved.width, halved.height], [200, 24]);
  assert.ok(Math.abs(mean(halved) - mean(p)) < 1.5);
});
