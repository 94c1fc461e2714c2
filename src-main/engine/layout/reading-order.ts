// Reading order: lines → rows → columns → blocks. Thresholds are relative to the median line height, so pages
// at any resolution behave the same.
import type { LayoutLine, LayoutResult } from './types.ts';

type Box = LayoutLine['box'];
const height = (b: Box): number => b[3] - b[1];
const width = (b: Box): number => b[2] - b[0];

export function orderLines(lines: readonly LayoutLine[]): LayoutResult {
  if (lines.length === 0) return { blocks: [] };
  const hs = lines.map((l) => height(l.box)).sort((a, b) => a - b);
  const lineHeight = Math.max(1, hs[hs.length >> 1]!);
  const blocks: number[][] = [];
  for (const column of splitColumns(
    lines.map((_, i) => i),
    lines,
    lineHeight,
  )) {
    blocks.push(...paragraphs(rowsOf(lines, column), lines, lineHeight));
  }
  return { blocks: blocks.map((b) => ({ lineIndices: b })) };
}

/**
 * Rows: lines sorted by centre, each joining the row it overlaps by at least half of the smaller height;
 * segments of a row left to right.
 */
export function rowsOf(lines: readonly LayoutLine[], indices: readonly number[]): number[][] {
  const sorted = [...indices].sort((a, b) => centreY(lines[a]!.box) - centreY(lines[b]!.box));
  const rows: Array<{ members: number[]; y0: number; y1: number }> = [];
  for (const i of sorted) {
    const b = lines[i]!.box;
    let best: (typeof rows)[number] | undefined;
    let bestOverlap = 0;
    for (const row of rows.slice(-4)) {
      const overlap =
        (Math.min(b[3], row.y1) - Math.max(b[1], row.y0)) /
        Math.max(1e-6, Math.min(height(b), row.y1 - row.y0));
      if (overlap > bestOverlap) {
        best = row;
        bestOverlap = overlap;
      }
    }
    if (best && bestOverlap >= 0.5) {
      best.members.push(i);
      best.y0 = Math.min(best.y0, b[1]);
      best.y1 = Math.max(best.y1, b[3]);
    } else rows.push({ members: [i], y0: b[1], y1: b[3] });
  }
  rows.sort((a, b) => (a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
  return rows.map((r) => r.members.sort((a, b) => lines[a]!.box[0] - lines[b]!.box[0]));
}

function centreY(b: Box): number {
  return (b[1] + b[3]) / 2;
}

/**
 * Recursive cut into columns. A vertical gutter splits a region only when both sides hold several long lines
 * (text columns); a receipt's label/price gap or a form's label/value gap has short cells and stays one region.
 * Full-width lines above or below the columns (titles, footers) are cut off first by horizontal gaps.
 */
function splitColumns(indices: number[], lines: readonly LayoutLine[], lh: number): number[][] {
  if (indices.length < 6) return [indices];
  const gutter = findGutter(indices, lines, lh);
  if (gutter !== undefined) {
    const left = indices.filter((i) => lines[i]!.box[2] <= gutter);
    const right = indices.filter((i) => lines[i]!.box[0] >= gutter);
    return [...splitColumns(left, lines, lh), ...splitColumns(right, lines, lh)];
  }
  // No gutter through the whole region: try cutting off bands at clear horizontal gaps and look again.
  const bands = horizontalBands(indices, lines, lh);
  if (bands.length > 1) {
    const parts = bands.map((b) => splitColumns(b, lines, lh));
    if (parts.some((p) => p.length > 1)) return parts.flat();
  }
  return [indices];
}

function findGutter(indices: number[], lines: readonly LayoutLine[], lh: number): number | undefined {
  const spans = indices.map((i) => [lines[i]!.box[0], lines[i]!.box[2]] as const).sort((a, b) => a[0] - b[0]);
  let reach = spans[0]![1];
  let best: { at: number; size: number } | undefined;
  for (const [x0, x1] of spans.slice(1)) {
    if (x0 - reach >= lh && (!best || x0 - reach > best.size))
      best = { at: (x0 + reach) / 2, size: x0 - reach };
    reach = Math.max(reach, x1);
  }
  if (!best) return undefined;
  const long = (i: number): boolean => width(lines[i]!.box) >= 8 * lh;
  const leftLong = indices.filter((i) => lines[i]!.box[2] <= best.at && long(i)).length;
  const rightLong = indices.filter((i) => lines[i]!.box[0] >= best.at && long(i)).length;
  return leftLong >= 3 && rightLong >= 3 ? best.at : undefined;
}

function horizontalBands(indices: number[], lines: readonly LayoutLine[], lh: number): number[][] {
  const sorted = [...indices].sort((a, b) => lines[a]!.box[1] - lines[b]!.box[1]);
  const bands: number[][] = [[sorted[0]!]];
  let bottom = lines[sorted[0]!]!.box[3];
  for (const i of sorted.slice(1)) {
    const b = lines[i]!.box;
    if (b[1] - bottom >= 0.8 * lh) bands.push([i]);
    else bands[bands.length - 1]!.push(i);
    bottom = Math.max(bottom, b[3]);
  }
  return bands;
}

/** Paragraph breaks where the gap between rows is clearly larger than ordinary line spacing. */
function paragraphs(rows: number[][], lines: readonly LayoutLine[], lh: number): number[][] {
  const out: number[][] = [];
  let prevBottom = -Infinity;
  for (const row of rows) {
    const top = Math.min(...row.map((i) => lines[i]!.box[1]));
    if (out.length === 0 || top - prevBottom > 1.0 * lh) out.push([]);
    out[out.length - 1]!.push(...row);
    prevBottom = Math.max(...row.map((i) => lines[i]!.box[3]));
  }
  return out;
}

/** Text of the page: segments of one row joined by a space, rows by newlines, blocks by blank lines. */
export function pageText(lines: readonly LayoutLine[], layout: LayoutResult): string {
  return layout.blocks
    .map((b) =>
      rowsOf(lines, b.lineIndices)
        .map((row) => row.map((i) => lines[i]!.text).join(' '))
        .join('\n'),
    )
    .join('\n\n');
}
