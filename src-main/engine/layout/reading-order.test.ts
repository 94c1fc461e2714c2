import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orderLines, pageText, rowsOf } from './reading-order.ts';
import type { LayoutLine } from './types.ts';

const seg = (text: string, x0: number, y0: number, x1: number, h = 20): LayoutLine => ({
  text,
  box: [x0, y0, x1, y0 + h],
});

/** Texts in reading order, blocks separated by '|'. */
function read(lines: readonly LayoutLine[]): string[] {
  return orderLines(lines).blocks.flatMap((b, k) => [
    ...(k > 0 ? ['|'] : []),
    ...b.lineIndices.map((i) => lines[i]!.text),
  ]);
}

/**
 * A column of paragraphs: `sizes` lines each, line pitch 1.4 heights, paragraphs 1.2 heights further apart,
 * last line of each paragraph at 60% width. Returns the lines and the y below the column.
 */
function column(
  name: string,
  x0: number,
  width: number,
  y0: number,
  sizes: readonly number[],
  h = 20,
): { lines: LayoutLine[]; bottom: number } {
  const lines: LayoutLine[] = [];
  let y = y0;
  sizes.forEach((n, p) => {
    for (let k = 0; k < n; k++) {
      const w = k === n - 1 ? width * 0.6 : width;
      lines.push(seg(`${name}${p}.${k}`, x0, y, x0 + w, h));
      y += 1.4 * h;
    }
    y += 1.2 * h;
  });
  return { lines, bottom: y - 1.6 * h };
}

/** Deterministic shuffle, so tests never depend on the detector's output order. */
function shuffled<T>(xs: readonly T[], seed = 7): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const scale = (lines: readonly LayoutLine[], f: number): LayoutLine[] =>
  lines.map((l) => ({ text: l.text, box: [l.box[0] * f, l.box[1] * f, l.box[2] * f, l.box[3] * f] }));

function assertPermutation(lines: readonly LayoutLine[]): void {
  const seen = orderLines(lines)
    .blocks.flatMap((b) => b.lineIndices)
    .sort((a, b) => a - b);
  assert.deepEqual(
    seen,
    lines.map((_, i) => i),
  );
}

void test('an empty page has no blocks and no text; one line is one block', () => {
  assert.deepEqual(orderLines([]).blocks, []);
  assert.equal(pageText([], orderLines([])), '');
  const one = [seg('only', 10, 10, 200)];
  assert.deepEqual(orderLines(one).blocks, [{ lineIndices: [0] }]);
  assert.equal(pageText(one, orderLines(one)), 'only');
});

void test('single column: paragraphs by vertical gaps, in order whatever the input order', () => {
  const { lines } = column('p', 100, 800, 100, [3, 4, 2]);
  const input = shuffled(lines);
  assert.deepEqual(read(input), [
    ...['p0.0', 'p0.1', 'p0.2', '|'],
    ...['p1.0', 'p1.1', 'p1.2', 'p1.3', '|'],
    ...['p2.0', 'p2.1'],
  ]);
  assert.equal(orderLines(input).blocks.length, 3);
  assert.equal(
    pageText(input, orderLines(input)),
    'p0.0\np0.1\np0.2\n\np1.0\np1.1\np1.2\np1.3\n\np2.0\np2.1',
  );
});

void test('single column: an indented first line starts a paragraph even without extra space', () => {
  const lines: LayoutLine[] = [];
  const rows: Array<[number, number]> = [
    [140, 900], // indented first line
    [100, 900],
    [100, 500], // short last line
    [140, 900], // indented first line
    [100, 900],
    [100, 700],
  ];
  rows.forEach(([x0, x1], k) => lines.push(seg(`r${k}`, x0, 100 + 28 * k, x1)));
  assert.deepEqual(read(lines), ['r0', 'r1', 'r2', '|', 'r3', 'r4', 'r5']);
});

void test('a list with hanging indents stays one block per spacing, not per continuation line', () => {
  const lines = [
    seg('1. first item', 100, 100, 900),
    seg('continued', 140, 128, 900),
    seg('continued more', 140, 156, 600),
    seg('2. second item', 100, 184, 900),
    seg('continued', 140, 212, 500),
  ];
  assert.deepEqual(read(lines), [
    '1. first item',
    'continued',
    'continued more',
    '2. second item',
    'continued',
  ]);
});

/** A paper: title, two columns of paragraphs (right column's rows offset from the left's), footer. */
function paper(titleGap: number): LayoutLine[] {
  const h = 20;
  const title = seg('Title', 250, 40, 850, 36);
  const top = 40 + 36 + titleGap;
  const left = column('L', 60, 470, top, [4, 5, 3], h);
  const right = column('R', 570, 470, top + 7, [6, 5], h);
  const bottom = Math.max(left.bottom, right.bottom);
  const footer = seg('Footer', 60, bottom + titleGap, 1040, h);
  return [title, ...left.lines, ...right.lines, footer];
}

const paperOrder = [
  ...['Title', '|'],
  ...['L0.0', 'L0.1', 'L0.2', 'L0.3', '|'],
  ...['L1.0', 'L1.1', 'L1.2', 'L1.3', 'L1.4', '|'],
  ...['L2.0', 'L2.1', 'L2.2', '|'],
  ...['R0.0', 'R0.1', 'R0.2', 'R0.3', 'R0.4', 'R0.5', '|'],
  ...['R1.0', 'R1.1', 'R1.2', 'R1.3', 'R1.4', '|'],
  'Footer',
];

void test('two columns read column by column, full-width title first and footer last', () => {
  // Title and footer set apart by a wide gap, and by no more than ordinary line spacing.
  for (const gap of [60, 8]) assert.deepEqual(read(shuffled(paper(gap))), paperOrder, `title gap ${gap}`);
});

void test('the same page at 100 and 600 dpi gives the same layout', () => {
  for (const f of [1 / 3, 2, 6]) assert.deepEqual(read(scale(paper(30), f)), paperOrder, `scale ${f}`);
});

void test('a running header and page number above two columns come first', () => {
  const left = column('L', 60, 470, 100, [6]);
  const right = column('R', 570, 470, 100, [6]);
  const lines = [
    seg('Journal of Things', 60, 30, 400),
    seg('12', 1000, 30, 1040),
    ...left.lines,
    ...right.lines,
  ];
  assert.deepEqual(read(lines).slice(0, 4), ['Journal of Things', '12', '|', 'L0.0']);
  assert.equal(pageText(lines, orderLines(lines)).split('\n')[0], 'Journal of Things 12');
});

void test('a caption spanning both columns cuts them into an upper and a lower part', () => {
  const lu = column('LU', 60, 470, 100, [4]);
  const ru = column('RU', 570, 470, 100, [4]);
  const caption = seg('Caption', 60, lu.bottom + 10, 1040);
  const ll = column('LL', 60, 470, lu.bottom + 40, [3]);
  const rl = column('RL', 570, 470, lu.bottom + 40, [3]);
  const lines = shuffled([...lu.lines, ...ru.lines, caption, ...ll.lines, ...rl.lines]);
  assert.deepEqual(
    read(lines).join(' '),
    'LU0.0 LU0.1 LU0.2 LU0.3 | RU0.0 RU0.1 RU0.2 RU0.3 | Caption | LL0.0 LL0.1 LL0.2 | RL0.0 RL0.1 RL0.2',
  );
});

void test('three text columns read left to right', () => {
  const cols = ['A', 'B', 'C'].map((n, k) => column(n, 50 + 340 * k, 310, 100, [5]));
  const lines = shuffled(cols.flatMap((c) => c.lines));
  assert.deepEqual(
    read(lines).join(' '),
    'A0.0 A0.1 A0.2 A0.3 A0.4 | B0.0 B0.1 B0.2 B0.3 B0.4 | C0.0 C0.1 C0.2 C0.3 C0.4',
  );
});

void test('receipt: label and price stay one row; full-width lines stay in place', () => {
  const lines: LayoutLine[] = [seg('SUPERMARKET', 150, 20, 330), seg('1 Main Street', 140, 48, 340)];
  const items = ['MILK', 'BREAD WHOLEGRAIN', 'APPLES 1KG', 'COFFEE BEANS', 'TEA'];
  items.forEach((t, k) => {
    const y = 100 + 28 * k;
    lines.push(seg(t, 20, y, 20 + 14 * t.length), seg(`${k + 1}.99`, 400, y + 1, 460));
  });
  lines.push(seg('----------------------------', 20, 240, 460));
  lines.push(seg('TOTAL', 20, 268, 100), seg('19.95', 400, 268, 460));
  lines.push(seg('CARD', 20, 296, 90), seg('19.95', 400, 297, 460));
  lines.push(seg('THANK YOU', 160, 340, 320));
  const input = shuffled(lines, 3);
  const text = pageText(input, orderLines(input));
  assert.equal(
    text,
    [
      'SUPERMARKET\n1 Main Street',
      'MILK 1.99\nBREAD WHOLEGRAIN 2.99\nAPPLES 1KG 3.99\nCOFFEE BEANS 4.99\nTEA 5.99\n----------------------------\nTOTAL 19.95\nCARD 19.95',
      'THANK YOU',
    ].join('\n\n'),
  );
  assert.equal(orderLines(input).blocks.length, 3);
});

void test('a long receipt of many short rows is never cut into columns', () => {
  const lines: LayoutLine[] = [];
  for (let k = 0; k < 60; k++) {
    const label = `ITEM NUMBER ${k}`;
    lines.push(seg(label, 20, 100 + 28 * k, 20 + 12 * label.length), seg(`${k}.00`, 400, 100 + 28 * k, 460));
  }
  const text = pageText(lines, orderLines(lines));
  assert.deepEqual(
    text.split('\n'),
    Array.from({ length: 60 }, (_, k) => `ITEM NUMBER ${k} ${k}.00`),
  );
});

void test('form: label/value pairs, also two pairs per row, read row by row', () => {
  const lines: LayoutLine[] = [seg('APPLICATION FORM', 300, 20, 700, 30)];
  const fields = [
    ['Name:', 'Jane Example-Longname', 'Date:', '2024-05-01'],
    ['Address:', '12 Some Long Street, Springfield', 'Phone:', '+1 555 0100'],
    ['City:', 'Springfield', 'Zip:', '12345'],
    ['Country:', 'Utopia', 'Email:', 'jane@example.org'],
  ] as const;
  fields.forEach(([l1, v1, l2, v2], k) => {
    const y = 100 + 40 * k;
    lines.push(
      seg(l1, 40, y, 40 + 10 * l1.length),
      seg(v1, 160, y + 2, 160 + 10 * v1.length),
      seg(l2, 560, y, 560 + 10 * l2.length),
      seg(v2, 660, y - 1, 660 + 10 * v2.length),
    );
  });
  const input = shuffled(lines, 11);
  const layout = orderLines(input);
  assert.equal(pageText(input, layout), 'APPLICATION FORM\n\n' + fields.map((f) => f.join(' ')).join('\n'));
  assert.equal(layout.blocks.length, 2);
});

void test('a table with a header row and wide text cells stays rows', () => {
  const lines: LayoutLine[] = [];
  const rows = [
    ['Product', 'Description of the product', 'Price'],
    ['Widget', 'A small widget for everyday use', '3.00'],
    ['Gadget', 'A larger gadget with two buttons', '12.50'],
    ['Gizmo', 'The gizmo everyone keeps asking about', '7.25'],
    ['Doohickey', 'Spare part, sold individually', '0.99'],
  ];
  rows.forEach(([a, b, c], k) => {
    const y = 100 + 30 * k;
    lines.push(
      seg(a!, 40, y, 40 + 10 * a!.length),
      seg(b!, 200, y, 200 + 10 * b!.length),
      seg(c!, 640, y, 700),
    );
  });
  const text = pageText(lines, orderLines(lines));
  assert.deepEqual(
    text.split('\n'),
    rows.map((r) => r.join(' ')),
  );
});

/** Axis-aligned box of a w×h text line starting at (x, y), turned by `deg` about the page origin. */
function skewed(text: string, x: number, y: number, w: number, h: number, deg: number): LayoutLine {
  const t = (deg * Math.PI) / 180;
  const pts = [
    [x, y],
    [x + w, y],
    [x, y + h],
    [x + w, y + h],
  ].map(
    ([px, py]) => [px! * Math.cos(t) - py! * Math.sin(t), px! * Math.sin(t) + py! * Math.cos(t)] as const,
  );
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { text, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}

void test('a skewed page: rows of split segments group, paragraphs and order survive', () => {
  const lines: LayoutLine[] = [];
  for (const deg of [1.2, -1.2]) {
    lines.length = 0;
    let y = 100;
    for (let p = 0; p < 2; p++) {
      for (let k = 0; k < 4; k++) {
        // Each row cut into three segments by the detector.
        lines.push(
          skewed(`p${p}r${k}a`, 100, y, 250, 20, deg),
          skewed(`p${p}r${k}b`, 370, y, 250, 20, deg),
          skewed(`p${p}r${k}c`, 640, y, k === 3 ? 100 : 250, 20, deg),
        );
        y += 28;
      }
      y += 30;
    }
    const input = shuffled(lines, 5);
    assert.equal(
      pageText(input, orderLines(input)),
      'p0r0a p0r0b p0r0c\np0r1a p0r1b p0r1c\np0r2a p0r2b p0r2c\np0r3a p0r3b p0r3c\n\n' +
        'p1r0a p1r0b p1r0c\np1r1a p1r1b p1r1c\np1r2a p1r2b p1r2c\np1r3a p1r3b p1r3c',
      `skew ${deg}`,
    );
  }
});

void test('a skewed two-column page still reads column by column', () => {
  for (const deg of [1, -1.5]) {
    const lines: LayoutLine[] = [skewed('Title', 250, 40, 600, 36, deg)];
    for (let r = 0; r < 12; r++)
      lines.push(
        skewed(`L${r}`, 60, 100 + 28 * r, r === 5 ? 250 : 470, 20, deg),
        skewed(`R${r}`, 570, 100 + 28 * r, r === 11 ? 200 : 470, 20, deg),
      );
    lines.push(skewed('Footer', 60, 460, 980, 20, deg));
    const order = read(shuffled(lines)).filter((t) => t !== '|');
    assert.deepEqual(
      order,
      [
        'Title',
        ...[...Array(12).keys()].map((r) => `L${r}`),
        ...[...Array(12).keys()].map((r) => `R${r}`),
        'Footer',
      ],
      `skew ${deg}`,
    );
  }
});

void test('a column that ends after two lines is still a column', () => {
  const left = column('L', 60, 470, 100, [10]);
  const lines = [...left.lines, seg('R0', 570, 100, 1040), seg('R1', 570, 128, 800)];
  assert.deepEqual(read(lines).slice(-3), ['|', 'R0', 'R1']);
});

void test('rows that lose every alignment start a block: a right-aligned date under an address', () => {
  const lines = [
    seg('Mr John Smith', 60, 100, 300),
    seg('2 Lane', 60, 128, 200),
    seg('12 May 2024', 720, 156, 900),
    seg('Dear Mr Smith,', 60, 184, 300),
  ];
  assert.deepEqual(read(lines), ['Mr John Smith', '2 Lane', '|', '12 May 2024', '|', 'Dear Mr Smith,']);
});

void test('a big heading is its own block, before the body and before small lines beside it', () => {
  const body = column('b', 100, 800, 170, [4]);
  const lines = [
    ...body.lines,
    seg('Chapter One', 100, 80, 600, 60),
    seg('note', 700, 90, 850),
    seg('more', 700, 115, 850),
  ];
  assert.deepEqual(read(shuffled(lines)), [
    'Chapter One',
    '|',
    'note',
    'more',
    '|',
    'b0.0',
    'b0.1',
    'b0.2',
    'b0.3',
  ]);
});

void test('a vertical stamp line neither merges rows nor breaks the columns', () => {
  const left = column('L', 60, 470, 100, [6]);
  const right = column('R', 570, 470, 100, [6]);
  // A rotated stamp's text line standing across the left column's rows, and a margin note.
  const stamp = seg('APPROVED', 300, 90, 330, 200);
  const note = seg('arXiv:0000.00000', 10, 100, 35, 400);
  const lines = shuffled([...left.lines, ...right.lines, stamp, note]);
  const order = read(lines);
  assert.deepEqual(
    order.slice(0, 13).join(' '),
    'L0.0 L0.1 L0.2 L0.3 L0.4 L0.5 | R0.0 R0.1 R0.2 R0.3 R0.4 R0.5',
  );
  assert.deepEqual(order.slice(13), ['|', 'arXiv:0000.00000', '|', 'APPROVED']);
  const text = pageText(lines, orderLines(lines));
  assert.ok(text.startsWith('L0.0\nL0.1\n'));
});

void test('overlapping boxes (a double detection) stay on one row', () => {
  const lines = [
    seg('Hello', 100, 100, 300),
    seg('world', 280, 102, 450),
    seg('Hello world', 100, 101, 450),
    seg('next', 100, 130, 300),
  ];
  assert.equal(pageText(lines, orderLines(lines)), 'Hello Hello world world\nnext');
  assert.deepEqual(rowsOf(lines, [3, 1, 0, 2]), [[0, 2, 1], [3]]);
});

void test('degenerate input: zero-size, inverted and non-finite boxes, identical lines', () => {
  const lines: LayoutLine[] = [
    seg('a', 10, 10, 10, 0),
    { text: 'b', box: [200, 40, 100, 20] },
    { text: 'c', box: [Number.NaN, 5, 30, Number.POSITIVE_INFINITY] },
    seg('d', 10, 10, 100),
    seg('d', 10, 10, 100),
  ];
  assertPermutation(lines);
  assertPermutation([seg('z', 0, 0, 0, 0), seg('z', 0, 0, 0, 0)]);
});

void test('every line appears exactly once on random pages', () => {
  let s = 1;
  const rnd = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let page = 0; page < 40; page++) {
    const n = 1 + Math.floor(rnd() * 300);
    const lines = Array.from({ length: n }, (_, i) => {
      const h = 10 + rnd() * (rnd() < 0.1 ? 200 : 20);
      const x = rnd() * 2000;
      const y = rnd() * 3000;
      return seg(`w${i}`, x, y, x + rnd() * 800, h);
    });
    assertPermutation(lines);
  }
});

void test('a dense 2000-segment page is laid out in full', () => {
  // Two columns of 50 rows, each row cut into 20 segments by the detector.
  const lines: LayoutLine[] = [];
  for (const [c, x0] of [
    ['L', 60],
    ['R', 1260],
  ] as const)
    for (let r = 0; r < 50; r++)
      for (let k = 0; k < 20; k++)
        lines.push(seg(`${c}${r}.${k}`, x0 + 55 * k, 100 + 28 * r, x0 + 55 * k + 50));
  const input = shuffled(lines);
  const order = read(input).filter((t) => t !== '|');
  assert.equal(order.length, 2000);
  assert.equal(order[0], 'L0.0');
  assert.equal(order[20], 'L1.0');
  assert.equal(order[1000], 'R0.0');
  assertPermutation(input);
});
