import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTesseractTsv } from './tesseract.ts';

const row = (cols: Array<string | number>): string => cols.join('\t');
const TSV = [
  'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
  row([1, 1, 0, 0, 0, 0, 0, 0, 600, 400, -1, '']),
  row([4, 1, 1, 1, 1, 0, 10, 10, 200, 20, -1, '']),
  row([5, 1, 1, 1, 1, 1, 10, 12, 50, 18, 96.5, 'Total']),
  row([5, 1, 1, 1, 1, 2, 70, 10, 40, 20, 91, 'due:']),
  row([5, 1, 1, 1, 1, 3, 120, 10, 5, 20, 95, ' ']),
  row([5, 1, 2, 1, 1, 1, 300, 50, 60, 15, 88.25, '12.50']),
].join('\n');

void test('Tesseract TSV: level-5 words, lines by block/par/line, union boxes, text in Tesseract order', () => {
  const p = parseTesseractTsv(`${TSV}\n`);
  assert.deepEqual(
    p.words.map((w) => [w.text, w.box, w.conf]),
    [
      ['Total', [10, 12, 60, 30], 0.965],
      ['due:', [70, 10, 110, 30], 0.91],
      ['12.50', [300, 50, 360, 65], 0.8825],
    ],
  );
  assert.deepEqual(p.lines, [
    { text: 'Total due:', box: [10, 10, 110, 30] },
    { text: '12.50', box: [300, 50, 360, 65] },
  ]);
  assert.equal(p.text, 'Total due:\n12.50');
  assert.deepEqual(parseTesseractTsv(''), { words: [], lines: [], text: '' });
});
