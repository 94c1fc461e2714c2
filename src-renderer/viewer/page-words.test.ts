// Reading order, copied text, search, review order and corrections over a page result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyCorrections,
  confidenceBand,
  findInPage,
  nextLowConfidence,
  pageLines,
  pageWords,
  restoreWord,
  textInReadingOrder,
  wordLabel,
} from './page-words.ts';
import { makePage } from './viewer-test-fixtures.ts';

const LOW: Record<string, number> = { Tota1: 0.42, amout: 0.75, Straße: 0.88 };
const page = makePage(
  [
    ['Invoice', 'number', '4711'],
    ['Total', 'amount', 'due'],
    [],
    ['Tota1', 'amout', 'Straße'],
    ['Café', 'au', 'lait'],
  ],
  { confidence: (t) => LOW[t] ?? 0.97 },
);

void test('words come in reading order with their result addresses', () => {
  const words = pageWords(page);
  assert.equal(words.length, 12);
  assert.deepEqual(
    words.slice(0, 4).map((w) => [w.key, w.text, w.order]),
    [
      ['0.0.0', 'Invoice', 0],
      ['0.0.1', 'number', 1],
      ['0.0.2', '4711', 2],
      ['0.1.0', 'Total', 3],
    ],
  );
  assert.equal(words[6]!.key, '1.0.0', 'the second block starts after the blank line');
  assert.equal(pageWords(page), words, 'computed once per result');
  assert.deepEqual(
    pageLines(page).map((l) => l.key),
    ['0.0', '0.1', '1.0', '1.1'],
  );
});

void test('copied text keeps lines and blocks, for the page or only the selected words', () => {
  assert.equal(textInReadingOrder(page), page.text);
  assert.equal(
    textInReadingOrder(page),
    'Invoice number 4711\nTotal amount due\n\nTota1 amout Straße\nCafé au lait',
  );
  // Selected in any order, copied in reading order.
  assert.equal(
    textInReadingOrder(page, new Set(['1.1.2', '0.0.2', '0.1.0', '0.0.0'])),
    'Invoice 4711\nTotal\n\nlait',
  );
  assert.equal(textInReadingOrder(page, new Set()), '');
});

void test('search is case- and accent-insensitive and may span words of a line', () => {
  assert.deepEqual(findInPage(page, 'total'), [{ keys: ['0.1.0'] }]);
  assert.deepEqual(findInPage(page, 'CAFE'), [{ keys: ['1.1.0'] }]);
  assert.deepEqual(findInPage(page, 'strasse'), [], 'ß folds to itself, not to ss');
  assert.deepEqual(findInPage(page, 'straße'), [{ keys: ['1.0.2'] }]);
  assert.deepEqual(findInPage(page, 'amount  du'), [{ keys: ['0.1.1', '0.1.2'] }]);
  assert.deepEqual(findInPage(page, 'ber 47'), [{ keys: ['0.0.1', '0.0.2'] }]);
  // Every occurrence, also several in one word.
  assert.deepEqual(findInPage(page, 'a'), [
    { keys: ['0.1.0'] },
    { keys: ['0.1.1'] },
    { keys: ['1.0.0'] },
    { keys: ['1.0.1'] },
    { keys: ['1.0.2'] },
    { keys: ['1.1.0'] },
    { keys: ['1.1.1'] },
    { keys: ['1.1.2'] },
  ]);
  assert.deepEqual(findInPage(page, '   '), []);
  assert.deepEqual(findInPage(page, 'due Tota1'), [], 'a match does not cross lines');
});

void test('review visits words under 90% in reading order, both ways', () => {
  const words = pageWords(page);
  const forward: string[] = [];
  for (let w = nextLowConfidence(words, -1); w; w = nextLowConfidence(words, w.order)) forward.push(w.text);
  assert.deepEqual(forward, ['Tota1', 'amout', 'Straße']);
  const back: string[] = [];
  for (let w = nextLowConfidence(words, words.length, -1); w; w = nextLowConfidence(words, w.order, -1))
    back.push(w.text);
  assert.deepEqual(back, ['Straße', 'amout', 'Tota1']);
  assert.equal(confidenceBand(0.42), 'low');
  assert.equal(confidenceBand(0.75), 'mid');
  assert.equal(confidenceBand(0.9), 'high');
  assert.equal(wordLabel(words[6]!), 'Tota1, confidence 42%');
});

void test('corrections change the word, its line and the page text as the server does, and can be undone', () => {
  const fixed = applyCorrections(page, { words: [{ block: 1, line: 0, word: 0, text: 'Total' }] });
  assert.notEqual(fixed, page);
  const w = fixed.blocks[1]!.lines[0]!.words[0]!;
  assert.deepEqual([w.text, w.confidence], ['Total', 1]);
  assert.equal(fixed.blocks[1]!.lines[0]!.text, 'Total amout Straße');
  assert.match(fixed.text, /\n\nTotal amout Straße\n/);
  assert.equal(page.blocks[1]!.lines[0]!.words[0]!.text, 'Tota1', 'the original result is untouched');
  // An address that does not exist changes nothing.
  assert.equal(
    applyCorrections(page, { words: [{ block: 9, line: 0, word: 0, text: 'x' }] }).text,
    page.text,
  );

  const undone = restoreWord(fixed, { block: 1, line: 0, word: 0 }, 'Tota1', 0.42);
  assert.equal(undone.text, page.text);
  assert.equal(undone.blocks[1]!.lines[0]!.words[0]!.confidence, 0.42);
});
