import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Box, Line, Word } from '../../../src-shared/ocr-result.ts';
import { addSelectionMarks, EMPTY_BOX, judgeBox, MARKED_BOX, type SelectionMark } from './selection-marks.ts';

const W = 40;

/** A 40 × 40 mask with `draw` painting ink. */
function mask(draw: (set: (x: number, y: number) => void) => void): Uint8Array {
  const m = new Uint8Array(W * W);
  draw((x, y) => {
    if (x >= 0 && y >= 0 && x < W && y < W) m[y * W + x] = 1;
  });
  return m;
}

const judge = (m: Uint8Array, x0: number, y0: number, x1: number, y1: number) =>
  judgeBox({ data: m, width: W }, { x0, y0, x1, y1 });

/** The outline of [x0, x1) × [y0, y1), `t` pixels thick. */
function outline(
  set: (x: number, y: number) => void,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  t = 1,
): void {
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) if (x < x0 + t || x >= x1 - t || y < y0 + t || y >= y1 - t) set(x, y);
}

void test('a hollow square is an empty box, one with an x inside a marked one', () => {
  const empty = mask((set) => outline(set, 5, 5, 17, 17));
  assert.deepEqual(judge(empty, 5, 5, 17, 17), { marked: false, confidence: 1 });
  const marked = mask((set) => {
    outline(set, 5, 5, 17, 17);
    for (let i = 8; i < 14; i++) {
      set(i, i);
      set(i, 21 - i);
    }
  });
  assert.equal(judge(marked, 5, 5, 17, 17)?.marked, true);
  // A scanned rule with a gap in one side still counts.
  const broken = mask((set) => outline(set, 5, 5, 17, 17));
  broken[5 * W + 10] = 0;
  broken[5 * W + 11] = 0;
  assert.ok(judge(broken, 5, 5, 17, 17));
});

void test('thick rules on a small box, a doubled rule or a bold x leave the state right', () => {
  // 7 × 8 px with rules two pixels thick at the top and bottom: the rules are not a mark.
  const small = mask((set) => {
    outline(set, 5, 5, 12, 13);
    for (let x = 5; x < 12; x++) [6, 11].forEach((y) => set(x, y));
  });
  assert.equal(judge(small, 5, 5, 12, 13)?.marked, false);
  // A left rule doubled by the scanner, a column in from the first: ink hugging a side is no mark.
  const doubled = mask((set) => {
    outline(set, 5, 5, 19, 19);
    for (let y = 6; y < 18; y++) set(8, y);
  });
  assert.equal(judge(doubled, 5, 5, 19, 19)?.marked, false);
  // A bold typed x fills more than half the inside and still is a mark, not a bullet.
  const bold = mask((set) => {
    outline(set, 5, 5, 20, 18);
    for (let y = 7; y < 16; y++)
      for (let x = 7; x < 18; x++)
        if (Math.abs(x - 12 - (y - 11) * 1.2) < 2 || Math.abs(x - 12 + (y - 11) * 1.2) < 2) set(x, y);
  });
  assert.equal(judge(bold, 5, 5, 20, 18)?.marked, true);
});

void test('round letters, open shapes and filled squares are not boxes', () => {
  const ring = mask((set) => {
    for (let a = 0; a < 360; a += 2) {
      const r = (a * Math.PI) / 180;
      set(Math.round(11 + 5.5 * Math.cos(r)), Math.round(11 + 5.5 * Math.sin(r)));
    }
  });
  assert.equal(judge(ring, 5, 5, 17, 17), undefined);
  // "E": no right side.
  const e = mask((set) => {
    for (let y = 5; y < 17; y++) set(5, y);
    for (let x = 5; x < 17; x++) [5, 11, 16].forEach((y) => set(x, y));
  });
  assert.equal(judge(e, 5, 5, 17, 17), undefined);
  const filled = mask((set) => {
    for (let y = 5; y < 17; y++) for (let x = 5; x < 17; x++) set(x, y);
  });
  assert.equal(judge(filled, 5, 5, 17, 17), undefined);
});

const rect = (b: Box): Word['quad'] => [
  [b[0], b[1]],
  [b[2], b[1]],
  [b[2], b[3]],
  [b[0], b[3]],
];
const word = (text: string, box: Box): Word => ({ text, confidence: 0.9, box, quad: rect(box) });
function line(...words: Word[]): Line {
  const box: Box = [
    Math.min(...words.map((w) => w.box[0])),
    Math.min(...words.map((w) => w.box[1])),
    Math.max(...words.map((w) => w.box[2])),
    Math.max(...words.map((w) => w.box[3])),
  ];
  return { text: words.map((w) => w.text).join(' '), confidence: 0.9, box, quad: rect(box), words };
}
const mark = (box: Box, marked = false, isolated = true): SelectionMark => ({
  box,
  marked,
  confidence: 0.9,
  isolated,
});

void test('a box joins the label beside it, replaces its misreading, and stands alone elsewhere', () => {
  const loyalty = line(word('Loyalty', [575, 360, 620, 374]));
  const steel = line(word('STEEL', [100, 400, 150, 414]), word('口', [156, 401, 168, 413]));
  const other = line(word('Other', [300, 500, 340, 514]));
  const out = addSelectionMarks(
    [loyalty, steel, other],
    [mark([560, 361, 571, 372]), mark([156, 401, 168, 413], true), mark([700, 700, 712, 712])],
  );
  assert.deepEqual(
    out.map((l) => l.text),
    [`${EMPTY_BOX} Loyalty`, `STEEL ${MARKED_BOX}`, 'Other', EMPTY_BOX],
  );
  assert.deepEqual(out[0]!.box, [560, 360, 620, 374]);
  assert.equal(out[2], other, 'lines without a box are passed through as they are');
  assert.deepEqual(out[3]!.words[0]!.box, [700, 700, 712, 712]);
});

void test('a box-like shape inside a word is one of its letters, unless it stands a space apart', () => {
  const office = line(word('OFFICE', [100, 100, 160, 114]));
  assert.deepEqual(
    addSelectionMarks([office], [mark([101, 101, 111, 113], false, false)]).map((l) => l.text),
    ['OFFICE'],
  );
  // An isolated bowl inside a word ("o" of "Total"), at its end where the letter there is round ("d" of "sold"),
  // or over a short word ("IS" run together) is still a letter.
  for (const [text, b] of [
    ['Total', [104, 101, 114, 113]],
    ['sold', [148, 100, 160, 114]],
    ['IS', [100, 101, 111, 113]],
  ] as const) {
    const l = line(word(text, [100, 100, 160, 114]));
    assert.deepEqual(
      addSelectionMarks([l], [mark([...b], true)]).map((x) => x.text),
      [text],
    );
  }
  // A label whose word box reaches back over the box: the box comes first and the word's box is drawn back.
  const label = line(word('Relationship-Building', [112, 364, 212, 375]));
  const [out] = addSelectionMarks([label], [mark([112, 365, 119, 373])]);
  assert.equal(out!.text, `${EMPTY_BOX} Relationship-Building`);
  assert.deepEqual(out!.words[1]!.box, [119, 364, 212, 375]);
});

void test('a box read into its label loses that reading; far words and tall lines are left alone', () => {
  // The recogniser read box and label as one word: the box's reading goes, the label stays.
  for (const text of ['[Yes', '口Yes']) {
    const l = line(word(text, [98, 98, 170, 122]));
    assert.deepEqual(
      addSelectionMarks([l], [mark([100, 100, 120, 120])]).map((x) => x.text),
      [`${EMPTY_BOX} Yes`],
    );
  }
  // A word with an empty box elsewhere on the page is no misreading of the mark.
  const total = line(word('Total', [500, 900, 560, 920]), word('1', [600, 900, 600, 920]));
  const out = addSelectionMarks([total], [mark([100, 100, 120, 120])]);
  assert.deepEqual(
    out.map((x) => x.text),
    ['Total 1', EMPTY_BOX],
  );
  // A sideways column beside the box does not take it as its label's box.
  const column: Line = {
    ...line(word('83573282', [700, 100, 720, 700])),
    quad: [
      [720, 100],
      [720, 700],
      [700, 700],
      [700, 100],
    ],
  };
  assert.deepEqual(
    addSelectionMarks([column], [mark([650, 300, 665, 315])]).map((x) => x.text),
    ['83573282', EMPTY_BOX],
  );
});

void test('a lone box-like shape with ink beside it is a letter of unread text and is dropped', () => {
  const other = line(word('Other', [300, 500, 340, 514]));
  assert.deepEqual(
    addSelectionMarks([other], [mark([57, 388, 65, 398], false, false), mark([700, 700, 712, 712])]).map(
      (l) => l.text,
    ),
    ['Other', EMPTY_BOX],
  );
});
