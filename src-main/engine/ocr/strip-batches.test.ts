import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchByWidth } from './strip-batches.ts';

void test('every strip lands in exactly one batch, padded to a stride multiple', () => {
  const widths = [100, 400, 120, 390, 105, 800, 33];
  const batches = batchByWidth(widths, 3, 8, 0);
  assert.deepEqual(batches.flatMap((b) => b.indices).sort(), [0, 1, 2, 3, 4, 5, 6]);
  for (const b of batches) {
    assert.equal(b.width % 8, 0);
    assert.ok(b.indices.length <= 3);
    for (const i of b.indices) assert.ok(widths[i]! <= b.width);
  }
});

void test('strips of very different widths are not padded into one batch', () => {
  const batches = batchByWidth([100, 1000], 8, 8, 0);
  assert.equal(batches.length, 2);
});

void test('similar widths share a batch and the minimum width applies', () => {
  const batches = batchByWidth([100, 110, 120], 8, 8, 320);
  assert.equal(batches.length, 1);
  assert.equal(batches[0]!.width, 320);
});
