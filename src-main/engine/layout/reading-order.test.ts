import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderLines, pageText } from './reading-order.ts';
import type { LayoutLine } from './types.ts';

const line = (text: string, x0: number, y0: number, x1: number, h = 20): LayoutLine => ({
  text,
  box: [x0, y0, x1, y0 + h],
});
const order = (lines: LayoutLine[]): string[] =>
  orderLines(lines).blocks.flatMap((b) => b.lineIndices.map((i) => lines[i]!.text));

void test('two text columns read column by column, title first and footer last', () => {
  const lines = [line('Title', 100, 20, 900)];
  for (let k = 0; k < 5; k++)
    lines.push(line(`L${k}`, 50, 100 + 30 * k, 450), line(`R${k}`, 550, 100 + 30 * k, 950));
  lines.push(line('Footer', 100, 500, 900));
  assert.deepEqual(order(lines), [
    'Title',
    'L0',
    'L1',
    'L2',
    'L3',
    'L4',
    'R0',
    'R1',
    'R2',
    'R3',
    'R4',
    'Footer',
  ]);
});

void test('receipt rows stay rows: label and price on one line of text', () => {
  const lines: LayoutLine[] = [];
  for (let k = 0; k < 6; k++)
    lines.push(line(`ITEM${k}`, 20, 100 + 30 * k, 120), line(`${k}.00`, 400, 102 + 30 * k, 460));
  const layout = orderLines(lines);
  assert.deepEqual(order(lines).slice(0, 4), ['ITEM0', '0.00', 'ITEM1', '1.00']);
  assert.match(pageText(lines, layout), /^ITEM0 0\.00\nITEM1 1\.00/);
});

void test('a large vertical gap starts a new block; skewed rows still group', () => {
  const lines = [
    line('a', 10, 10, 200),
    line('b', 210, 14, 300),
    line('c', 10, 40, 200),
    line('d', 10, 200, 200),
  ];
  const layout = orderLines(lines);
  assert.equal(layout.blocks.length, 2);
  assert.equal(pageText(lines, layout), 'a b\nc\n\nd');
});

void test('every line appears exactly once; empty pages are empty', () => {
  assert.deepEqual(orderLines([]).blocks, []);
  const lines = Array.from({ length: 50 }, (_, i) =>
    line(`w${i}`, (i * 37) % 500, (i * 53) % 700, ((i * 37) % 500) + 40),
  );
  const seen = orderLines(lines)
    .blocks.flatMap((b) => b.lineIndices)
    .sort((a, b) => a - b);
  assert.deepEqual(
    seen,
    lines.map((_, i) => i),
  );
});
