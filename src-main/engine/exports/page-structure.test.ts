import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  blockHeadingLevels,
  joinLines,
  lineAngle,
  lineHeight,
  lineWords,
  pixelBox,
} from './page-structure.ts';
import { block, line, page, rotatedPage, rotatedWord, titledPage, word, wordsAt } from './test-fixtures.ts';

const para = (height: number, lines: number, y: number) =>
  block(
    Array.from({ length: lines }, (_, i) =>
      line(wordsAt(['some', 'words'], 10, y + i * height * 1.5, height)),
    ),
  );

void test('headings: 2x the median line is level 1, 1.4x level 2, body text none', () => {
  assert.deepEqual(blockHeadingLevels(titledPage()), [1, 2, undefined]);
  // Just under and at the 1.4 boundary (median body line 20 px).
  const p = page(1, 1000, 1000, [para(27.9, 1, 0), para(28, 1, 100), para(20, 5, 200)]);
  assert.deepEqual(blockHeadingLevels(p), [undefined, 2, undefined]);
});

void test('headings: a page of one text size has none; large blocks of many lines are not headings', () => {
  assert.deepEqual(blockHeadingLevels(page(1, 1000, 1000, [para(30, 1, 0), para(30, 3, 100)])), [
    undefined,
    undefined,
  ]);
  const poster = page(1, 2000, 2000, [para(80, 4, 0), para(20, 6, 800)]);
  assert.deepEqual(blockHeadingLevels(poster), [undefined, undefined]);
  assert.deepEqual(blockHeadingLevels(page(1, 10, 10, [])), []);
  // Blocks without words do not skew the median nor become headings.
  const empty = block([{ ...line([word('x', [0, 0, 10, 90])]), text: '', words: [] }]);
  assert.deepEqual(blockHeadingLevels(page(1, 1000, 1000, [empty, para(20, 3, 100)])), [
    undefined,
    undefined,
  ]);
});

void test('line height and angle come from the quad, so rotated text measures like upright text', () => {
  const [up] = rotatedPage().blocks[0]?.lines ?? [];
  assert.ok(up);
  assert.ok(Math.abs(lineAngle(up) - 90) < 1e-9);
  assert.ok(Math.abs(lineHeight(up) - 30) < 1e-9);
  const skew = line([rotatedWord('ab', 0, 100, 40, 20, -15)]);
  assert.ok(Math.abs(lineAngle(skew) + 15) < 1e-9);
  assert.ok(Math.abs(lineHeight(skew) - 20) < 1e-9);
  assert.equal(lineAngle(line([word('flat', [0, 0, 50, 10])])), 0);
});

void test('pixel boxes grow to whole pixels and stay on the page', () => {
  const p = { width: 100, height: 50 };
  assert.deepEqual(pixelBox([10.2, 5.7, 20.5, 9.1], p), [10, 5, 21, 10]);
  assert.deepEqual(pixelBox([-3, -1, 130, 70], p), [0, 0, 100, 50]);
  assert.deepEqual(pixelBox([20, 9, 10, 5], p), [10, 5, 20, 9]);
  assert.deepEqual(pixelBox([NaN, 1, 5, Infinity], p), [0, 0, 5, 1]);
});

void test('a line with text but no word boxes becomes one word; empty words are dropped', () => {
  const l = { ...line([word('x', [0, 0, 10, 10])]), text: ' whole line ', words: [] };
  assert.deepEqual(
    lineWords(l).map((w) => w.text),
    ['whole line'],
  );
  const blanks = line([word(' ', [0, 0, 5, 5]), word('kept', [6, 0, 20, 5])]);
  assert.deepEqual(
    lineWords(blanks).map((w) => w.text),
    ['kept'],
  );
});

void test('joining lines: spaces between words, none between CJK lines', () => {
  assert.equal(joinLines(['The quick', ' brown fox ', '', 'jumps']), 'The quick brown fox jumps');
  assert.equal(joinLines(['日本語の', 'テキスト', 'and more']), '日本語のテキスト and more');
  assert.equal(joinLines(['𠀋', '中文']), '𠀋中文');
  assert.equal(joinLines(['한국어', '문장']), '한국어 문장');
});
