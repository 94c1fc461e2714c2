import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Line, Point, Quad, Word } from '../../../src-shared/ocr-result.ts';
import { rotatePoint } from './geometry.ts';
import { joinOverlappingSegments } from './overlapping-segments.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Quad => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

function word(text: string, x0: number, x1: number, y0 = 100, y1 = 124): Word {
  return { text, confidence: 0.9, box: [x0, y0, x1, y1], quad: rect(x0, y0, x1, y1) };
}

function line(words: Word[], confidence = 0.9): Line {
  const x0 = Math.min(...words.map((w) => w.box[0]));
  const x1 = Math.max(...words.map((w) => w.box[2]));
  const y0 = Math.min(...words.map((w) => w.box[1]));
  const y1 = Math.max(...words.map((w) => w.box[3]));
  return {
    text: words.map((w) => w.text).join(' '),
    confidence,
    box: [x0, y0, x1, y1],
    quad: rect(x0, y0, x1, y1),
    words,
  };
}

const upright = (p: Point): Point => p;

void test('a sliver of the next segment read as a character is dropped and the row becomes one line', () => {
  const a = line([word('Print', 37, 90), word('Time', 96, 140), word(':', 146, 152), word('S', 178, 185)]);
  const b = line([word('Saturday,', 178, 280), word('2', 288, 300)]);
  const out = joinOverlappingSegments([a, b], upright);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.text, 'Print Time : Saturday, 2');
  assert.deepEqual(out[0]!.box, [37, 100, 300, 124]);
  assert.deepEqual(
    out[0]!.words.map((w) => w.text),
    ['Print', 'Time', ':', 'Saturday,', '2'],
  );
});

void test('two words whose edges overlap keep both, meeting halfway', () => {
  const a = line([word('TAX', 75, 158)]);
  const b = line([word('INVOICE', 152, 391)], 0.8);
  const out = joinOverlappingSegments([b, a], upright);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.text, 'TAX INVOICE');
  const [tax, invoice] = out[0]!.words;
  assert.equal(tax!.box[2], 155);
  assert.equal(invoice!.box[0], 155);
  assert.equal(tax!.box[0], 75);
  assert.equal(invoice!.box[2], 391);
  // Confidence weighted by characters: 3 at 0.9, 7 at 0.8.
  assert.equal(out[0]!.confidence, 0.83);
});

void test('a chain of three cut segments becomes one line; untouched lines keep their place', () => {
  const title = line([word('Header', 10, 120, 20, 44)]);
  const a = line([word('one', 10, 60)]);
  const b = line([word('two', 55, 110)]);
  const c = line([word('three', 105, 170)]);
  const other = line([word('below', 10, 80, 200, 224)]);
  const out = joinOverlappingSegments([title, a, b, c, other], upright);
  assert.deepEqual(
    out.map((l) => l.text),
    ['Header', 'one two three', 'below'],
  );
});

void test('segments that only touch, sit on different rows, differ in size or contain each other are left alone', () => {
  const cases: Array<[Line, Line]> = [
    [line([word('ITEM', 10, 60)]), line([word('QTY', 60, 100)])], // gap of zero: not an overlap
    [line([word('upper', 10, 60, 100, 124)]), line([word('lower', 55, 110, 115, 139)])], // 9 of 24 px shared
    [line([word('BIG', 10, 200, 80, 140)]), line([word('small', 190, 260)])], // 60 px vs 24 px tall
    [line([word('wide', 10, 300)]), line([word('in', 100, 320)])], // overlap most of the shorter one
  ];
  for (const [a, b] of cases) {
    const out = joinOverlappingSegments([a, b], upright);
    assert.deepEqual(out, [a, b], `${a.text} | ${b.text}`);
  }
});

void test('on a page turned 90 degrees the rows are found on the upright page', () => {
  // A 400 x 600 page that reads upright once turned 90° clockwise: the segments are built on the upright
  // 600 x 400 page and turned back onto the page.
  const W = 400;
  const H = 600;
  const toUpright = (p: Point): Point => rotatePoint(p, 90, W, H);
  const toPage = (p: Point): Point => rotatePoint(p, 270, H, W);
  const back = (q: Quad): Quad => [toPage(q[0]), toPage(q[1]), toPage(q[2]), toPage(q[3])];
  const sideways = (l: Line): Line => {
    const words = l.words.map((w) => {
      const quad = back(w.quad);
      const xs = quad.map((p) => p[0]);
      const ys = quad.map((p) => p[1]);
      return {
        ...w,
        quad,
        box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] as Word['box'],
      };
    });
    return { ...line(words), quad: back(l.quad), text: l.text };
  };
  const a = sideways(line([word('Time', 96, 140), word('S', 178, 185)]));
  const b = sideways(line([word('Saturday,', 178, 280)]));
  for (const p of a.quad)
    assert.ok(p[0] >= 0 && p[0] <= W && p[1] >= 0 && p[1] <= H, `${p.join()} on the page`);
  const out = joinOverlappingSegments([a, b], toUpright);
  assert.deepEqual(
    out.map((l) => l.text),
    ['Time Saturday,'],
  );
  // Not turned, the same two segments stand side by side on different rows: nothing to join.
  assert.equal(joinOverlappingSegments([a, b], upright).length, 2);
});
