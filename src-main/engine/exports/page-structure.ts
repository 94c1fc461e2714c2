// What the exporters read off a page beyond its raw blocks: the words of a line, its angle and height, whole-pixel
// boxes, headings from the layout, and how the lines of a block join into one paragraph.
import type { Box, Line, PageResult, Word } from '../../../src-shared/ocr-result.ts';

/** The words to write for a line; a line that has text but no word boxes becomes one word. */
export function lineWords(line: Line): Word[] {
  const words = line.words.filter((w) => w.text.trim() !== '');
  if (words.length > 0 || line.text.trim() === '') return words;
  return [{ text: line.text.trim(), confidence: line.confidence, box: line.box, quad: line.quad }];
}

/** Degrees the text runs counter-clockwise from horizontal (0 for upright text), from the quad's top edge. */
export function lineAngle(line: Line): number {
  const [tl, tr] = line.quad;
  const dx = tr[0] - tl[0];
  const dy = tr[1] - tl[1];
  if (dx === 0 && dy === 0) return 0;
  // y grows downwards in page pixels, so an edge going up the page is a positive (counter-clockwise) angle.
  // `+ 0` turns the -0 of a horizontal edge into 0.
  return (Math.atan2(-dy, dx) * 180) / Math.PI + 0;
}

/** Height of the text across its baseline direction (the quad's side edges), so rotated lines measure right. */
export function lineHeight(line: Line): number {
  const [tl, tr, br, bl] = line.quad;
  const h = (Math.hypot(bl[0] - tl[0], bl[1] - tl[1]) + Math.hypot(br[0] - tr[0], br[1] - tr[1])) / 2;
  return Number.isFinite(h) && h > 0 ? h : Math.max(0, line.box[3] - line.box[1]);
}

/** A box grown to whole pixels and clamped to the page: [x0, y0, x1, y1], x0 <= x1, y0 <= y1. */
export function pixelBox(box: Box, page: Pick<PageResult, 'width' | 'height'>): Box {
  // Non-finite coordinates (a degenerate quad) become 0 before min/max, which NaN would poison.
  const [a, b, c, d] = box.map((v) => (Number.isFinite(v) ? v : 0)) as unknown as Box;
  const clamp = (v: number, max: number): number => Math.min(Math.max(v, 0), max);
  const x0 = clamp(Math.floor(Math.min(a, c)), page.width);
  const y0 = clamp(Math.floor(Math.min(b, d)), page.height);
  const x1 = clamp(Math.ceil(Math.max(a, c)), page.width);
  const y1 = clamp(Math.ceil(Math.max(b, d)), page.height);
  return [x0, y0, x1, y1];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export type HeadingLevel = 1 | 2;

/** A block whose text is this much taller than the page's median line reads as a heading. */
export const HEADING_RATIO = 1.4;
/** ... and this much taller as a top-level heading. */
export const TOP_HEADING_RATIO = 2;
/** Headings are short: a tall block of more lines is body text set large (a poster, a cover). */
const MAX_HEADING_LINES = 3;

/**
 * Heading level per block of the page (undefined: body text). The one rule the Markdown and DOCX exports share:
 * a block of at most three lines whose median line height is >= 1.4x the page's median line height is a heading,
 * level 1 from 2x. A page of one size of text has no headings.
 */
export function blockHeadingLevels(page: PageResult): (HeadingLevel | undefined)[] {
  const textLines = (lines: readonly Line[]): Line[] => lines.filter((l) => lineWords(l).length > 0);
  const all = page.blocks.flatMap((b) => textLines(b.lines).map(lineHeight));
  const pageMedian = all.length > 0 ? median(all) : 0;
  return page.blocks.map((b) => {
    const lines = textLines(b.lines);
    if (pageMedian <= 0 || lines.length === 0 || lines.length > MAX_HEADING_LINES) return undefined;
    const ratio = median(lines.map(lineHeight)) / pageMedian;
    if (ratio >= TOP_HEADING_RATIO) return 1;
    if (ratio >= HEADING_RATIO) return 2;
    return undefined;
  });
}

// Scripts written without spaces between words: lines of them join with nothing in between.
const UNSPACED =
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Thai}\\u3000-\\u303f\\uff00-\\uffef]';
const ENDS_UNSPACED = new RegExp(`${UNSPACED}$`, 'u');
const STARTS_UNSPACED = new RegExp(`^${UNSPACED}`, 'u');

/** The lines of one block as one paragraph: joined by spaces, except between two unspaced-script lines. */
export function joinLines(texts: readonly string[]): string {
  let out = '';
  for (const raw of texts) {
    const t = raw.trim();
    if (t === '') continue;
    if (out === '') out = t;
    else out += (ENDS_UNSPACED.test(out) && STARTS_UNSPACED.test(t) ? '' : ' ') + t;
  }
  return out;
}

/** The text of each line of a block that has any. */
export function blockLineTexts(lines: readonly Line[]): string[] {
  return lines
    .map(
      (l) =>
        l.text.trim() ||
        lineWords(l)
          .map((w) => w.text.trim())
          .join(' '),
    )
    .filter(Boolean);
}
