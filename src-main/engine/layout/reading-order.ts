// Reading order: segments → regions (recursive XY-cut between real text columns) → rows → blocks. Every
// threshold is a multiple of the median line height, so pages at 100 or 600 dpi behave the same.
import { heightOf, lowerMedian, normaliseBox, widthOf, type Box } from './geometry.ts';
import { paragraphs, rowGaps } from './paragraphs.ts';
import { readingRegions } from './regions.ts';
import { rowsOfBoxes, sameRow } from './rows.ts';
import type { LayoutLine, LayoutResult } from './types.ts';

export { rowsOf } from './rows.ts';

/**
 * A segment at least this many line heights tall and taller than wide is vertical text (a rotated stamp, a
 * journal's margin note): it is kept out of the flow and read last, one block each.
 */
const VERTICAL_HEIGHT = 2;
const VERTICAL_ASPECT = 1.2;
/** Sections are set apart by at least this many line heights more than the usual gap between rows. */
const SECTION_GAP_OVER_SPACING = 0.8;
const MIN_SECTION_GAP = 1.2;

export function orderLines(lines: readonly LayoutLine[]): LayoutResult {
  if (lines.length === 0) return { blocks: [] };
  const boxes = lines.map((l) => normaliseBox(l.box));
  const all = boxes.map((_, i) => i);

  const roughHeight = lowerMedian(all.map((i) => heightOf(boxes[i]!)))!;
  const isVertical = (i: number): boolean =>
    heightOf(boxes[i]!) >= VERTICAL_HEIGHT * roughHeight &&
    heightOf(boxes[i]!) >= VERTICAL_ASPECT * widthOf(boxes[i]!) &&
    roughHeight > 0;
  const flow = all.filter((i) => !isVertical(i));
  const aside = all
    .filter(isVertical)
    .sort((a, b) => boxes[a]![0] - boxes[b]![0] || boxes[a]![1] - boxes[b]![1]);

  const lineHeight = lowerMedian(flow.map((i) => heightOf(boxes[i]!))) ?? roughHeight;
  const lh = lineHeight > 0 ? lineHeight : 1;
  // Usual whitespace between rows of the whole page, from its y-profile.
  const profileGap = lowerMedian(yProfileGaps(boxes, flow)) ?? 0;
  const sectionGap = Math.max(MIN_SECTION_GAP * lh, profileGap + SECTION_GAP_OVER_SPACING * lh);

  const regionRows = readingRegions(boxes, flow, { lineHeight: lh, sectionGap }).map((r) =>
    rowsOfBoxes(boxes, r),
  );
  const pageSpacing = lowerMedian(regionRows.flatMap((rows) => rowGaps(boxes, rows))) ?? 0;
  const blocks = regionRows.flatMap((rows) => paragraphs(boxes, rows, pageSpacing));
  for (const i of aside) blocks.push([i]);
  return { blocks: blocks.map((lineIndices) => ({ lineIndices })) };
}

/** Gaps between the merged vertical extents of the boxes. */
function yProfileGaps(boxes: readonly Box[], indices: readonly number[]): number[] {
  const sorted = [...indices].sort((a, b) => boxes[a]![1] - boxes[b]![1]);
  const gaps: number[] = [];
  let bottom = -Infinity;
  for (const i of sorted) {
    const b = boxes[i]!;
    if (b[1] > bottom && bottom > -Infinity) gaps.push(b[1] - bottom);
    bottom = Math.max(bottom, b[3]);
  }
  return gaps;
}

/**
 * Text of the page: segments of one row joined by a space, rows by '\n', blocks by '\n\n'. Rows are read off
 * the layout's order: a segment continues the row when it shares the previous segment's row and lies to its
 * right.
 */
export function pageText(lines: readonly LayoutLine[], layout: LayoutResult): string {
  const boxes = lines.map((l) => normaliseBox(l.box));
  return layout.blocks
    .map((block) => {
      let text = '';
      block.lineIndices.forEach((i, k) => {
        const prev = k > 0 ? block.lineIndices[k - 1] : undefined;
        if (prev !== undefined)
          text += sameRow(boxes[prev]!, boxes[i]!) && boxes[i]![0] >= boxes[prev]![0] ? ' ' : '\n';
        text += lines[i]!.text;
      });
      return text;
    })
    .join('\n\n');
}
