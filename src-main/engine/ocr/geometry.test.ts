import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Point, Quad } from '../../../src-shared/ocr-result.ts';
import {
  convexHull,
  growRect,
  minAreaRect,
  orderQuad,
  quadToBox,
  rectCorners,
  rotatePoint,
  subQuad,
} from './geometry.ts';

const near = (a: number, b: number, eps = 1e-6): void => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

void test('convex hull drops interior points', () => {
  const hull = convexHull([
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
    [5, 5],
    [3, 7],
  ]);
  assert.equal(hull.length, 4);
  assert.ok(!hull.some(([x, y]) => x === 5 && y === 5));
});

void test('minAreaRect of an axis-aligned box is the box', () => {
  const pts: Point[] = [];
  for (let x = 10; x <= 50; x++) for (const y of [20, 30]) pts.push([x, y]);
  const r = minAreaRect(pts);
  near(r.width * r.height, 40 * 10);
  near(r.center[0], 30);
  near(r.center[1], 25);
});

void test('minAreaRect recovers a rotated rectangle', () => {
  const a = (30 * Math.PI) / 180;
  const pts: Point[] = [];
  for (let u = 0; u <= 100; u += 5)
    for (const v of [0, 20]) pts.push([u * Math.cos(a) - v * Math.sin(a), u * Math.sin(a) + v * Math.cos(a)]);
  const r = minAreaRect(pts);
  near(Math.max(r.width, r.height), 100, 1e-6);
  near(Math.min(r.width, r.height), 20, 1e-6);
});

void test('growRect adds the distance on every side', () => {
  const r = growRect({ center: [0, 0], axis: [1, 0], width: 10, height: 4 }, 2);
  assert.deepEqual([r.width, r.height], [14, 8]);
});

void test('orderQuad gives top-left, top-right, bottom-right, bottom-left whatever the input order', () => {
  const corners = rectCorners({ center: [50, 20], axis: [1, 0], width: 100, height: 40 });
  for (let k = 0; k < 4; k++) {
    const q = orderQuad([...corners.slice(k), ...corners.slice(0, k)]);
    assert.deepEqual(q, [
      [0, 0],
      [100, 0],
      [100, 40],
      [0, 40],
    ]);
  }
});

void test('subQuad maps strip fractions into the page and quadToBox bounds it', () => {
  const q: Quad = [
    [10, 10],
    [110, 10],
    [110, 30],
    [10, 30],
  ];
  assert.deepEqual(quadToBox(subQuad(q, 0.5, 1, 0.25, 0.75)), [60, 15, 110, 25]);
});

void test('rotatePoint maps corners of a W×H image onto the rotated image', () => {
  const w = 200;
  const h = 100;
  assert.deepEqual(rotatePoint([0, 0], 90, w, h), [100, 0]);
  assert.deepEqual(rotatePoint([200, 100], 90, w, h), [0, 200]);
  assert.deepEqual(rotatePoint([0, 0], 180, w, h), [200, 100]);
  assert.deepEqual(rotatePoint([0, 0], 270, w, h), [0, 200]);
});
