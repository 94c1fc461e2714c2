import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DecodedChar, DecodedLine } from './ctc-decode.ts';
import { characterPitch, splitAtGaps, tightenToInk, wordSpans } from './word-boxes.ts';

const c = (text: string, step: number, spaceBefore = 0): DecodedChar => ({
  text,
  confidence: 0.9,
  firstStep: step,
  lastStep: step,
  spaceBefore,
});
const line = (...words: DecodedChar[][]): DecodedLine => ({
  text: words.map((w) => w.map((x) => x.text).join('')).join(' '),
  confidence: 0.9,
  words: words.map((w) => ({ text: w.map((x) => x.text).join(''), confidence: 0.9, chars: w })),
  steps: 40,
});

/** A 48-high mask with ink in the given column ranges, rows 12..36. */
function mask(width: number, inkCols: Array<[number, number]>): Uint8Array {
  const m = new Uint8Array(width * 48);
  for (const [a, b] of inkCols)
    for (let y = 12; y < 36; y++) for (let x = a; x < b; x++) m[y * width + x] = 1;
  return m;
}

void test('word spans come from character steps and the line pitch', () => {
  const l = line([c('a', 1), c('b', 3), c('c', 5)], [c('d', 9), c('e', 11)]);
  assert.equal(characterPitch(l, 8), 16);
  assert.deepEqual(wordSpans(l, 8, 200), [
    { x0: 4, x1: 52 },
    { x0: 68, x1: 100 },
  ]);
});

/** Letters every 16 px with 3-px gaps; a 20-px blank between the 3rd and 4th letter. */
const WIDE_GAP_COLS: Array<[number, number]> = [
  [2, 15],
  [18, 31],
  [34, 47],
  [67, 80],
  [83, 96],
];

void test('a missed space is split where a wide blank run, a wide step and a trace of the space class show it', () => {
  const l = line([c('A', 1), c('B', 3), c('C', 5), c('D', 9, 0.06), c('E', 11)]);
  const out = splitAtGaps(l, mask(120, WIDE_GAP_COLS), 120, 48, 8);
  assert.equal(out.text, 'ABC DE');
});

void test('a wide blank inside a word is kept when the recogniser saw no space there (tabular digits)', () => {
  // The same geometry as above, but the space class stayed at 0.0001 in the gap, as inside "4711".
  const l = line([c('4', 1), c('7', 3), c('1', 5), c('1', 9, 0.0001), c('0', 11)]);
  assert.equal(splitAtGaps(l, mask(120, WIDE_GAP_COLS), 120, 48, 8).text, '47110');
});

void test('a clear blank run with a strong trace of the space class splits even at the usual pitch', () => {
  // Steps evenly spaced (wide letters after narrow ones keep a word space within the pitch); a 12-px blank.
  const cols: Array<[number, number]> = [
    [2, 15],
    [18, 31],
    [34, 40],
    [56, 63],
    [66, 79],
  ];
  const chars = (space: number): DecodedChar[] => [
    c('T', 1),
    c('o', 3),
    c('t', 5),
    c('a', 7, space),
    c('m', 9),
  ];
  assert.equal(splitAtGaps(line(chars(0.15)), mask(100, cols), 100, 48, 8).text, 'Tot am');
  assert.equal(splitAtGaps(line(chars(0.05)), mask(100, cols), 100, 48, 8).text, 'Totam');
});

void test('evenly spaced letters are never split', () => {
  const cols: Array<[number, number]> = [
    [2, 8],
    [18, 24],
    [34, 40],
    [50, 56],
  ];
  const l = line([c('i', 1), c('l', 3), c('l', 5), c('i', 7)]);
  assert.equal(splitAtGaps(l, mask(80, cols), 80, 48, 8).text, 'illi');
});

void test('tightenToInk finds the ink and ignores ruling lines', () => {
  const w = 100;
  const m = mask(w, [[20, 60]]);
  for (let x = 0; x < w; x++) m[40 * w + x] = 1; // an underline across the strip
  assert.deepEqual(tightenToInk(m, w, 48, 0, w), { x0: 20, x1: 60, y0: 12, y1: 36 });
  assert.equal(tightenToInk(new Uint8Array(w * 48), w, 48, 0, w), undefined);
});
