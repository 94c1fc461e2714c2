// Text printed sideways on an upright page (the 8-digit archive numbers down the margin of every FUNSD form,
// labels on a spine, rotated table headers) comes out of the detector as a column of one box per glyph: DB was
// trained on horizontal lines and sees the gaps between rotated glyphs as the ends of words. Each box alone is
// read as a sideways glyph ("8", "了", "C", "L" for 83573282). Such columns are found here so that the engine
// can read each one as a single vertical line and keep that reading where the recogniser prefers it.
import type { Box, Quad } from '../../../src-shared/ocr-result.ts';
import { boxQuad, quadToBox, unionBox } from './geometry.ts';

/** Fewest pieces that make a column (two stacked boxes are as often two short rows). */
const MIN_GLYPHS = 3;
/** A box of one sideways glyph is no taller than this many times its width (taller ones hold several)... */
const MAX_GLYPH_ASPECT = 1.5;
/** ...and a piece of a column no wider than this many times its height (wider ones are words). */
const MAX_GLYPH_WIDTH = 2.5;
/** Neighbours in a column overlap across by this share of the narrower box... */
const MIN_ACROSS_OVERLAP = 0.7;
/** ...differ in width by at most this factor... */
const MAX_WIDTH_RATIO = 1.5;
/** ...and leave a vertical gap of at most this share of their mean width (a glyph's height, turned). */
const MAX_GAP = 0.6;
/** The column's union is at least this many times taller than wide. */
const MIN_COLUMN_ASPECT = 2;
/**
 * Its median glyph box is wider than tall: a glyph turned on its side is (digits and most letters are taller
 * than wide), while upright digits stacked in a receipt's quantity column are not. Measured: sideways digits
 * 1.05-1.14 (DejaVu Sans Mono, letter-spaced) and 1.2-1.4 (FUNSD's archive numbers); SROIE's stacked upright
 * digits 0.81-0.92.
 */
const MIN_SIDEWAYS_ASPECT = 1;

/**
 * Indices of `quads` (page pixels, upright page) forming columns of sideways glyphs, each top to bottom.
 * A column's union box must meet no other box: glyph-sized boxes stacked inside a table are rows.
 */
export function stackedGlyphColumns(quads: readonly Quad[]): number[][] {
  const boxes = quads.map((q) => quadToBox(q));
  // Pieces: glyph boxes, and boxes already taller than wide where the detector kept a few glyphs together.
  const piece = boxes.map((b) => {
    const w = b[2] - b[0];
    const h = b[3] - b[1];
    return w > 0 && h > 0 && w <= MAX_GLYPH_WIDTH * h;
  });
  const glyph = (i: number): boolean =>
    boxes[i]![3] - boxes[i]![1] <= MAX_GLYPH_ASPECT * (boxes[i]![2] - boxes[i]![0]);
  const order = boxes
    .map((_, i) => i)
    .filter((i) => piece[i])
    .sort((a, b) => boxes[a]![1] - boxes[b]![1] || a - b);
  const taken = new Set<number>();
  const columns: number[][] = [];
  for (const start of order) {
    if (taken.has(start)) continue;
    const column = [start];
    for (let last = start; ;) {
      const next = order.find(
        (j) => !taken.has(j) && !column.includes(j) && follows(boxes[last]!, boxes[j]!),
      );
      if (next === undefined) break;
      column.push(next);
      last = next;
    }
    if (column.length < MIN_GLYPHS) continue;
    const union = unionBox(column.map((i) => boxes[i]!));
    if (union[3] - union[1] < MIN_COLUMN_ASPECT * (union[2] - union[0])) continue;
    // Judged on its glyph boxes; a column of tall pieces only is vertical text the engine reads already.
    const glyphs = column.filter(glyph);
    if (glyphs.length === 0) continue;
    const aspects = glyphs.map((i) => (boxes[i]![2] - boxes[i]![0]) / (boxes[i]![3] - boxes[i]![1]));
    if (median(aspects) < MIN_SIDEWAYS_ASPECT) continue;
    const alone = boxes.every((b, i) => column.includes(i) || !intersects(b, union));
    if (!alone) continue;
    column.forEach((i) => taken.add(i));
    columns.push(column);
  }
  return columns;
}

/** The column's union as a quad, corners clockwise from the top left (reads as vertical text). */
export function columnQuad(quads: readonly Quad[], column: readonly number[]): Quad {
  return boxQuad(unionBox(column.map((i) => quadToBox(quads[i]!))));
}

/** `b` is the next glyph below `a` in the same column. */
function follows(a: Box, b: Box): boolean {
  const wa = a[2] - a[0];
  const wb = b[2] - b[0];
  const across = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  if (across < MIN_ACROSS_OVERLAP * Math.min(wa, wb)) return false;
  if (Math.max(wa, wb) > MAX_WIDTH_RATIO * Math.min(wa, wb)) return false;
  const gap = b[1] - a[3];
  // Unclipped neighbours overlap a little; one box starting above the other's middle is not below it.
  return b[1] > (a[1] + a[3]) / 2 && gap <= (MAX_GAP * (wa + wb)) / 2;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function intersects(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}
