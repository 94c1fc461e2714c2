// Rows: segments that share a visual line of the page. A text detector may cut one row into several
// segments ("ITEM" ... "12.00"), and on a slightly skewed page those segments sit at slightly different y.
import { centreY, heightOf, lowerMedian, normaliseBox, yOverlapRatio, type Box } from './geometry.ts';
import type { LayoutLine } from './types.ts';

/** Two segments share a row when they overlap vertically by at least half of the smaller height. */
export const ROW_OVERLAP = 0.5;
/**
 * A segment this many times taller than the median of its set (a rotated stamp, a mis-detected figure) is a
 * row of its own: otherwise every line beside it would join its row and chain several rows into one.
 */
const TALL_FACTOR = 2.5;
/** How far back (in tallest ordinary heights) a segment looks for a row to join; bounds the work per segment. */
const LOOK_BACK = 3;
/** Members of a row a segment is compared with. */
const RECENT_MEMBERS = 16;

export function sameRow(a: Box, b: Box): boolean {
  return yOverlapRatio(a, b) >= ROW_OVERLAP;
}

/**
 * Rows of `indices`, top to bottom, each left to right. Segments are taken by vertical centre; each joins the
 * earlier row holding a segment it overlaps most (at least ROW_OVERLAP). Comparing with single members, not
 * with the row's growing union, lets a skewed row chain left to right without swallowing the row below.
 */
export function rowsOfBoxes(boxes: readonly Box[], indices: readonly number[]): number[][] {
  const medianHeight = lowerMedian(indices.map((i) => heightOf(boxes[i]!))) ?? 0;
  const isTall = (i: number): boolean => medianHeight > 0 && heightOf(boxes[i]!) > TALL_FACTOR * medianHeight;
  let maxHeight = 0;
  for (const i of indices) if (!isTall(i)) maxHeight = Math.max(maxHeight, heightOf(boxes[i]!));

  const sorted = [...indices].sort(
    (a, b) => centreY(boxes[a]!) - centreY(boxes[b]!) || boxes[a]![0] - boxes[b]![0] || a - b,
  );
  const rows: Array<{ members: number[]; seedY: number; alone: boolean }> = [];
  for (const i of sorted) {
    const box = boxes[i]!;
    const cy = centreY(box);
    let best: (typeof rows)[number] | undefined;
    let bestScore = ROW_OVERLAP - 1e-9;
    if (!isTall(i)) {
      for (let k = rows.length - 1; k >= 0; k--) {
        const row = rows[k]!;
        if (row.seedY < cy - LOOK_BACK * maxHeight) break;
        if (row.alone) continue;
        // The latest members only: on a skewed row they are the neighbours in x, and a row of thousands of
        // cells stays linear.
        for (let j = Math.max(0, row.members.length - RECENT_MEMBERS); j < row.members.length; j++) {
          const score = yOverlapRatio(box, boxes[row.members[j]!]!);
          // Strictly better only: on a tie the nearer (later) row wins.
          if (score > bestScore) {
            best = row;
            bestScore = score;
          }
        }
      }
    }
    if (best) best.members.push(i);
    else rows.push({ members: [i], seedY: cy, alone: isTall(i) });
  }
  // Rows by their top edge: a big heading reads before the small lines standing beside it, which are rows
  // of their own; among ordinary rows this is the order in which they were opened.
  const top = (r: (typeof rows)[number]): number => Math.min(...r.members.map((i) => boxes[i]![1]));
  const keyed = rows.map((r, k) => ({ r, k, top: top(r) }));
  keyed.sort((a, b) => a.top - b.top || a.k - b.k);
  return keyed.map(({ r }) =>
    r.members.sort((a, b) => boxes[a]![0] - boxes[b]![0] || boxes[a]![2] - boxes[b]![2] || a - b),
  );
}

/** Rows of the given lines (indices into `lines`), top to bottom, each row's segments left to right. */
export function rowsOf(lines: readonly LayoutLine[], indices: readonly number[]): number[][] {
  return rowsOfBoxes(
    lines.map((l) => normaliseBox(l.box)),
    indices,
  );
}
