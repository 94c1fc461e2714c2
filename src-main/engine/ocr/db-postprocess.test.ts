import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxesFromProbabilityMap, DEFAULT_DB_PARAMS, meanInsideQuad, textRegions } from './db-postprocess.ts';
import { quadToBox } from './geometry.ts';

/** A probability map with filled rectangles [x0, y0, x1, y1) at value p. */
function map(w: number, h: number, rects: Array<[number, number, number, number, number]>): Float32Array {
  const m = new Float32Array(w * h);
  for (const [x0, y0, x1, y1, p] of rects)
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * w + x] = p;
  return m;
}

void test('separate blobs become separate regions; 8-connected pixels join', () => {
  const m = map(40, 20, [
    [2, 2, 10, 6, 0.9],
    [20, 2, 30, 6, 0.9],
    [10, 6, 11, 7, 0.9],
  ]);
  assert.equal(textRegions(m, 40, 20, 0.3).length, 2);
});

void test('a text kernel is scored, unclipped and scaled to page pixels', () => {
  // Kernel 40×6 map pixels at (10,10); page is twice the map's size.
  const m = map(64, 32, [[10, 10, 50, 16, 0.95]]);
  const boxes = boxesFromProbabilityMap(m, 64, 32, 2, 2, 128, 64);
  assert.equal(boxes.length, 1);
  const [x0, y0, x1, y1] = quadToBox(boxes[0]!.quad);
  // Boundary centres span 39×5; unclip distance = 39*5*ratio/(2*(39+5)) on each side.
  const d = (39 * 5 * DEFAULT_DB_PARAMS.unclipRatio) / 88;
  assert.ok(Math.abs(x0 - (10 - d) * 2) < 1e-6 && Math.abs(x1 - (49 + d) * 2) < 1e-6, `${x0} ${x1}`);
  assert.ok(Math.abs(y0 - (10 - d) * 2) < 1e-6 && Math.abs(y1 - (15 + d) * 2) < 1e-6, `${y0} ${y1}`);
  assert.ok(boxes[0]!.score > 0.9);
});

void test('weak and tiny regions are dropped', () => {
  const m = map(64, 32, [
    [5, 5, 40, 12, 0.4],
    [50, 20, 52, 22, 0.99],
  ]);
  assert.equal(boxesFromProbabilityMap(m, 64, 32, 1, 1, 64, 32, DEFAULT_DB_PARAMS).length, 0);
});

void test('boxes are clamped to the page', () => {
  const m = map(32, 32, [[0, 0, 32, 8, 0.9]]);
  const [b] = boxesFromProbabilityMap(m, 32, 32, 1, 1, 32, 32);
  const [x0, y0, x1, y1] = quadToBox(b!.quad);
  assert.ok(x0 >= 0 && y0 >= 0 && x1 <= 32 && y1 <= 32);
});

void test('meanInsideQuad averages only inside the polygon', () => {
  const m = map(10, 10, [[0, 0, 5, 10, 1]]);
  assert.equal(
    meanInsideQuad(m, 10, 10, [
      [0, 0],
      [4, 0],
      [4, 9],
      [0, 9],
    ]),
    1,
  );
  assert.equal(
    meanInsideQuad(m, 10, 10, [
      [0, 0],
      [9, 0],
      [9, 9],
      [0, 9],
    ]),
    0.5,
  );
});
