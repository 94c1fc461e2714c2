// The real models on a form with check boxes: each box must come out as ☐ or ☑ beside its label, and bold
// capitals (whose O looks much like a box) must stay letters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RasterImage } from '../documents/raster.ts';
import { rasterFromSvg } from '../preprocess/synthetic-pages.ts';
import { OcrEngine } from './ocr-engine.ts';
import { EMPTY_BOX, MARKED_BOX } from './selection-marks.ts';

const DPI = 150;

/** A box of side 15 px at (x, y) (its top left), with a typed-looking x inside when `marked`. */
function box(x: number, y: number, marked: boolean): string {
  const rect = `<rect x="${x}" y="${y}" width="15" height="15" fill="none" stroke="#000" stroke-width="1.5"/>`;
  if (!marked) return rect;
  const [a, b] = [x + 4, x + 11];
  const [c, d] = [y + 4, y + 11];
  return `${rect}<path d="M${a} ${c}L${b} ${d}M${b} ${c}L${a} ${d}" stroke="#000" stroke-width="2"/>`;
}

/** A letter page at 150 dpi: a row of labelled boxes, a second row, and a line of bold capitals. */
async function formPage(turn: 0 | 90 | 180 | 270 = 0): Promise<RasterImage> {
  const w = Math.round(8.5 * DPI);
  const h = Math.round(4 * DPI);
  const text = (x: number, y: number, s: string, weight = 'normal'): string =>
    `<text x="${x}" y="${y}" font-family="DejaVu Sans" font-size="18" font-weight="${weight}">${s}</text>`;
  const row1 = 150;
  const row2 = 210;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#fff"/>`,
    text(150, 90, 'SIGN ORDER FORM'),
    text(150, row1, 'MATERIAL:'),
    text(260, row1, 'STEEL'),
    box(326, row1 - 14, false),
    text(420, row1, 'ALUMINUM'),
    box(528, row1 - 14, true),
    text(620, row1, 'OTHER'),
    box(690, row1 - 14, false),
    box(150, row2 - 14, true),
    text(175, row2, 'Ship immediately'),
    box(420, row2 - 14, false),
    text(445, row2, 'Hold in warehouse'),
    text(150, 280, 'STOCKING NO OLD GOLD OR ULTRA LIGHTS', 'bold'),
    '</svg>',
  ].join('');
  return rasterFromSvg(svg, turn);
}

let engine: OcrEngine;
before(async () => {
  engine = await OcrEngine.create({ provider: 'cpu' });
});
after(async () => engine.close());

void test('check boxes on a form come out as ☐ and ☑ beside their labels', async () => {
  const page = await engine.recognize(await formPage());
  const words = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  const row = (y0: number, y1: number): string[] =>
    words
      .filter((w) => w.box[1] < y1 && w.box[3] > y0)
      .sort((a, b) => a.box[0] - b.box[0])
      .map((w) => w.text);
  assert.deepEqual(row(130, 155), [
    'MATERIAL:',
    'STEEL',
    EMPTY_BOX,
    'ALUMINUM',
    MARKED_BOX,
    'OTHER',
    EMPTY_BOX,
  ]);
  assert.deepEqual(row(190, 215), [MARKED_BOX, 'Ship', 'immediately', EMPTY_BOX, 'Hold', 'in', 'warehouse']);
  const marks = words.filter((w) => w.text === EMPTY_BOX || w.text === MARKED_BOX);
  assert.equal(marks.length, 5, 'no letter of the bold line became a box');
  for (const m of marks)
    assert.ok(m.box[2] - m.box[0] < 22 && m.box[3] - m.box[1] < 22, 'a mark is boxed tightly');
  assert.ok(page.text.includes('STOCKING NO OLD GOLD OR ULTRA LIGHTS'), page.text);
});

for (const turn of [90, 180, 270] as const) {
  void test(`check boxes on a form turned by ${turn}° come out beside their labels`, async () => {
    const page = await engine.recognize(await formPage(turn));
    // The engine reports the clockwise turn that makes the page upright.
    assert.equal(page.rotation, (360 - turn) % 360);
    for (const want of [
      `STEEL ${EMPTY_BOX} ALUMINUM ${MARKED_BOX} OTHER ${EMPTY_BOX}`,
      `${MARKED_BOX} Ship immediately`,
      `${EMPTY_BOX} Hold in warehouse`,
      'STOCKING NO OLD GOLD OR ULTRA LIGHTS',
    ])
      assert.ok(page.text.includes(want), `${want} not in ${JSON.stringify(page.text)}`);
    const marks = page.blocks.flatMap((b) =>
      b.lines.flatMap((l) => l.words.filter((w) => w.text === EMPTY_BOX || w.text === MARKED_BOX)),
    );
    assert.equal(marks.length, 5);
    for (const m of marks) {
      assert.ok(m.box[2] - m.box[0] < 22 && m.box[3] - m.box[1] < 22, 'a mark is boxed tightly');
      // Its quad reads the way its line reads: the first edge runs along the turned text.
      const [p0, p1] = m.quad;
      const along = turn === 180 ? p0[0] > p1[0] : turn === 90 ? p1[1] > p0[1] : p1[1] < p0[1];
      assert.ok(along, `mark quad ${JSON.stringify(m.quad)} on a page turned ${turn}°`);
    }
  });
}

void test('with selectionMarks off the engine leaves boxes to the recogniser', async () => {
  const plain = await OcrEngine.create({ provider: 'cpu', selectionMarks: false });
  try {
    const page = await plain.recognize(await formPage());
    assert.ok(!/[☐☑]/u.test(page.text), page.text);
  } finally {
    await plain.close();
  }
});
