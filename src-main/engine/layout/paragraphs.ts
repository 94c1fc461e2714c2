// Blocks (paragraphs) inside one region: consecutive rows stay together unless the gap between them is clearly
// wider than the region's line spacing, the text size jumps, a first line is indented, or the rows stop
// sharing any alignment. All measures are multiples of the rows' own heights.
import { heightOf, lowerMedian, type Box } from './geometry.ts';

/** Extra gap over the usual line spacing, in line heights, that starts a paragraph. */
const PARAGRAPH_GAP = 0.5;
/** Rows whose text heights differ by this factor (a heading and its body) are different blocks. */
const SIZE_JUMP = 1.8;
/** Edges within this many line heights count as aligned. */
const ALIGN_TOLERANCE = 1;
/** A first-line indent is this many line heights deep (box edges jitter by a few tenths). */
const MIN_INDENT = 0.6;
const MAX_INDENT = 6;
/** Rows needed before a region's own line spacing is trusted over the page's. */
const MIN_ROWS_FOR_SPACING = 4;

interface RowShape {
  top: number;
  bottom: number;
  left: number;
  right: number;
  height: number;
}

function shapeOf(boxes: readonly Box[], row: readonly number[]): RowShape {
  const bs = row.map((i) => boxes[i]!);
  return {
    top: Math.min(...bs.map((b) => b[1])),
    bottom: Math.max(...bs.map((b) => b[3])),
    left: Math.min(...bs.map((b) => b[0])),
    right: Math.max(...bs.map((b) => b[2])),
    height: lowerMedian(bs.map(heightOf))!,
  };
}

/** Gaps between consecutive rows (negative when they overlap). */
export function rowGaps(boxes: readonly Box[], rows: readonly (readonly number[])[]): number[] {
  const shapes = rows.map((r) => shapeOf(boxes, r));
  return shapes.slice(1).map((s, k) => s.top - shapes[k]!.bottom);
}

/**
 * Split a region's rows (top to bottom) into blocks. `pageSpacing` is the page's usual gap between rows, used
 * when the region has too few rows to tell its own.
 */
export function paragraphs(
  boxes: readonly Box[],
  rows: readonly (readonly number[])[],
  pageSpacing: number,
): number[][] {
  if (rows.length === 0) return [];
  const shapes = rows.map((r) => shapeOf(boxes, r));
  const gaps = shapes.slice(1).map((s, k) => s.top - shapes[k]!.bottom);
  const spacing = Math.max(0, rows.length >= MIN_ROWS_FOR_SPACING ? lowerMedian(gaps)! : pageSpacing);

  const blocks: number[][] = [[...rows[0]!]];
  for (let k = 1; k < rows.length; k++) {
    const p = shapes[k - 1]!;
    const q = shapes[k]!;
    const h = Math.max(Math.min(p.height, q.height), 1e-6);
    const breaks =
      gaps[k - 1]! > spacing + PARAGRAPH_GAP * h ||
      Math.max(p.height, q.height) >= SIZE_JUMP * h ||
      firstLineIndent(p, q, shapes[k + 1], h) ||
      alignmentLost(p, q, h);
    if (breaks) blocks.push([]);
    blocks[blocks.length - 1]!.push(...rows[k]!);
  }
  return blocks;
}

/**
 * q starts indented after a row that ended short, and the row after q returns to the left: the first line of
 * a new paragraph. A hanging indent (a list item's second line) follows a full row, so it does not break.
 */
function firstLineIndent(p: RowShape, q: RowShape, r: RowShape | undefined, h: number): boolean {
  const indent = q.left - p.left;
  const tol = MIN_INDENT * h;
  return (
    indent > tol &&
    indent <= MAX_INDENT * h &&
    q.right >= p.right + ALIGN_TOLERANCE * h &&
    (r === undefined || r.left < q.left - tol)
  );
}

/** Neither left, right nor centre aligned, and side by side rather than one under the other. */
function alignmentLost(p: RowShape, q: RowShape, h: number): boolean {
  const tol = ALIGN_TOLERANCE * h;
  if (Math.abs(q.left - p.left) <= tol || Math.abs(q.right - p.right) <= tol) return false;
  if (Math.abs(q.left + q.right - p.left - p.right) / 2 <= tol) return false;
  const overlap = Math.min(p.right, q.right) - Math.max(p.left, q.left);
  return overlap < 0.5 * Math.min(p.right - p.left, q.right - q.left);
}
