import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../../../src-shared/ocr-result.ts';
import { detectorInputSize, LARGE_TEXT_PX, largeText, toDetectorTensor, unionDetections } from './detect.ts';

void test('large pages shrink to the limit, sides rounded to multiples of 32', () => {
  assert.deepEqual(detectorInputSize(4961, 7016, 1600, 32), { width: 1120, height: 1600 });
  assert.deepEqual(detectorInputSize(2550, 3300, 1280, 32), { width: 992, height: 1280 });
});

void test('small pages are not enlarged unless asked, and never below one block', () => {
  assert.deepEqual(detectorInputSize(754, 1000, 1600, 32), { width: 768, height: 992 });
  assert.deepEqual(detectorInputSize(754, 1000, 1600, 32, 2), { width: 1216, height: 1600 });
  assert.deepEqual(detectorInputSize(5, 5, 1600, 32), { width: 32, height: 32 });
});

void test('tensor is planar, BGR, mean/std normalised', () => {
  const img = { width: 1, height: 1, channels: 3 as const, data: new Uint8Array([255, 0, 51]) };
  const t = toDetectorTensor(img, { channelOrder: 'bgr', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
  // Plane 0 holds blue (51 → 0.2 → -0.6), plane 2 red (255 → 1 → 1).
  assert.ok(Math.abs(t[0]! - -0.6) < 1e-6);
  assert.ok(Math.abs(t[1]! - -1) < 1e-6);
  assert.ok(Math.abs(t[2]! - 1) < 1e-6);
});

const box = (x: number, y: number, w: number, h: number) => ({
  quad: [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ] as Quad,
  score: 0.9,
});

void test('large text is judged by the median line height, across or down the page, from three lines', () => {
  const lines = (h: number) => [box(0, 0, 300, h), box(0, 60, 250, h + 2), box(0, 120, 280, h - 1)];
  assert.equal(largeText(lines(14)), false, 'FUNSD-sized lines stay upscaled');
  assert.equal(largeText(lines(LARGE_TEXT_PX + 4)), true);
  // A vertical line is as tall as its short side.
  assert.equal(largeText([...lines(14), box(500, 0, 14, 400), box(540, 0, 15, 380)]), false);
  assert.equal(largeText(lines(40).slice(0, 2)), false, 'two lines are too few to judge');
});

void test('the second pass adds only boxes over text the first pass missed', () => {
  const first = [box(100, 100, 300, 20), box(100, 140, 200, 20)];
  const second = [
    box(102, 101, 296, 18), // the same line again
    box(290, 140, 60, 20), // mostly beyond the first pass's box: a word it cut off
    box(120, 300, 80, 16), // faint text the first pass lost
    box(150, 138, 60, 24), // inside a first-pass box
  ];
  const union = unionDetections(first, second);
  assert.deepEqual(union.slice(0, 2), first, 'the first pass is kept as it is, in its order');
  assert.deepEqual(
    union.slice(2).map((d) => d.quad[0]),
    [
      [290, 140],
      [120, 300],
    ],
  );
  assert.deepEqual(unionDetections(first, []), first);
  // A whole line over a word the first pass found alone would read that word twice.
  assert.equal(unionDetections([box(100, 100, 20, 15)], [box(60, 100, 200, 15)]).length, 1);
});
