// Regions in reading order by a recursive XY-cut that only cuts vertically between real text columns.
// A vertical cut needs a gutter: an x-interval that no segment of a run of rows crosses. Spanning lines (a
// title, a footer, a wide caption) may cross it above or below that run; they are cut off first. The gutter
// counts only when both sides hold several long text lines and the rows do not simply pair up across it as
// short cells, so a receipt's label ... price gap or a form's label/value gap never splits its rows.
import { centreY, heightOf, lowerMedian, widthOf, type Box } from './geometry.ts';
import { rowsOfBoxes, sameRow } from './rows.ts';

export interface RegionOptions {
  /** Median line height of the page: every threshold below is a multiple of it. */
  readonly lineHeight: number;
  /** Horizontal gaps at least this tall separate sections (a header, a title, a table below the text). */
  readonly sectionGap: number;
}

/** Regions with fewer segments are left whole: too few for two columns. */
const MIN_REGION = 5;
/** Narrowest gutter, in line heights; word gaps inside a line are smaller and rarely line up over many rows. */
const MIN_GUTTER = 0.6;
/** A gutter candidate may be crossed by at most this share of the busiest x-position's segments. */
const MAX_CROSSING_SHARE = 0.4;
/** A text line is at least this many of its own heights long (about twenty characters). */
const LONG_LINE = 8;
/**
 * Each column needs at least this many long lines (a column may end after two), both together at least
 * MIN_LONG_TOTAL, and each at least this share of its rows long.
 */
const MIN_LONG_LINES = 2;
const MIN_LONG_TOTAL = 5;
const MIN_LONG_SHARE = 0.5;
/** A gutter is narrow next to its columns (a paper's is a tenth of them); a form's gap is wide. */
const MAX_GUTTER_TO_COLUMN = 0.3;
/** Sides that pair up row by row this often are table columns unless their cells are clearly paragraph text. */
const TABLE_PAIRING = 0.8;
const PARAGRAPH_LINE = 12;
/** Segments of one row closer than this many heights are one piece of text (word gaps). */
const WORD_GAP = 1;
/** Top or bottom bands of at most this many rows, set apart by a section gap, are peeled off first. */
const PEEL_ROWS = 2;
/** Gutter candidates tried per region, and runs of rows tried per candidate. */
const MAX_CANDIDATES = 8;
const MAX_SLOTS = 4;

export function readingRegions(
  boxes: readonly Box[],
  indices: readonly number[],
  opts: RegionOptions,
): number[][] {
  return cut(boxes, [...indices], opts);
}

function cut(boxes: readonly Box[], s: number[], opts: RegionOptions): number[][] {
  if (s.length < MIN_REGION) return [s];
  const recurse = (parts: number[][]): number[][] =>
    parts.filter((p) => p.length > 0).flatMap((p) => cut(boxes, p, opts));

  const bands = horizontalBands(boxes, s, opts.sectionGap);
  if (bands.length > 1) {
    // A page header, a title or a footer standing apart reads before (after) everything beside it.
    let first = 0;
    let last = bands.length;
    while (first < last && rowsOfBoxes(boxes, bands[first]!).length <= PEEL_ROWS) first++;
    while (last > first && rowsOfBoxes(boxes, bands[last - 1]!).length <= PEEL_ROWS) last--;
    if (first > 0 || last < bands.length)
      return recurse([...bands.slice(0, first), bands.slice(first, last).flat(), ...bands.slice(last)]);
  }

  const split = verticalSplit(boxes, s, opts.lineHeight);
  if (split) return recurse([split.top, split.left, split.right, split.bottom]);

  // No gutter through any run of rows here; sections apart by clear gaps may still hold columns each.
  if (bands.length > 1) {
    const parts = bands.map((b) => cut(boxes, b, opts));
    if (parts.some((p) => p.length > 1)) return parts.flat();
  }
  return [s];
}

/** Segments grouped into bands separated by vertical whitespace of at least `gap`, top to bottom. */
function horizontalBands(boxes: readonly Box[], s: readonly number[], gap: number): number[][] {
  const sorted = [...s].sort((a, b) => boxes[a]![1] - boxes[b]![1] || a - b);
  const bands: number[][] = [];
  let bottom = -Infinity;
  for (const i of sorted) {
    const b = boxes[i]!;
    if (bands.length === 0 || b[1] - bottom >= gap) bands.push([]);
    bands[bands.length - 1]!.push(i);
    bottom = Math.max(bottom, b[3]);
  }
  return bands;
}

interface Split {
  top: number[];
  left: number[];
  right: number[];
  bottom: number[];
}

function verticalSplit(boxes: readonly Box[], s: readonly number[], lh: number): Split | undefined {
  for (const g of gutterCandidates(boxes, s, lh).slice(0, MAX_CANDIDATES)) {
    const split = splitAt(boxes, s, g, lh);
    if (split) return split;
  }
  return undefined;
}

interface Gutter {
  x0: number;
  x1: number;
  crossings: number;
}

/**
 * Candidate gutters from the x-profile (how many segments cover each x): stretches covered by few segments,
 * narrowed to where the fewest cross, fewest crossings first, then widest.
 */
function gutterCandidates(boxes: readonly Box[], s: readonly number[], lh: number): Gutter[] {
  const events: Array<[number, number]> = [];
  for (const i of s) events.push([boxes[i]![0], 1], [boxes[i]![2], -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const pieces: Gutter[] = [];
  let count = 0;
  for (let k = 0; k < events.length;) {
    const x = events[k]![0];
    while (k < events.length && events[k]![0] === x) count += events[k++]![1];
    if (k < events.length) pieces.push({ x0: x, x1: events[k]![0], crossings: count });
  }
  const limit = Math.floor(MAX_CROSSING_SHARE * Math.max(0, ...pieces.map((p) => p.crossings)));
  const out: Gutter[] = [];
  for (let a = 0; a < pieces.length;) {
    if (pieces[a]!.crossings > limit) {
      a++;
      continue;
    }
    let b = a;
    while (b < pieces.length && pieces[b]!.crossings <= limit) b++;
    const run = pieces.slice(a, b);
    const fewest = Math.min(...run.map((p) => p.crossings));
    for (let c = 0; c < run.length;) {
      if (run[c]!.crossings !== fewest) {
        c++;
        continue;
      }
      let d = c;
      while (d < run.length && run[d]!.crossings === fewest) d++;
      const g = { x0: run[c]!.x0, x1: run[d - 1]!.x1, crossings: fewest };
      if (g.x1 - g.x0 >= MIN_GUTTER * lh) out.push(g);
      c = d;
    }
    a = b;
  }
  return out.sort((p, q) => p.crossings - q.crossings || q.x1 - q.x0 - (p.x1 - p.x0));
}

/**
 * Cut at gutter `g`: the segments crossing it split the y-axis into slots; the best slot whose two sides are
 * text columns becomes left and right, everything above it top and everything below it bottom.
 */
function splitAt(boxes: readonly Box[], s: readonly number[], g: Gutter, lh: number): Split | undefined {
  const crossing = (i: number): boolean => boxes[i]![0] < g.x1 && boxes[i]![2] > g.x0;
  const blocked = mergeIntervals(s.filter(crossing).map((i) => [boxes[i]![1], boxes[i]![3]] as const));
  const slots: Array<readonly [number, number]> = [];
  let from = -Infinity;
  for (const [y0, y1] of blocked) {
    slots.push([from, y0]);
    from = y1;
  }
  slots.push([from, Infinity]);

  const sides = slots.map(() => ({ left: [] as number[], right: [] as number[] }));
  for (const i of s) {
    if (crossing(i)) continue;
    const k = slotOf(slots, centreY(boxes[i]!));
    if (k === undefined) continue;
    (boxes[i]![2] <= g.x0 ? sides[k]!.left : sides[k]!.right).push(i);
  }
  const order = slots.map((_, k) => k).filter((k) => sides[k]!.left.length > 0 && sides[k]!.right.length > 0);
  order.sort(
    (a, b) =>
      Math.min(sides[b]!.left.length, sides[b]!.right.length) -
        Math.min(sides[a]!.left.length, sides[a]!.right.length) || a - b,
  );
  for (const k of order.slice(0, MAX_SLOTS)) {
    const { left, right } = sides[k]!;
    if (!textColumns(boxes, left, right, lh)) continue;
    const y0 = slots[k]![0];
    const inSlot = new Set([...left, ...right]);
    const rest = s.filter((i) => !inSlot.has(i));
    return {
      top: rest.filter((i) => centreY(boxes[i]!) <= y0),
      left,
      right,
      bottom: rest.filter((i) => centreY(boxes[i]!) > y0),
    };
  }
  return undefined;
}

function mergeIntervals(spans: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const lastSpan = out[out.length - 1];
    if (lastSpan && a <= lastSpan[1]) lastSpan[1] = Math.max(lastSpan[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The slot strictly containing y (slots are sorted and disjoint), by binary search. */
function slotOf(slots: ReadonlyArray<readonly [number, number]>, y: number): number | undefined {
  let lo = 0;
  let hi = slots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (slots[mid]![0] < y) lo = mid;
    else hi = mid - 1;
  }
  const [a, b] = slots[lo]!;
  return a < y && y < b ? lo : undefined;
}

/** One side's row as seen from the gutter: the piece of text next to it, and the row's usual height. */
interface SideRow {
  box: Box;
  height: number;
}

/**
 * Each row of a side reduced to its piece next to the gutter: segments closer than a word gap are one piece
 * (a detector may cut a text line into words), wider gaps separate cells (a form's label from its value).
 */
function sideRows(boxes: readonly Box[], side: readonly number[], gutterOn: 'left' | 'right'): SideRow[] {
  return rowsOfBoxes(boxes, side).map((row) => {
    const height = lowerMedian(row.map((i) => heightOf(boxes[i]!)))!;
    const bs = row.map((i) => boxes[i]!);
    if (gutterOn === 'right') bs.reverse();
    const piece: Box = [...bs[0]!];
    for (const b of bs.slice(1)) {
      const gap = gutterOn === 'right' ? piece[0] - b[2] : b[0] - piece[2];
      if (gap >= WORD_GAP * Math.max(height, 1e-6)) break;
      piece[0] = Math.min(piece[0], b[0]);
      piece[1] = Math.min(piece[1], b[1]);
      piece[2] = Math.max(piece[2], b[2]);
      piece[3] = Math.max(piece[3], b[3]);
    }
    return { box: piece, height };
  });
}

/**
 * Both sides are columns of running text, not the cells of a table, form or receipt: judged by the text right
 * beside the gutter, so a side that holds further columns still counts, while a form's labels or a receipt's
 * prices (short pieces) do not.
 */
function textColumns(
  boxes: readonly Box[],
  left: readonly number[],
  right: readonly number[],
  lh: number,
): boolean {
  const sides = [sideRows(boxes, left, 'right'), sideRows(boxes, right, 'left')] as const;
  const isLong = (r: SideRow): boolean => widthOf(r.box) >= LONG_LINE * Math.max(r.height, lh / 2);
  let total = 0;
  for (const rows of sides) {
    const long = rows.filter(isLong).length;
    if (long < Math.max(MIN_LONG_LINES, MIN_LONG_SHARE * rows.length)) return false;
    total += long;
  }
  if (total < MIN_LONG_TOTAL) return false;
  const gutter = Math.min(...right.map((i) => boxes[i]![0])) - Math.max(...left.map((i) => boxes[i]![2]));
  const typicalWidth = (rows: readonly SideRow[]): number => lowerMedian(rows.map((r) => widthOf(r.box)))!;
  const narrower = Math.min(typicalWidth(sides[0]), typicalWidth(sides[1]));
  if (gutter > MAX_GUTTER_TO_COLUMN * narrower) return false;
  // Rows pairing up across the gap are a table's, unless both sides are as long as paragraph lines.
  const typicalHeight = lowerMedian([...sides[0], ...sides[1]].map((r) => r.height))!;
  const paired =
    pairedShare(sides[0], sides[1]) >= TABLE_PAIRING && pairedShare(sides[1], sides[0]) >= TABLE_PAIRING;
  return !paired || narrower >= PARAGRAPH_LINE * Math.max(typicalHeight, lh / 2);
}

/** Share of rows of `a` that share a row with some row of `b`. */
function pairedShare(a: readonly SideRow[], b: readonly SideRow[]): number {
  const sorted = [...b].sort((p, q) => centreY(p.box) - centreY(q.box));
  const ys = sorted.map((r) => centreY(r.box));
  const reach = Math.max(0, ...b.map((r) => heightOf(r.box)));
  let hits = 0;
  for (const { box } of a) {
    const span = (heightOf(box) + reach) / 2;
    for (
      let k = lowerBound(ys, centreY(box) - span);
      k < sorted.length && ys[k]! <= centreY(box) + span;
      k++
    ) {
      if (sameRow(box, sorted[k]!.box)) {
        hits++;
        break;
      }
    }
  }
  return a.length === 0 ? 0 : hits / a.length;
}

function lowerBound(sorted: readonly number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
