import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../../../src-shared/ocr-result.ts';
import { pageRotation, textRotation, turnQuad } from './page-orientation.ts';

const upright: Quad = [
  [0, 0],
  [100, 0],
  [100, 20],
  [0, 20],
];

void test('text rotation follows the reading direction of the quad', () => {
  assert.equal(textRotation(upright), 0);
  assert.equal(textRotation(turnQuad(upright, 2)), 180);
  // A vertical box read top to bottom: text turned 90° clockwise.
  assert.equal(
    textRotation([
      [20, 0],
      [20, 100],
      [0, 100],
      [0, 0],
    ]),
    90,
  );
  assert.equal(
    textRotation([
      [0, 100],
      [0, 0],
      [20, 0],
      [20, 100],
    ]),
    270,
  );
});

void test('the page turns back by the majority rotation, weighted by line length', () => {
  const flipped = turnQuad(upright, 2);
  assert.equal(pageRotation([upright, upright]), 0);
  assert.equal(pageRotation([flipped, flipped, upright]), 180);
  const down: Quad = [
    [20, 0],
    [20, 300],
    [0, 300],
    [0, 0],
  ];
  assert.equal(pageRotation([down, upright]), 270);
  assert.equal(pageRotation([]), 0);
});
