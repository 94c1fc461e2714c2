import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textLayout, type PdfTextItem } from './pdf-text-lines.ts';

// A letter page rendered at 72 dpi: pdf.js's viewport transform flips y (user space grows upwards).
const VIEW = [1, 0, 0, -1, 0, 792];
const STYLES = { f1: { ascent: 0.75, descent: -0.25, vertical: false } };

function item(
  str: string,
  x: number,
  y: number,
  width: number,
  extra: Partial<PdfTextItem> = {},
): PdfTextItem {
  return {
    str,
    dir: 'ltr',
    width,
    height: 10,
    transform: [10, 0, 0, 10, x, y],
    fontName: 'f1',
    hasEOL: false,
    ...extra,
  };
}

const wordsOf = (l: ReturnType<typeof textLayout>): string[][] =>
  l.blocks.flatMap((b) => b.lines.map((ln) => ln.words.map((w) => w.text)));

void test('items on one baseline join into a line; spaces and gaps split words', () => {
  const layout = textLayout(
    [
      item('Hello wor', 100, 700, 45),
      item('ld', 145, 700, 10),
      item(' ', 155, 700, 3),
      item('again', 158, 700, 25),
      // A gap of 0.5 em with no space character is still a word break.
      item('gap', 188, 700, 15, { hasEOL: true }),
      item('Next line', 100, 686, 45),
    ],
    STYLES,
    VIEW,
    612,
    792,
  );
  assert.deepEqual(wordsOf(layout), [
    ['Hello', 'world', 'again', 'gap'],
    ['Next', 'line'],
  ]);
  assert.equal(layout.text, 'Hello world again gap\nNext line');
  assert.equal(layout.rotation, 0);
  const line = layout.blocks[0]!.lines[0]!;
  // Line box: from the first glyph to the last, ascent to descent, in pixels with y down.
  assert.deepEqual(line.box, [100, 84.5, 203, 94.5]);
  assert.equal(line.words[0]!.box[0], 100);
  assert.equal(line.words.at(-1)!.box[2], 203);
  for (const w of line.words) assert.equal(w.confidence, 1);
});

void test('columns on the same baseline stay separate lines; overprinted bold is read once', () => {
  const layout = textLayout(
    [
      item('Left column', 72, 700, 55),
      item('Right column', 340, 700, 60),
      item('Bold', 72, 650, 20),
      item('Bold', 72.3, 650, 20),
    ],
    STYLES,
    VIEW,
    612,
    792,
  );
  const lines = layout.blocks.flatMap((b) => b.lines.map((l) => l.text));
  assert.deepEqual([...lines].sort(), ['Bold', 'Left column', 'Right column']);
});

void test('text running up the page asks for a 90° turn, and its boxes stand upright', () => {
  // Baseline along +y in user space: the text reads bottom to top on the page.
  const up = (s: string, x: number, w: number): PdfTextItem =>
    item(s, x, 100, w, { transform: [0, 10, -10, 0, x, 100] });
  const layout = textLayout([up('Sideways label', 300, 70), up('second', 320, 30)], STYLES, VIEW, 612, 792);
  assert.equal(layout.rotation, 90);
  const line = layout.blocks.flatMap((b) => b.lines).find((l) => l.text === 'Sideways label')!;
  assert.ok(line.box[3] - line.box[1] > 5 * (line.box[2] - line.box[0]), line.box.join(','));
  // Quads start at the text's own top-left: for text reading upwards that is the bottom-left of the box.
  assert.ok(line.quad[0][1] > line.quad[1][1]);
});

void test('empty and whitespace-only content gives an empty layout', () => {
  const layout = textLayout([item(' ', 1, 1, 2), item('', 1, 1, 0)], STYLES, VIEW, 612, 792);
  assert.deepEqual([layout.blocks, layout.text, layout.wordCount, layout.lineCount], [[], '', 0, 0]);
});
