import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeGreedy,
  foldFullWidth,
  groupWords,
  speckDotsAsSpaces,
  type DecodedChar,
} from './ctc-decode.ts';

const CHARS = ['', 'a', 'b', 'c', ' '];

/** Probabilities where each step's argmax is the given class (p = 0.9). */
function seq(classes: number[]): Float32Array {
  const out = new Float32Array(classes.length * CHARS.length).fill(0.025);
  classes.forEach((c, t) => (out[t * CHARS.length + c] = 0.9));
  return out;
}

void test('repeats merge, blanks separate, blanks drop', () => {
  const chars = decodeGreedy(seq([1, 1, 0, 1, 2, 2, 0, 0, 3]), 0, 9, CHARS.length, CHARS);
  assert.equal(chars.map((c) => c.text).join(''), 'aabc');
  assert.deepEqual(
    chars.map((c) => [c.firstStep, c.lastStep]),
    [
      [0, 1],
      [3, 3],
      [4, 5],
      [8, 8],
    ],
  );
});

void test('the space class splits words and survives in the text', () => {
  const line = groupWords(decodeGreedy(seq([1, 2, 0, 4, 4, 0, 3, 1]), 0, 8, CHARS.length, CHARS), 8);
  assert.equal(line.text, 'ab ca');
  assert.deepEqual(
    line.words.map((w) => w.text),
    ['ab', 'ca'],
  );
  assert.ok(Math.abs(line.confidence - 0.9) < 1e-6);
});

void test('decoding reads from an offset and only the given steps (padding is ignored)', () => {
  const two = new Float32Array([...seq([1, 2]), ...seq([3, 3, 3])]);
  const chars = decodeGreedy(two, 2 * CHARS.length, 2, CHARS.length, CHARS);
  assert.equal(chars.map((c) => c.text).join(''), 'c');
});

void test('leading, trailing and doubled spaces give no empty words', () => {
  const line = groupWords(decodeGreedy(seq([4, 1, 0, 4, 0, 4, 2, 4]), 0, 8, CHARS.length, CHARS), 8);
  assert.deepEqual(
    line.words.map((w) => w.text),
    ['a', 'b'],
  );
  assert.equal(line.text, 'a b');
});

void test('a space the blank out-voted still separates words when its probability is high enough', () => {
  // a _ _ b c: the space class reaches 0.3 on the second blank step; b and c touch (no gap step).
  const probs = seq([1, 0, 0, 2, 3]);
  probs[2 * CHARS.length + 0] = 0.6;
  probs[2 * CHARS.length + 4] = 0.3;
  const chars = decodeGreedy(probs, 0, 5, CHARS.length, CHARS);
  assert.deepEqual(
    chars.map((c) => [c.text, Math.round(c.spaceBefore * 1000) / 1000]),
    [
      ['a', 0],
      ['b', 0.3],
      ['c', 0],
    ],
  );
  assert.deepEqual(
    groupWords(chars, 5).words.map((w) => w.text),
    ['a', 'bc'],
  );
  // Under the threshold the characters stay one word.
  assert.deepEqual(
    groupWords(chars, 5, 0.5).words.map((w) => w.text),
    ['abc'],
  );
});

/** Decoded characters of `text`, one every two steps, none after a space-class step. */
const line = (text: string): DecodedChar[] =>
  [...text].map((c, i) => ({
    text: c,
    confidence: 0.9,
    firstStep: 2 * i,
    lastStep: 2 * i,
    spaceBefore: 0,
  }));

void test('full-width ASCII forms become ASCII in Latin lines and stay in Chinese ones', () => {
  const text = (chars: readonly DecodedChar[]): string => chars.map((c) => c.text).join('');
  assert.equal(text(foldFullWidth(line('Lemon （Hot）'))), 'Lemon (Hot)');
  assert.equal(text(foldFullWidth(line('WEIGHT：100ｇ，！～'))), 'WEIGHT:100g,!~');
  // Positions and confidences are the characters' own.
  assert.deepEqual(
    foldFullWidth(line('a：')).map((c) => [c.firstStep, c.confidence]),
    [
      [0, 0.9],
      [2, 0.9],
    ],
  );
  assert.equal(text(foldFullWidth(line('干炒海鲜河粉（大）'))), '干炒海鲜河粉（大）');
  assert.equal(text(foldFullWidth(line('ＴＯＴＡＬ：　会計'))), 'ＴＯＴＡＬ：　会計');
  const plain = line('nothing to do (here)');
  assert.equal(foldFullWidth(plain), plain);
});

void test('a middle dot between two words of a Latin line is read as the space it stands in', () => {
  const words = (text: string): string[] =>
    groupWords(speckDotsAsSpaces(line(text)), 40).words.map((w) => w.text);
  assert.deepEqual(words('is·intended to·the 3·4'), ['is', 'intended', 'to', 'the', '3', '4']);
  // Set off by spaces, at an edge, in Catalan's l·l, or in a Chinese line it is a real dot.
  assert.deepEqual(words('SUITE 2900 · SEATTLE'), ['SUITE', '2900', '·', 'SEATTLE']);
  assert.deepEqual(words('·end col·lecció'), ['·end', 'col·lecció']);
  assert.deepEqual(words('约翰·史密斯'), ['约翰·史密斯']);
  const plain = line('nothing to do');
  assert.equal(speckDotsAsSpaces(plain), plain);
});
