import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Quad } from '../../../src-shared/ocr-result.ts';
import { columnQuad, stackedGlyphColumns } from './stacked-glyphs.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Quad => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

/** `n` boxes `w` wide and `h` tall down from `y`, each starting `pitch` below the last (as DB cuts them). */
function stack(x: number, y: number, n: number, w: number, h: number, pitch: number): Quad[] {
  return Array.from({ length: n }, (_, i) => rect(x, y + i * pitch, x + w, y + i * pitch + h));
}

void test('a margin number cut into one box per sideways digit is one column, top to bottom', () => {
  // As the detector cut FUNSD 83573282's archive number: 21 × 15 boxes, each overlapping the next by a pixel.
  const body = [rect(100, 800, 600, 815), rect(100, 830, 620, 845)];
  const digits = stack(656, 833, 8, 21, 15, 14);
  const quads = [...body, ...digits.slice(4), ...digits.slice(0, 4)];
  const columns = stackedGlyphColumns(quads);
  assert.deepEqual(columns, [[6, 7, 8, 9, 2, 3, 4, 5]]);
  assert.deepEqual(columnQuad(quads, columns[0]!), rect(656, 833, 677, 946));
});

void test('upright digits stacked in rows (a receipt quantity column) are not a column', () => {
  // SROIE's stacked quantities: 20 × 24 boxes, taller than wide.
  assert.deepEqual(stackedGlyphColumns(stack(239, 529, 3, 20, 24, 23)), []);
});

void test('a column needs three pieces, and a box it meets elsewhere makes it part of a table', () => {
  assert.deepEqual(stackedGlyphColumns(stack(656, 833, 2, 21, 15, 14)), []);
  const crossing = [...stack(656, 833, 5, 21, 15, 14), rect(600, 850, 700, 862)];
  assert.deepEqual(stackedGlyphColumns(crossing), []);
});

void test('words side by side in a row, or a wide gap in the stack, end a column', () => {
  assert.deepEqual(
    stackedGlyphColumns([rect(100, 100, 130, 114), rect(135, 100, 165, 114), rect(170, 100, 200, 114)]),
    [],
  );
  const split = [...stack(656, 100, 4, 21, 15, 14), ...stack(656, 200, 3, 21, 15, 14)];
  assert.deepEqual(stackedGlyphColumns(split), [
    [0, 1, 2, 3],
    [4, 5, 6],
  ]);
});

void test('a piece holding several sideways glyphs joins the column; tall pieces alone do not make one', () => {
  const mixed = [rect(756, 766, 775, 797), ...stack(757, 795, 3, 19, 15, 14), rect(756, 836, 775, 866)];
  assert.deepEqual(stackedGlyphColumns(mixed), [[0, 1, 2, 3, 4]]);
  // Vertical lines the engine reads as they are: nothing to join.
  assert.deepEqual(stackedGlyphColumns(stack(700, 100, 3, 19, 40, 42)), []);
});

void test('boxes of different widths or offset across are not one column', () => {
  const widths = [rect(656, 100, 677, 115), rect(656, 114, 700, 129), rect(656, 128, 677, 143)];
  assert.deepEqual(stackedGlyphColumns(widths), []);
  const offset = [rect(656, 100, 677, 115), rect(668, 114, 689, 129), rect(680, 128, 701, 143)];
  assert.deepEqual(stackedGlyphColumns(offset), []);
});
