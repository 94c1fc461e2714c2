import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RasterImage } from '../documents/raster.ts';
import { greyDownscale, greyPlane, halveGrey } from './grey-plane.ts';
import { seededRandom } from './synthetic-pages.ts';

function randomRaster(width: number, height: number, seed: number): RasterImage {
  const rnd = seededRandom(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rnd() * 256);
  return { width, height, channels: 3, data };
}

void test('downscaled luma is the block mean of full-resolution luma (within rounding)', () => {
  const img = randomRaster(37, 29, 1);
  const full = greyPlane(img);
  for (const f of [1, 2, 3, 4]) {
    const small = greyDownscale(img, f);
    assert.equal(small.width, Math.floor(37 / f));
    assert.equal(small.height, Math.floor(29 / f));
    for (let y = 0; y < small.height; y++) {
      for (let x = 0; x < small.width; x++) {
        let s = 0;
        for (let dy = 0; dy < f; dy++)
          for (let dx = 0; dx < f; dx++) s += full.data[(y * f + dy) * 37 + x * f + dx]!;
        assert.ok(Math.abs(small.data[y * small.width + x]! - s / (f * f)) <= 1, `f=${f} at ${x},${y}`);
      }
    }
  }
  const half = halveGrey(full);
  assert.deepStrictEqual([half.width, half.height], [18, 14]);
  assert.equal(half.data[0], (full.data[0]! + full.data[1]! + full.data[37]! + full.data[38]! + 2) >> 2);
});
